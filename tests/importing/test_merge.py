"""`assistant import ... --merge devices.yaml` adds the new devices and never changes what the user
wrote (names, aliases, areas, confirm, comments)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from import_support import HERE, Z2M_HOME, Imported, load, retain, run_import

from assistant.config import load_home

USER_FILE = HERE / "merge_user_home.yaml"
BRIDGE = load(Z2M_HOME)


@pytest.fixture
def z2m_broker(mosquitto: Any) -> Any:
    retain(mosquitto, {"zigbee2mqtt/bridge/devices": BRIDGE["devices"], "zigbee2mqtt/bridge/groups": BRIDGE["groups"]})
    return mosquitto


@pytest.fixture
def merged(z2m_broker: Any, tmp_path: Path) -> Iterator[Imported]:
    output = tmp_path / "devices.yaml"
    yield Imported(output, run_import(z2m_broker, "zigbee2mqtt", "--merge", str(USER_FILE), "--output", str(output)))


def test_merged_file_passes_check(merged: Imported) -> None:
    assert merged.result.exit_code == 0, merged.result.output
    assert load_home(merged.output).devices


@pytest.mark.parametrize("device_id", ["kitchen_ceiling_light", "sofa_lamp", "front_door_lock"])
def test_users_device_is_unchanged(device_id: str, merged: Imported) -> None:
    before = next(d for d in load_home(USER_FILE).devices if d.id == device_id)
    after = next(d for d in load_home(merged.output).devices if d.id == device_id)
    assert after == before


def test_users_comments_survive(merged: Imported) -> None:
    comments = [line.strip() for line in USER_FILE.read_text(encoding="utf-8").splitlines() if "#" in line]
    text = merged.output.read_text(encoding="utf-8")
    assert [c for c in comments if c not in text] == []


def test_users_home_areas_and_broker_are_unchanged(merged: Imported) -> None:
    before, after = load_home(USER_FILE).data, load_home(merged.output).data
    assert (after.home, after.mqtt, after.areas[0]) == (before.home, before.mqtt, before.areas[0])


def test_device_already_there_under_another_id_is_not_added(merged: Imported) -> None:
    ids = {d.id for d in load_home(merged.output).devices}
    assert "living_room_lamp" not in ids


def test_new_devices_and_their_areas_are_added(merged: Imported) -> None:
    home = load_home(merged.output)
    new = {d.id: d.area for d in home.devices}
    assert (new.get("bedroom_blinds"), "Bedroom" in [a.name for a in home.data.areas]) == ("Bedroom", True)


def test_merging_again_adds_nothing(merged: Imported, z2m_broker: Any, tmp_path: Path) -> None:
    again = tmp_path / "again.yaml"
    result = run_import(z2m_broker, "zigbee2mqtt", "--merge", str(merged.output), "--output", str(again))
    assert result.exit_code == 0, result.output
    assert again.read_text(encoding="utf-8") == merged.output.read_text(encoding="utf-8")


def test_broken_file_to_merge_into_is_refused_and_nothing_written(z2m_broker: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("devices:\n  - id: lamp\n    name: Lamp\n    type: ligth\n    mqtt: {topic: x}\n", encoding="utf-8")
    output = tmp_path / "devices.yaml"
    result = run_import(z2m_broker, "zigbee2mqtt", "--merge", str(broken), "--output", str(output))
    assert (result.exit_code, output.exists()) == (2, False)


def test_imported_area_that_is_an_alias_becomes_the_users_area(merged: Imported) -> None:
    home = load_home(merged.output)
    coffee = next(d for d in home.devices if d.id == "kitchen_coffee_machine")
    assert (coffee.area, "Kitchen" in [a.name for a in home.data.areas]) == ("Cooking Area", False)


def test_skipped_devices_are_listed_above_the_new_ones(merged: Imported) -> None:
    text = merged.output.read_text(encoding="utf-8")
    assert text.index("#   Coordinator: the Zigbee coordinator") < text.index("- id: bedroom_bedside_lamp")
