"""What an import found: devices ready for devices.yaml, and the ones it left out with why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportedDevice:
    id: str
    name: str
    type: str
    topic: str
    preset: str
    # Where it came from, written above the device ("zigbee2mqtt: kitchen/lamp (IKEA LED1545G12)").
    source: str
    area: str | None = None
    device_class: str | None = None
    features: list[str] = field(default_factory=list)
    command_topic: str | None = None
    state_topic: str | None = None
    payloads: dict[str, str] = field(default_factory=dict)
    # The preset's options (devices.yaml `mqtt.options`): what differs from the preset's plain form.
    options: dict[str, Any] = field(default_factory=dict)
    min_temperature: float | None = None
    max_temperature: float | None = None
    # What the device needs that devices.yaml cannot say yet, written as comments on it.
    notes: list[str] = field(default_factory=list)

    def config(self) -> dict[str, Any]:
        """The device's devices.yaml entry, in the order people read it; empty keys left out."""
        mqtt: dict[str, Any] = {"topic": self.topic, "preset": self.preset}
        for key, value in (
            ("command_topic", self.command_topic),
            ("state_topic", self.state_topic),
            ("options", self.options),
            ("payloads", self.payloads),
        ):
            if value:
                mqtt[key] = value
        entry: dict[str, Any] = {"id": self.id, "name": self.name}
        optional: tuple[tuple[str, Any], ...] = (
            ("area", self.area),
            ("type", self.type),
            ("device_class", self.device_class),
            ("features", self.features),
            ("min_temperature", self.min_temperature),
            ("max_temperature", self.max_temperature),
        )
        for key, item in optional:
            if item is not None and item != []:
                entry[key] = item
        entry["mqtt"] = mqtt
        return entry


@dataclass(frozen=True)
class Skipped:
    """A device the import could not map, and why (one sentence)."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class ImportResult:
    # "Zigbee2MQTT (zigbee2mqtt/bridge/devices)": named in the file's comments.
    source: str
    devices: list[ImportedDevice] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
