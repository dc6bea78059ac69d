"""Switches and plugs: on, off, toggle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks
from assistant.devices.wire import state_word, tasmota_power

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig


def relay_json(device: DeviceConfig, command: Command) -> Json | None:
    return state_word(command)


def relay_tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    return tasmota_power(command)


def describe_switchable(reading: StateReading) -> str | None:
    return reading.switchable()


SWITCH = DeviceType(
    name="switch",
    actions=(Action("turn_on"), Action("turn_off"), Action("toggle")),
    presets=PresetHooks(zigbee2mqtt=relay_json, tasmota=relay_tasmota, ha_json=relay_json),
    describe=describe_switchable,
    intent_actions={"on": "turn_on", "off": "turn_off"},
)
