"""Device types: one module per type in this folder, listed once in TYPES.

Everything that depends on a type (the actions and values validation accepts, the resolver's
meaning of "turn on", each MQTT preset's payloads, the state answer, which actions ask first)
reads it from here. Adding a type: a module like `valve.py` and one line below, then its
sentences (intents/) and words (languages/); README "Adding a device type" walks through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from assistant.devices.binary_sensor import BINARY_SENSOR
from assistant.devices.climate import CLIMATE
from assistant.devices.cover import COVER
from assistant.devices.fan import FAN
from assistant.devices.light import LIGHT
from assistant.devices.lock import LOCK
from assistant.devices.media_player import MEDIA_PLAYER
from assistant.devices.scene import SCENE, SCRIPT
from assistant.devices.sensor import SENSOR
from assistant.devices.spec import Action, DeviceType, ValueKind
from assistant.devices.switch import SWITCH
from assistant.devices.vacuum import VACUUM
from assistant.devices.valve import VALVE

TYPES: Mapping[str, DeviceType] = {
    t.name: t
    for t in (LIGHT, SWITCH, FAN, COVER, CLIMATE, LOCK, MEDIA_PLAYER, VACUUM, SCENE, SCRIPT, SENSOR, BINARY_SENSOR, VALVE)
}
DEVICE_TYPES: tuple[str, ...] = tuple(TYPES)

if TYPE_CHECKING:
    DeviceTypeName = str
else:  # devices.yaml's `type`: a Literal of the names above, so a misspelt type is reported
    DeviceTypeName = Literal[DEVICE_TYPES]


def device_type(name: str) -> DeviceType:
    """The type called so. Raises KeyError for an unknown name (devices.yaml's are checked)."""
    return TYPES[name]


def actions_for(type_name: str, features: frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Every action a device of this type with these features accepts, get_state included."""
    found = TYPES.get(type_name)
    return found.actions_for(features) if found else ("get_state",)


def action_spec(action: str) -> Action | None:
    """An action as some type declares it (its value kind and words are the same in every type)."""
    return next((a for t in TYPES.values() if (a := t.action(action)) is not None), None)


def words_key(action: str) -> str:
    """Where the language data words an action ("actions.turn_on"; get_state's too)."""
    spec = action_spec(action)
    return spec.words_key if spec else f"actions.{action}"


def value_kind(action: str) -> ValueKind:
    spec = action_spec(action)
    return spec.value if spec else "none"


def actions_taking(kind: ValueKind) -> frozenset[str]:
    """Every action whose value is of this kind ("percent" -> set_brightness, set_speed, ...)."""
    return frozenset(a.name for t in TYPES.values() for a in t.actions if a.value == kind)


def default_types(intent: str) -> str | None:
    """The types an intent means when nothing names a kind ("pause" -> media_player), "a|b"."""
    found = [t.name for t in TYPES.values() if intent in t.default_for]
    return "|".join(found) or None


__all__ = [
    "DEVICE_TYPES",
    "TYPES",
    "Action",
    "DeviceType",
    "DeviceTypeName",
    "action_spec",
    "actions_for",
    "actions_taking",
    "default_types",
    "device_type",
    "value_kind",
    "words_key",
]
