"""A device's last state as the type modules read it, with the words to say it in."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.language import Language

# Payload words (not spoken words) that mean on or off, as devices send them.
ON_WORDS = frozenset({"on", "true", "1", "open", "opened", "detected", "wet", "home"})
OFF_WORDS = frozenset({"off", "false", "0", "closed", "close", "clear", "dry", "away"})
# Keys that carry a device's on/off state, in the order they are trusted.
POWER_KEYS = ("state", "power", "power1", "fan_state")
# Where a preset's on/off differs: Zigbee2MQTT's `power` is a plug's wattage, never its relay;
# Tasmota's relay is POWER (POWER1 on a multi-relay device), its `state` nothing of the kind.
POWER_KEYS_BY_PRESET: dict[str, tuple[str, ...]] = {
    "zigbee2mqtt": ("state", "fan_state"),
    "tasmota": ("power", "power1"),
}


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{round(value, 2):g}"


def as_number(value: Any) -> float | None:
    """A finite number, or None (booleans, words, NaN, infinities and numbers too big for a float)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def percent_of(value: Any, full_scale: float) -> float | None:
    """A reading on a 0-`full_scale` scale as a percentage; None when it is no finite number."""
    number = as_number(value)
    return as_number(number * 100 / full_scale) if number is not None else None


def word(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip().lower()


@dataclass(frozen=True)
class StateReading:
    """What one device last said (keys lowercased), and how to word it."""

    fields: Mapping[str, Any]
    preset: str
    device_class: str
    degrees: str  # " °C"
    language: Language

    def say(self, key: str, **values: object) -> str:
        """A state phrase from the language data (`state.<key>`)."""
        return self.language.say(f"state.{key}", **values)

    def first(self, *keys: str) -> Any:
        return next((self.fields[k] for k in keys if self.fields.get(k) is not None), None)

    @property
    def power_keys(self) -> tuple[str, ...]:
        return POWER_KEYS_BY_PRESET.get(self.preset, POWER_KEYS)

    def on_off(self, keys: Iterable[str] | None = None) -> bool | None:
        for key in self.power_keys if keys is None else keys:
            said = word(self.fields.get(key))
            if said in ON_WORDS:
                return True
            if said in OFF_WORDS:
                return False
        return None

    def switchable(self) -> str | None:
        """'on' or 'off' from the power keys."""
        on = self.on_off()
        return None if on is None else self.say("on" if on else "off")
