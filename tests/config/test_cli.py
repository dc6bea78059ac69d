"""`assistant check` and `assistant devices` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=60)


def test_check_summarises_the_example_home(example_config: Path) -> None:
    result = run("check", "--config", str(example_config))
    assert result.returncode == 0, result.stderr
    assert "devices: 18" in result.stdout
    assert "areas: 5" in result.stdout


def test_check_refuses_a_broken_file_with_exit_2_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "devices.yaml"
    path.write_text("devices:\n  - id: a\n    name: A\n    type: ligth\n    mqtt: {topic: t}\n")
    result = run("check", "--config", str(path))
    assert result.returncode == 2
    assert "line 4: devices[0].type" in result.stderr
    assert "Traceback" not in result.stderr


def test_devices_lists_names_and_aliases(example_config: Path) -> None:
    result = run("devices", "--config", str(example_config))
    assert result.returncode == 0, result.stderr
    assert "living_room_lamp: light in Living Room; answers to: Living Room Lamp, reading lamp" in result.stdout
