"""Payload pieces the type modules' preset hooks share: numbers, colours, state words."""

from __future__ import annotations

import math

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
# The same shades as colour temperatures in mireds (1,000,000 / kelvin: 2700 K, 3000 K, 4000 K,
# 6500 K), for bulbs that show white only (Zigbee2MQTT `color_temp`, Tasmota `CT` 153-500).
WHITE_MIREDS: dict[str, int] = {"warm white": 370, "soft white": 333, "white": 250, "cool white": 250, "daylight": 154}
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


class Unsupported(PayloadError):
    """The device's preset has no message for this action at all, whatever its value (`check`
    reports it where the device could avoid it; at run time it is refused, never sent)."""


def white_mireds(name: str) -> int | None:
    """The colour temperature of a white shade ("warm white" -> 370), None for other colours."""
    return WHITE_MIREDS.get(" ".join(name.lower().split()))


def white_only(device_name: str, name: str) -> int:
    """Mireds for a bulb that shows only shades of white; any other colour is refused."""
    mireds = white_mireds(name)
    if mireds is None:
        shades = ", ".join(WHITE_MIREDS)
        raise PayloadError(f"{device_name} shows only shades of white ({shades}), not {name}")
    return mireds


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


def ranged(percent: Value, top: int) -> int:
    """A percentage above 0 as a step of 1..top, never 0 (Zigbee2MQTT's 1-254 fan speed, Home
    Assistant's speed range, ESPHome's speed levels)."""
    return max(1, min(top, math.ceil(float(percent) * top / 100)))  # type: ignore[arg-type]


def state_word(command: Command) -> Json | None:
    """{"state": "ON"} and the like, for actions that have a state word."""
    return {"state": STATE_WORDS[command.action]} if command.action in STATE_WORDS else None


def tasmota_power(command: Command, relay: int | None = None) -> tuple[str, str] | None:
    """POWER (or POWER<n> for relay n of a multi-relay device) ON / OFF / TOGGLE."""
    if command.action not in TASMOTA_POWER:
        return None
    return f"POWER{relay or ''}", TASMOTA_POWER[command.action]


def plain_word(command: Command) -> str | None:
    """The plain payload Home Assistant's MQTT platforms and ESPHome take (ON, OPEN, LOCK...)."""
    return STATE_WORDS.get(command.action)
