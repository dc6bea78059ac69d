"""Scenes and scripts: activate (a scene's name alone, "turn on" and "start" run it too)."""

from __future__ import annotations

from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_json, no_native_tasmota
from assistant.devices.switch import describe_switchable, relay_json


def _runnable(name: str) -> DeviceType:
    return DeviceType(
        name=name,
        actions=(Action("activate"),),
        presets=PresetHooks(zigbee2mqtt=no_native_json, tasmota=no_native_tasmota, ha_json=relay_json),
        describe=describe_switchable,
        intent_actions={"on": "activate", "start": "activate"},
        default_for=("activate",),
    )


SCENE = _runnable("scene")
SCRIPT = _runnable("script")
