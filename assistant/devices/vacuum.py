"""Robot vacuums: start, stop, back to the dock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, word
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks, no_native_json, no_native_tasmota

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

# Home Assistant's vacuum commands.
HA_COMMANDS = {"start": "start", "stop": "stop", "return_home": "return_to_base"}


def _ha_json(device: DeviceConfig, command: Command) -> Json | None:
    return {"command": HA_COMMANDS[command.action]} if command.action in HA_COMMANDS else None


def _describe(reading: StateReading) -> str | None:
    said = word(reading.fields.get("state"))
    return said.replace("_", " ") if said else None


VACUUM = DeviceType(
    name="vacuum",
    actions=(Action("start"), Action("stop"), Action("return_home")),
    presets=PresetHooks(zigbee2mqtt=no_native_json, tasmota=no_native_tasmota, ha_json=_ha_json),
    describe=_describe,
    intent_actions={"on": "start", "off": "stop"},
    default_for=("start", "return_home"),
)
