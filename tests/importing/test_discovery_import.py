"""`assistant import homeassistant` and `assistant import tasmota` from retained discovery
messages (homeassistant_discovery.yaml, tasmota_discovery.yaml): a devices.yaml that passes check,
each device speaking its firmware's own payloads; what cannot be mapped listed with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from import_support import HERE, Imported, import_once, load

from assistant.config import DeviceConfig, load_home

SOURCES = {
    "homeassistant": load(HERE / "homeassistant_discovery.yaml"),
    "tasmota": load(HERE / "tasmota_discovery.yaml"),
}
FACTS = ("name", "area", "type", "device_class", "features")
MQTT_FACTS = ("preset", "topic", "command_topic", "state_topic", "payloads")
CASES = [(source, device_id) for source, data in SOURCES.items() for device_id in sorted(data["expected"])]
SKIPPED = [(source, name, words) for source, data in SOURCES.items() for name, words in sorted(data["skipped"].items())]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Imported]]:
    """Each source imported once, from its own broker."""
    runs = {source: import_once(tmp_path_factory, source, data["messages"]) for source, data in SOURCES.items()}
    yield {source: next(run) for source, run in runs.items()}
    for run in runs.values():
        next(run, None)  # stops its broker


def _facts(device: DeviceConfig) -> dict[str, Any]:
    facts = {key: getattr(device, key) for key in FACTS}
    facts.update({key: getattr(device.mqtt, key) for key in MQTT_FACTS})
    facts["options"] = device.mqtt.options.model_dump(exclude_unset=True)
    return facts


def _wanted(want: dict[str, Any], device: DeviceConfig) -> dict[str, Any]:
    defaults = {"features": [], "payloads": {}, "topic": device.mqtt.topic}  # topic: only where the case says
    return {key: want.get(key, defaults.get(key)) for key in FACTS + MQTT_FACTS} | {"options": want.get("options", {})}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_import_passes_check_with_exactly_the_mappable_devices(source: str, imported: dict[str, Imported]) -> None:
    found = imported[source]
    assert found.result.exit_code == 0, found.result.output
    assert sorted(d.id for d in load_home(found.output).devices) == sorted(SOURCES[source]["expected"])


@pytest.mark.parametrize(("source", "device_id"), CASES)
def test_device_speaks_its_firmware(source: str, device_id: str, imported: dict[str, Imported]) -> None:
    device = next(d for d in load_home(imported[source].output).devices if d.id == device_id)
    assert _facts(device) == _wanted(SOURCES[source]["expected"][device_id], device)


@pytest.mark.parametrize(("source", "name", "words"), SKIPPED)
def test_unmappable_entity_is_listed_with_its_reason(
    source: str, name: str, words: str, imported: dict[str, Imported]
) -> None:
    stderr = imported[source].result.stderr
    lines = [line for line in stderr.splitlines() if line.startswith(f"not imported: {name}: ")]
    assert len(lines) == 1, stderr
    assert words in lines[0]
