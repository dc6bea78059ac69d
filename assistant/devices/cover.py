"""Covers (blinds, curtains, shades, shutters, garage doors, gates): open, close, stop; a
position when the device lists the `position` feature. Garage doors and gates ask first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, as_number, word
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks
from assistant.devices.wire import state_word, whole

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

TASMOTA_SHUTTER = {"open": "ShutterOpen", "close": "ShutterClose", "stop": "ShutterStop"}


def position_json(device: DeviceConfig, command: Command) -> Json | None:
    """{"state": "OPEN"}, or {"position": 30}: Zigbee2MQTT's and Home Assistant's form."""
    if command.action == "set_position":
        return {"position": whole(command.value)}
    return state_word(command)


def _tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    if command.action == "set_position":
        return "ShutterPosition", str(whole(command.value))
    return (TASMOTA_SHUTTER[command.action], "") if command.action in TASMOTA_SHUTTER else None


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
    presets=PresetHooks(zigbee2mqtt=position_json, tasmota=_tasmota, ha_json=position_json),
    describe=describe_opening,
    intent_actions={"on": "open", "off": "close"},
    default_for=("open", "close", "set_position"),
    risky_classes=frozenset({"garage", "garage_door", "gate"}),
)
