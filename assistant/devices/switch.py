"""Switches and plugs: on, off, toggle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks, no_native_json
from assistant.devices.wire import plain_word, state_word, tasmota_power

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig


def relay_json(device: DeviceConfig, command: Command) -> Json | None:
    return state_word(command)


def relay_tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    return tasmota_power(command, device.mqtt.options.relay)


def plain_homeassistant(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """ON, OFF, OPEN, LOCK... on the command topic; Home Assistant's platforms have no toggle."""
    word = plain_word(command)
    return (None, word) if word and command.action != "toggle" else None


def plain_esphome(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """The same words on ESPHome's command topic, which takes TOGGLE too."""
    word = plain_word(command)
    return (None, word) if word else None


def describe_switchable(reading: StateReading) -> str | None:
    return reading.switchable()


SWITCH = DeviceType(
    name="switch",
    actions=(Action("turn_on"), Action("turn_off"), Action("toggle")),
    presets=PresetHooks(
        zigbee2mqtt=relay_json,
        tasmota=relay_tasmota,
        ha_json=no_native_json,
        homeassistant=plain_homeassistant,
        esphome=plain_esphome,
    ),
    describe=describe_switchable,
    intent_actions={"on": "turn_on", "off": "turn_off"},
)
