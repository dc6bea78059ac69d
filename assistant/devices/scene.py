"""Scenes and scripts: activate (a scene's name alone, "turn on" and "start" run it too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.devices.spec import Action, DeviceType, PresetHooks, no_native_json, no_native_tasmota
from assistant.devices.switch import describe_switchable, plain_homeassistant

if TYPE_CHECKING:
    from assistant.commands import Command
    from assistant.config.schema import DeviceConfig


def _esphome_button(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """An ESPHome button runs it: PRESS on its command topic."""
    return (None, "PRESS") if command.action == "activate" else None


def _runnable(name: str) -> DeviceType:
    return DeviceType(
        name=name,
        actions=(Action("activate"),),
        presets=PresetHooks(
            zigbee2mqtt=no_native_json,  # a Zigbee2MQTT scene is a group's scene_recall: a template
            tasmota=no_native_tasmota,
            ha_json=no_native_json,
            homeassistant=plain_homeassistant,  # Home Assistant's MQTT scene: payload_on ON
            esphome=_esphome_button,
        ),
        describe=describe_switchable,
        intent_actions={"on": "activate", "start": "activate"},
        default_for=("activate",),
    )


SCENE = _runnable("scene")
SCRIPT = _runnable("script")
