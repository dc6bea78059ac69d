"""Media players: power, playback, volume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import OFF_WORDS, ON_WORDS, StateReading, as_number, number_text, word
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks, no_native_json, no_native_tasmota
from assistant.devices.wire import state_word, whole

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

PLAYBACK = ("play", "pause", "next", "previous", "volume_up", "volume_down", "mute", "unmute")


def _ha_json(device: DeviceConfig, command: Command) -> Json | None:
    if command.action == "set_volume":
        return {"volume": whole(command.value)}
    if command.action in PLAYBACK:
        return {"command": command.action}
    return state_word(command)


def _describe(reading: StateReading) -> str | None:
    said = word(reading.fields.get("state"))
    volume = as_number(reading.fields.get("volume"))
    off = False
    if said in ON_WORDS | OFF_WORDS:
        off = reading.on_off() is False
        phrase = reading.switchable()
    else:
        phrase = said
    if phrase and not off and volume is not None:
        return reading.say("at_volume", state=phrase, volume=number_text(volume))
    return phrase


MEDIA_PLAYER = DeviceType(
    name="media_player",
    actions=(
        Action("turn_on"),
        Action("turn_off"),
        Action("play"),
        Action("pause"),
        Action("next"),
        Action("previous"),
        Action("set_volume", "percent"),
        Action("volume_up"),
        Action("volume_down"),
        Action("mute"),
        Action("unmute"),
    ),
    presets=PresetHooks(zigbee2mqtt=no_native_json, tasmota=no_native_tasmota, ha_json=_ha_json),
    describe=_describe,
    intent_actions={"on": "turn_on", "off": "turn_off"},
    default_for=("play", "pause", "next", "previous", "set_volume", "volume_up", "volume_down", "mute", "unmute"),
)
