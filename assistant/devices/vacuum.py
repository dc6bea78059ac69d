"""Robot vacuums: start, stop, back to the dock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, word
from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_json, no_native_plain, no_native_tasmota

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

# Home Assistant's vacuum commands.
HA_COMMANDS = {"start": "start", "stop": "stop", "return_home": "return_to_base"}


def _homeassistant(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's MQTT vacuum: the command word alone on its command topic."""
    return (None, HA_COMMANDS[command.action]) if command.action in HA_COMMANDS else None


def _describe(reading: StateReading) -> str | None:
    said = word(reading.fields.get("state"))
    return said.replace("_", " ") if said else None


VACUUM = DeviceType(
    name="vacuum",
    actions=(Action("start"), Action("stop"), Action("return_home")),
    presets=PresetHooks(
        zigbee2mqtt=no_native_json,
        tasmota=no_native_tasmota,
        ha_json=no_native_json,
        homeassistant=_homeassistant,
        esphome=no_native_plain,
    ),
    describe=_describe,
    intent_actions={"on": "start", "off": "stop"},
    default_for=("start", "return_home"),
)
