"""Locks: lock and unlock; unlocking asks first."""

from __future__ import annotations

from assistant.devices.reading import StateReading, word
from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_json, no_native_tasmota
from assistant.devices.switch import plain_esphome, plain_homeassistant, relay_json


def _describe(reading: StateReading) -> str | None:
    said = word(reading.first("lock_state", "state"))
    if said in ("lock", "locked"):
        return reading.say("locked")
    if said in ("unlock", "unlocked"):
        return reading.say("unlocked")
    return said.replace("_", " ") if said else None


LOCK = DeviceType(
    name="lock",
    actions=(Action("lock"), Action("unlock", risky=True)),
    presets=PresetHooks(
        zigbee2mqtt=relay_json,
        tasmota=no_native_tasmota,
        ha_json=no_native_json,
        homeassistant=plain_homeassistant,
        esphome=plain_esphome,
    ),
    describe=_describe,
    intent_actions={"on": "lock", "off": "unlock"},
    default_for=("lock", "unlock"),
)
