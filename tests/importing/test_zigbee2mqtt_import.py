"""`assistant import zigbee2mqtt` from a retained bridge/devices of 30 devices: a devices.yaml that
passes check, with each device's type, features, ranges and area from its exposes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from import_support import HERE, Z2M_HOME, Imported, import_once, load, retain, run_import

from assistant.cli import main
from assistant.config import load_home

EXPECTED = load(HERE / "zigbee2mqtt_expected.yaml")
BRIDGE = load(Z2M_HOME)
FACTS = ("name", "area", "type", "device_class", "features", "min_temperature", "max_temperature")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    messages = {"zigbee2mqtt/bridge/devices": BRIDGE["devices"], "zigbee2mqtt/bridge/groups": BRIDGE["groups"]}
    yield from import_once(tmp_path_factory, "zigbee2mqtt", messages)


def test_import_writes_a_file_that_passes_check(imported: Imported) -> None:
    output, result = imported.output, imported.result
    assert result.exit_code == 0, result.output
    checked = CliRunner().invoke(main, ["check", "--config", str(output)])
    assert checked.exit_code == 0, checked.output


def test_every_mappable_device_is_imported(imported: Imported) -> None:
    home = load_home(imported.output)
    assert sorted(d.id for d in home.devices) == sorted(EXPECTED["devices"])


@pytest.mark.parametrize("device_id", sorted(EXPECTED["devices"]))
def test_device_has_its_type_features_ranges_and_area(device_id: str, imported: Imported) -> None:
    device = next(d for d in load_home(imported.output).devices if d.id == device_id)
    want = EXPECTED["devices"][device_id]
    got = {key: getattr(device, key) for key in FACTS}
    assert got == {key: want.get(key, [] if key == "features" else None) for key in FACTS}


@pytest.mark.parametrize("device_id", sorted(EXPECTED["devices"]))
def test_device_speaks_zigbee2mqtt_on_its_friendly_name(device_id: str, imported: Imported) -> None:
    device = next(d for d in load_home(imported.output).devices if d.id == device_id)
    want = EXPECTED["devices"][device_id]
    assert (device.mqtt.preset, device.mqtt.payloads) == ("zigbee2mqtt", want.get("payloads", {}))


@pytest.mark.parametrize("device_id", sorted(EXPECTED["devices"]))
def test_device_options_say_what_it_exposes(device_id: str, imported: Imported) -> None:
    device = next(d for d in load_home(imported.output).devices if d.id == device_id)
    assert device.mqtt.options.model_dump(exclude_unset=True) == EXPECTED["devices"][device_id].get("options", {})


def test_topic_is_the_base_and_friendly_name(imported: Imported) -> None:
    device = next(d for d in load_home(imported.output).devices if d.id == "kitchen_ceiling_light")
    assert device.mqtt.topic == "zigbee2mqtt/kitchen/ceiling light"


@pytest.mark.parametrize(("name", "reason"), sorted(EXPECTED["skipped"].items()))
def test_unmappable_device_is_listed_with_its_reason(name: str, reason: str, imported: Imported) -> None:
    output, result = imported.output, imported.result
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"not imported: {name}: ")]
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]
    assert f"#   {name}: " in output.read_text(encoding="utf-8")


def test_device_needs_are_comments_on_it(imported: Imported) -> None:
    text = imported.output.read_text(encoding="utf-8")
    assert "# zigbee2mqtt setpoint key: current_heating_setpoint\n" in text


def test_other_base_topic(mosquitto: Any, tmp_path: Path) -> None:
    retain(mosquitto, {"z2m/bridge/devices": BRIDGE["devices"][:3]})
    output = tmp_path / "devices.yaml"
    result = run_import(mosquitto, "zigbee2mqtt", "--base-topic", "z2m", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert [d.mqtt.topic for d in load_home(output).devices] == ["z2m/kitchen/ceiling light", "z2m/living_room/lamp"]


def test_no_bridge_is_one_line_and_writes_nothing(mosquitto: Any, tmp_path: Path) -> None:
    output = tmp_path / "devices.yaml"
    result = run_import(mosquitto, "zigbee2mqtt", "--output", str(output))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no retained zigbee2mqtt/bridge/devices (")
    assert not output.exists()


def test_unreachable_broker_is_one_line(mosquitto: Any, tmp_path: Path) -> None:
    mosquitto.stop()
    result = run_import(mosquitto, "zigbee2mqtt", "--output", str(tmp_path / "devices.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: Cannot reach the MQTT broker")
