"""Media players: power, playback, volume."""

from __future__ import annotations

from assistant.devices.reading import OFF_WORDS, ON_WORDS, StateReading, as_number, number_text, word
from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_json, no_native_plain, no_native_tasmota


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
    # Neither Zigbee2MQTT, Tasmota, Home Assistant's MQTT platforms nor ESPHome have a media
    # player: `generic` through a bridge, or `payloads:` templates (an IR blaster's IRSend).
    presets=PresetHooks(
        zigbee2mqtt=no_native_json,
        tasmota=no_native_tasmota,
        ha_json=no_native_json,
        homeassistant=no_native_plain,
        esphome=no_native_plain,
    ),
    describe=_describe,
    intent_actions={"on": "turn_on", "off": "turn_off"},
    default_for=("play", "pause", "next", "previous", "set_volume", "volume_up", "volume_down", "mute", "unmute"),
)
