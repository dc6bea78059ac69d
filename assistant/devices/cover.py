"""Covers (blinds, curtains, shades, shutters, garage doors, gates): open, close, stop; a
position when the device lists the `position` feature. Garage doors and gates ask first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, as_number, word
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks, no_native_json
from assistant.devices.wire import plain_word, state_word, whole

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

TASMOTA_SHUTTER = {"open": "ShutterOpen", "close": "ShutterClose", "stop": "ShutterStop"}


def position_json(device: DeviceConfig, command: Command) -> Json | None:
    """{"state": "OPEN"}, or {"position": 30}: Zigbee2MQTT's and Home Assistant's form."""
    if command.action == "set_position":
        return {"position": whole(command.value)}
    return state_word(command)


def _tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    index = device.mqtt.options.shutter or ""  # Shutter...<n> for shutter n of a device with several
    if command.action == "set_position":
        return f"ShutterPosition{index}", str(whole(command.value))
    return (f"{TASMOTA_SHUTTER[command.action]}{index}", "") if command.action in TASMOTA_SHUTTER else None


def position_plain(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's MQTT cover and ESPHome's: OPEN/CLOSE/STOP, the position 0-100 on its own topic."""
    if command.action == "set_position":
        return "position", str(whole(command.value))
    word = plain_word(command)
    return (None, word) if word else None


def describe_opening(reading: StateReading) -> str | None:
    """'open', 'closed', '40% open', or the device's own word ('opening')."""
    position = as_number(reading.first("position", "current_position", "shutterposition"))
    if position is not None:
        if position <= 0:
            return reading.say("closed")
        return reading.say("open") if position >= 100 else reading.say("percent_open", percent=round(position))
    said = word(reading.fields.get("state"))
    if said in ("close", "closed"):
        return reading.say("closed")
    if said in ("open", "opened"):
        return reading.say("open")
    return said


COVER = DeviceType(
    name="cover",
    actions=(
        Action("open", risky=True),
        Action("close"),
        Action("stop"),
        Action("set_position", "percent", feature="position", risky=True),
    ),
    presets=PresetHooks(
        zigbee2mqtt=position_json,
        tasmota=_tasmota,
        ha_json=no_native_json,
        homeassistant=position_plain,
        esphome=position_plain,
    ),
    describe=describe_opening,
    intent_actions={"on": "open", "off": "close"},
    default_for=("open", "close", "set_position"),
    risky_classes=frozenset({"garage", "garage_door", "gate"}),
)
