"""The systemd unit: one template, hardened, network limited to the home, and accepted by
`systemd-analyze verify` once installed (`assistant service install --root`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.checkout import PROJECT

from assistant.cli import main
from assistant.service.unit import UNIT_NAME, UnitSettings, render_unit

REQUIRED = {
    "Type": "notify",
    "Restart": "on-failure",
    "User": "assistant",
    "SupplementaryGroups": "audio",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "ReadWritePaths": "/var/lib/assistant",
    "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
    "IPAddressDeny": "any",
}


def directives(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def install(root: Path, config: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["service", "install", "--config", str(config), "--root", str(root), *extra])
    return result.exit_code, result.output


def verify(unit: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    return subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, check=False)


def test_the_repository_unit_is_the_rendered_one() -> None:
    assert (PROJECT / "systemd" / UNIT_NAME).read_text(encoding="utf-8") == render_unit(UnitSettings())


@pytest.mark.parametrize(("key", "value"), REQUIRED.items())
def test_the_unit_sets(key: str, value: str) -> None:
    assert directives(render_unit(UnitSettings()))[key] == value


def test_the_unit_pings_a_watchdog() -> None:
    assert int(directives(render_unit(UnitSettings()))["WatchdogSec"]) > 0


def test_only_local_networks_are_allowed() -> None:
    allowed = directives(render_unit(UnitSettings()))["IPAddressAllow"].split()
    assert {"localhost", "link-local", "192.168.0.0/16", "10.0.0.0/8"} <= set(allowed)
    assert "any" not in allowed
    assert "0.0.0.0/0" not in allowed


def test_the_installed_unit_passes_systemd_analyze_verify(tmp_path: Path, example_config: Path) -> None:
    code, output = install(tmp_path, example_config)
    assert code == 0, output
    result = verify(tmp_path / "etc/systemd/system/assistant.service")
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_verify_would_catch_a_misspelt_directive(tmp_path: Path, example_config: Path) -> None:
    install(tmp_path, example_config)
    unit = tmp_path / "etc/systemd/system/assistant.service"
    unit.write_text(unit.read_text().replace("WatchdogSec=", "WatchdogSecs="))
    assert "Unknown key" in verify(unit).stderr


def test_install_copies_the_config(tmp_path: Path, example_config: Path) -> None:
    install(tmp_path, example_config)
    assert (tmp_path / "etc/assistant/devices.yaml").read_text() == example_config.read_text()


def test_install_keeps_an_existing_config(tmp_path: Path, example_config: Path) -> None:
    mine = tmp_path / "etc/assistant/devices.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("devices: []\n")
    code, output = install(tmp_path, example_config)
    assert code == 0
    assert "kept the existing" in output
    assert mine.read_text() == "devices: []\n"


def test_install_prints_the_remaining_steps(tmp_path: Path, example_config: Path) -> None:
    _, output = install(tmp_path, example_config)
    assert "useradd --system" in output
    assert "systemctl enable --now assistant.service" in output


def test_print_writes_nothing(tmp_path: Path, example_config: Path) -> None:
    code, output = install(tmp_path, example_config, "--print")
    assert code == 0
    assert "Type=notify" in output
    assert list(tmp_path.iterdir()) == []


def test_install_refuses_a_broken_config(tmp_path: Path) -> None:
    broken = tmp_path / "devices.yaml"
    broken.write_text("devices: [")
    code, output = install(tmp_path / "root", broken)
    assert code == 2
    assert "not valid YAML" in output
    assert not (tmp_path / "root").exists()


def test_install_warns_when_protecthome_would_hide_the_program(tmp_path: Path, example_config: Path) -> None:
    _, output = install(tmp_path, example_config, "--executable", "/home/me/.venv/bin/assistant")
    assert "ProtectHome=yes hides" in output


def test_install_does_not_warn_for_a_program_outside_home(tmp_path: Path, example_config: Path) -> None:
    _, output = install(tmp_path, example_config, "--executable", "/opt/assistant/bin/assistant")
    assert "warning" not in output
