"""The command contract (../shared/spec/commands.md): what every utterance turns into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DeviceType = Literal[
    "light",
    "switch",
    "fan",
    "cover",
    "climate",
    "lock",
    "media_player",
    "vacuum",
    "scene",
    "script",
    "sensor",
    "binary_sensor",
]

DEVICE_TYPES: tuple[str, ...] = DeviceType.__args__  # type: ignore[attr-defined]

# Actions each type supports; get_state is added for every type.
ACTIONS: dict[str, tuple[str, ...]] = {
    "light": ("turn_on", "turn_off", "toggle", "set_brightness", "set_color"),
    "switch": ("turn_on", "turn_off", "toggle"),
    "fan": ("turn_on", "turn_off", "set_speed"),
    "cover": ("open", "close", "stop", "set_position"),
    "climate": ("turn_on", "turn_off", "set_temperature", "set_mode"),
    "lock": ("lock", "unlock"),
    "media_player": (
        "turn_on",
        "turn_off",
        "play",
        "pause",
        "next",
        "previous",
        "set_volume",
        "volume_up",
        "volume_down",
        "mute",
        "unmute",
    ),
    "vacuum": ("start", "stop", "return_home"),
    "scene": ("activate",),
    "script": ("activate",),
    "sensor": (),
    "binary_sensor": (),
}

# Valued actions a device has only when it lists the feature (devices.md).
FEATURE_OF_ACTION: dict[tuple[str, str], str] = {
    ("light", "set_brightness"): "brightness",
    ("light", "set_color"): "color",
    ("fan", "set_speed"): "speed",
    ("cover", "set_position"): "position",
}

FEATURES: dict[str, tuple[str, ...]] = {
    "light": ("brightness", "color"),
    "fan": ("speed",),
    "cover": ("position",),
}

PERCENT_ACTIONS = frozenset({"set_brightness", "set_speed", "set_position", "set_volume"})
CLIMATE_MODES: tuple[str, ...] = ("heat", "cool", "auto", "off")

Value = int | float | str | None


def actions_for(device_type: str, features: frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Every action a device of this type with these features accepts, get_state included."""
    allowed = [
        action
        for action in ACTIONS.get(device_type, ())
        if (device_type, action) not in FEATURE_OF_ACTION
        or FEATURE_OF_ACTION[(device_type, action)] in features
    ]
    return (*allowed, "get_state")


@dataclass(frozen=True)
class Command:
    """One action on one device: {"device", "action", "value"}."""

    device: str
    action: str
    value: Value = None

    def to_dict(self) -> dict[str, Any]:
        return {"device": self.device, "action": self.action, "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Command:
        return cls(str(data["device"]), str(data["action"]), data.get("value"))


HandledBy = Literal["templates", "llm", "none"]


@dataclass
class ParseResult:
    """What one sentence was understood as. An empty command list always carries a reason."""

    text: str
    area: str | None
    commands: list[Command] = field(default_factory=list)
    handled_by: HandledBy = "none"
    reason: str | None = None
    ms: float = 0.0
    # Commands that must not run without a spoken or MQTT "yes" (risky actions from the LLM path).
    needs_confirmation: list[Command] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "area": self.area,
            "commands": [c.to_dict() for c in self.commands],
            "handled_by": self.handled_by,
            "reason": self.reason,
            "ms": round(self.ms, 3),
            "needs_confirmation": [c.to_dict() for c in self.needs_confirmation],
        }
