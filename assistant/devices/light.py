"""Lights: on, off, toggle; brightness and colour when the device lists those features."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, as_number, percent_of
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks
from assistant.devices.wire import (
    color_hex,
    color_rgb,
    plain_word,
    scaled,
    state_word,
    tasmota_power,
    white_mireds,
    white_only,
    whole,
)

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

# Full-scale brightness by preset (generic reports percent, like its commands).
BRIGHTNESS_SCALE = {"zigbee2mqtt": 254, "ha_json": 255, "homeassistant": 255, "esphome": 255, "generic": 100}


def _shade(device: DeviceConfig, command: Command) -> int | None:
    """The colour temperature (mireds) to show, or None to show the colour itself: by the
    device's `color` option (xy: colours; color_temp: white shades only; both)."""
    name, choice = str(command.value), device.mqtt.options.color
    if choice == "color_temp":
        return white_only(device.name, name)
    return white_mireds(name) if choice == "both" else None


def _zigbee2mqtt(device: DeviceConfig, command: Command) -> Json | None:
    if command.action == "set_brightness":
        return {"brightness": scaled(command.value, BRIGHTNESS_SCALE["zigbee2mqtt"])}
    if command.action == "set_color":
        mireds = _shade(device, command)
        return {"color_temp": mireds} if mireds is not None else {"color": {"hex": color_hex(str(command.value))}}
    return state_word(command)


def _tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    if command.action == "set_brightness":
        return "Dimmer", str(whole(command.value))
    if command.action == "set_color":
        mireds = _shade(device, command)
        return ("CT", str(mireds)) if mireds is not None else ("Color", color_hex(str(command.value)))
    return tasmota_power(command, device.mqtt.options.relay)


def _ha_json(device: DeviceConfig, command: Command) -> Json | None:
    """Home Assistant's JSON schema, which ESPHome's lights take too."""
    if command.action == "set_brightness":
        return {"state": "ON", "brightness": scaled(command.value, BRIGHTNESS_SCALE["ha_json"])}
    if command.action == "set_color":
        red, green, blue = color_rgb(str(command.value))
        return {"state": "ON", "color": {"r": red, "g": green, "b": blue}}
    return state_word(command)


def _homeassistant(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's default-schema MQTT light: ON/OFF, brightness 0-255, `r,g,b`, mireds."""
    if command.action == "set_brightness":
        return "brightness", str(scaled(command.value, BRIGHTNESS_SCALE["homeassistant"]))
    if command.action == "set_color":
        mireds = _shade(device, command)
        return ("color_temp", str(mireds)) if mireds is not None else ("rgb", ",".join(map(str, color_rgb(str(command.value)))))
    if command.action == "toggle":  # the platform has payload_on and payload_off only
        return None
    word = plain_word(command)
    return (None, word) if word else None


def _esphome(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    data = _ha_json(device, command)
    return (None, json.dumps(data, separators=(",", ":"))) if data is not None else None


def _describe(reading: StateReading) -> str | None:
    level = as_number(reading.fields.get("dimmer"))
    if level is None:
        level = percent_of(reading.fields.get("brightness"), BRIGHTNESS_SCALE.get(reading.preset, 100))
    if reading.on_off() and level is not None and round(level) > 0:
        return reading.say("on_at_brightness", level=round(level))
    return reading.switchable()


LIGHT = DeviceType(
    name="light",
    actions=(
        Action("turn_on"),
        Action("turn_off"),
        Action("toggle"),
        Action("set_brightness", "percent", feature="brightness"),
        Action("set_color", "color", feature="color"),
    ),
    presets=PresetHooks(
        zigbee2mqtt=_zigbee2mqtt, tasmota=_tasmota, ha_json=_ha_json, homeassistant=_homeassistant, esphome=_esphome
    ),
    describe=_describe,
    intent_actions={"on": "turn_on", "off": "turn_off"},
    default_for=("on", "off", "toggle", "set_brightness", "set_color"),
)
