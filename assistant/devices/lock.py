"""Locks: lock and unlock; unlocking asks first."""

from __future__ import annotations

from assistant.devices.reading import StateReading, word
from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_tasmota
from assistant.devices.switch import relay_json


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
    presets=PresetHooks(zigbee2mqtt=relay_json, tasmota=no_native_tasmota, ha_json=relay_json),
    describe=_describe,
    intent_actions={"on": "lock", "off": "unlock"},
    default_for=("lock", "unlock"),
)
