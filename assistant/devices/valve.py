"""Valves (water, gas): open and close; a position when the device lists the `position`
feature. Home Assistant's MQTT valve, Zigbee2MQTT water valves (`state` OPEN/CLOSE, some a
`position`), Tasmota relay valves (POWER). Neither action asks first by default: closing is
the safe action, and Home Assistant does not confirm valves either (`confirm: true` on a
device makes it ask)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.cover import describe_opening, position_json, position_plain
from assistant.devices.reading import StateReading
from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_json
from assistant.devices.wire import plain_word, whole

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

# A Tasmota valve is a relay: on is open.
TASMOTA_RELAY = {"open": "ON", "close": "OFF"}


def _tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    """A relay: open and close; it has no position (`check` refuses the feature)."""
    if command.action in TASMOTA_RELAY:
        return f"POWER{device.mqtt.options.relay or ''}", TASMOTA_RELAY[command.action]
    return None


def _homeassistant(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's MQTT valve: OPEN/CLOSE, and a position (reports_position) on the same
    command topic."""
    if command.action == "set_position":
        return None, str(whole(command.value))
    word = plain_word(command)
    return (None, word) if word else None


def _describe(reading: StateReading) -> str | None:
    """A position when the valve reports one; else its state, where ON (a relay, a Zigbee2MQTT
    valve that switches) means open."""
    on = reading.on_off()
    if on is not None and reading.first("position", "current_position") is None:
        return reading.say("open" if on else "closed")
    return describe_opening(reading)


VALVE = DeviceType(
    name="valve",
    actions=(Action("open"), Action("close"), Action("set_position", "percent", feature="position")),
    presets=PresetHooks(
        zigbee2mqtt=position_json,
        tasmota=_tasmota,
        ha_json=no_native_json,
        homeassistant=_homeassistant,
        esphome=position_plain,  # ESPHome's valve: position/command
    ),
    describe=_describe,
    intent_actions={"on": "open", "off": "close"},
)
