"""Payload pieces the type modules' preset hooks share: numbers, colours, state words."""

from __future__ import annotations

import webcolors

from assistant.commands import Command, Value
from assistant.devices.spec import Json

# Colour names people say that CSS lacks (approximate colour temperatures as RGB).
WHITE_SHADES: dict[str, tuple[int, int, int]] = {
    "warm white": (255, 180, 107),
    "soft white": (255, 197, 143),
    "cool white": (201, 226, 255),
    "daylight": (255, 249, 253),
}
# The `state` words Zigbee2MQTT and Home Assistant's JSON schema take.
STATE_WORDS: dict[str, str] = {
    "turn_on": "ON",
    "turn_off": "OFF",
    "toggle": "TOGGLE",
    "open": "OPEN",
    "close": "CLOSE",
    "stop": "STOP",
    "lock": "LOCK",
    "unlock": "UNLOCK",
    "activate": "ON",
}
# Tasmota's relay commands.
TASMOTA_POWER: dict[str, str] = {"turn_on": "ON", "turn_off": "OFF", "toggle": "TOGGLE"}


class PayloadError(Exception):
    """This command cannot be turned into a message for this device (one sentence)."""


def color_rgb(name: str) -> tuple[int, int, int]:
    """RGB of a colour name ("red", "light blue", "warm white") or "#rrggbb"."""
    spoken = " ".join(name.lower().split())
    if spoken in WHITE_SHADES:
        return WHITE_SHADES[spoken]
    try:
        if spoken.startswith("#"):
            rgb = webcolors.hex_to_rgb(spoken)
        else:
            rgb = webcolors.name_to_rgb(spoken.replace(" ", "").replace("-", ""))
    except ValueError:
        raise PayloadError(f"I don't know the colour {name!r}") from None
    return rgb.red, rgb.green, rgb.blue


def color_hex(name: str) -> str:
    return str(webcolors.rgb_to_hex(color_rgb(name)))


def number(value: Value) -> int | float:
    """A JSON-friendly number: 21.0 -> 21, 21.5 stays."""
    as_float = float(value)  # type: ignore[arg-type]
    return int(as_float) if as_float.is_integer() else as_float


def whole(value: Value) -> int:
    return round(float(value))  # type: ignore[arg-type]


def scaled(percent: Value, top: int) -> int:
    return round(float(percent) * top / 100)  # type: ignore[arg-type]


def state_word(command: Command) -> Json | None:
    """{"state": "ON"} and the like, for actions that have a state word."""
    return {"state": STATE_WORDS[command.action]} if command.action in STATE_WORDS else None


def tasmota_power(command: Command) -> tuple[str, str] | None:
    return ("POWER", TASMOTA_POWER[command.action]) if command.action in TASMOTA_POWER else None
