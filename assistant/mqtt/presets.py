"""The MQTT messages a command becomes, and where state comes from, per device preset.

Presets (docs/mqtt.md has the table): `generic` (our own JSON), `zigbee2mqtt`, `tasmota` and
`ha_json` (Home Assistant's MQTT JSON schema), each with the payloads those devices accept.
A preset that has no native form for an action falls back to `generic` on `<topic>/set`.
A device's `payloads:` template for an action replaces the preset's payload, and its
`command_topic` replaces the preset's topic (for tasmota: the `cmnd/<name>` prefix).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from string import Template
from typing import Any

import webcolors

from assistant.commands import Command, Value
from assistant.config.schema import DeviceConfig

Json = dict[str, Any]

# Colour names people say that CSS lacks (approximate colour temperatures as RGB).
WHITE_SHADES: dict[str, tuple[int, int, int]] = {
    "warm white": (255, 180, 107),
    "soft white": (255, 197, 143),
    "cool white": (201, 226, 255),
    "daylight": (255, 249, 253),
}

# What "turn on" means for a thermostat whose preset sets a mode.
CLIMATE_ON_MODE = "heat"


class PayloadError(Exception):
    """This command cannot be turned into a message for this device (one sentence)."""


@dataclass(frozen=True)
class OutgoingMessage:
    topic: str
    payload: str


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


def _number(value: Value) -> int | float:
    """A JSON-friendly number: 21.0 -> 21, 21.5 stays."""
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def _scaled(percent: Value, top: int) -> int:
    return round(float(percent) * top / 100)  # type: ignore[arg-type]


def _climate_payload(command: Command, mode_key: str, setpoint_key: str) -> Json | None:
    """Thermostats in JSON presets: on/off and modes are one key, the setpoint another."""
    if command.action == "set_temperature":
        return {setpoint_key: _number(command.value)}
    modes = {"turn_on": CLIMATE_ON_MODE, "turn_off": "off", "set_mode": command.value}
    return {mode_key: modes[command.action]} if command.action in modes else None


def _json(data: Json) -> str:
    return json.dumps(data, separators=(",", ":"))


def _base(device: DeviceConfig) -> str:
    return device.mqtt.topic.rstrip("/")


# -- generic -----------------------------------------------------------------------------


def _set_topic(device: DeviceConfig) -> str:
    return device.mqtt.command_topic or f"{_base(device)}/set"


def _generic_payload(device: DeviceConfig, command: Command) -> str:
    return _json({"action": command.action, "value": command.value})


# -- zigbee2mqtt -------------------------------------------------------------------------

_Z2M_STATE = {
    "turn_on": "ON",
    "turn_off": "OFF",
    "toggle": "TOGGLE",
    "open": "OPEN",
    "close": "CLOSE",
    "stop": "STOP",
    "lock": "LOCK",
    "unlock": "UNLOCK",
}


def _fan_mode(percent: Value) -> str:
    """Zigbee2MQTT fans take named modes, not percentages."""
    level = float(percent)  # type: ignore[arg-type]
    return "off" if level <= 0 else "low" if level <= 33 else "medium" if level <= 66 else "high"


def _z2m_payload(device: DeviceConfig, command: Command) -> str | None:
    action, value, kind = command.action, command.value, device.type
    data: Json | None = None
    if kind == "fan":
        fan_on = {"turn_on": {"fan_state": "ON"}, "turn_off": {"fan_state": "OFF"}}
        data = {"fan_mode": _fan_mode(value)} if action == "set_speed" else fan_on.get(action)
    elif kind == "climate":
        data = _climate_payload(command, mode_key="system_mode", setpoint_key="occupied_heating_setpoint")
    elif kind in ("light", "switch", "cover", "lock") and action in _Z2M_STATE:
        data = {"state": _Z2M_STATE[action]}
    elif action == "set_brightness":
        data = {"brightness": _scaled(value, 254)}
    elif action == "set_color":
        data = {"color": {"hex": color_hex(str(value))}}
    elif action == "set_position":
        data = {"position": round(float(value))}  # type: ignore[arg-type]
    return _json(data) if data is not None else None


# -- tasmota -----------------------------------------------------------------------------

_TASMOTA_POWER = {"turn_on": "ON", "turn_off": "OFF", "toggle": "TOGGLE"}
_TASMOTA_FAN_SPEEDS = 3
_TASMOTA_FAN_ON_SPEED = 2  # "on" without a speed: medium, as Home Assistant's Tasmota fan does


def _tasmota_command(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    action, value, kind = command.action, command.value, device.type
    if kind == "fan" and "speed" in device.features:
        if action == "set_speed":
            level = float(value)  # type: ignore[arg-type]
            return "FanSpeed", str(0 if level <= 0 else max(1, round(level * _TASMOTA_FAN_SPEEDS / 100)))
        speeds = {"turn_on": _TASMOTA_FAN_ON_SPEED, "turn_off": 0}
        return ("FanSpeed", str(speeds[action])) if action in speeds else None
    if kind in ("light", "switch", "fan", "climate") and action in _TASMOTA_POWER:
        return "POWER", _TASMOTA_POWER[action]
    if action == "set_brightness":
        return "Dimmer", str(round(float(value)))  # type: ignore[arg-type]
    if action == "set_color":
        return "Color", color_hex(str(value))
    if action == "set_temperature":  # Tasmota's thermostat driver
        return "TempTargetSet", str(_number(value))
    shutter = {"open": "ShutterOpen", "close": "ShutterClose", "stop": "ShutterStop"}
    if kind == "cover" and action in shutter:
        return shutter[action], ""
    if action == "set_position":
        return "ShutterPosition", str(round(float(value)))  # type: ignore[arg-type]
    return None


def tasmota_name(device: DeviceConfig) -> str:
    """The device's Tasmota topic: the last part of `topic` (tasmota/kitchen_light -> kitchen_light)."""
    return _base(device).rsplit("/", 1)[-1]


def _tasmota_prefix(device: DeviceConfig) -> str:
    return (device.mqtt.command_topic or f"cmnd/{tasmota_name(device)}").rstrip("/")


# -- Home Assistant MQTT JSON schema -----------------------------------------------------

_HA_STATE = {**_Z2M_STATE, "activate": "ON"}
_HA_COMMANDS = frozenset(
    {"play", "pause", "next", "previous", "volume_up", "volume_down", "mute", "unmute", "start", "return_home"}
)


def _ha_json_payload(device: DeviceConfig, command: Command) -> str | None:
    action, value, kind = command.action, command.value, device.type
    data: Json | None = None
    if kind == "climate":
        data = _climate_payload(command, mode_key="mode", setpoint_key="temperature")
    elif kind == "vacuum" and action == "stop":
        data = {"command": "stop"}
    elif action in _HA_STATE:
        data = {"state": _HA_STATE[action]}
    elif action == "set_brightness":
        data = {"state": "ON", "brightness": _scaled(value, 255)}
    elif action == "set_color":
        red, green, blue = color_rgb(str(value))
        data = {"state": "ON", "color": {"r": red, "g": green, "b": blue}}
    elif action == "set_speed":
        data = {"state": "ON", "percentage": round(float(value))}  # type: ignore[arg-type]
    elif action == "set_position":
        data = {"position": round(float(value))}  # type: ignore[arg-type]
    elif action == "set_volume":
        data = {"volume": round(float(value))}  # type: ignore[arg-type]
    elif action in _HA_COMMANDS:
        data = {"command": "return_to_base" if action == "return_home" else action}
    return _json(data) if data is not None else None


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    # The preset's own message for a command, or None to fall back to generic.
    message: Callable[[DeviceConfig, Command], OutgoingMessage | None]
    state_topics: Callable[[DeviceConfig], tuple[str, ...]]


def _json_preset(payload: Callable[[DeviceConfig, Command], str | None]) -> Callable[..., OutgoingMessage | None]:
    def message(device: DeviceConfig, command: Command) -> OutgoingMessage | None:
        body = payload(device, command)
        return OutgoingMessage(_set_topic(device), body) if body is not None else None

    return message


def _tasmota_message(device: DeviceConfig, command: Command) -> OutgoingMessage | None:
    found = _tasmota_command(device, command)
    if found is None:
        return None
    name, payload = found
    return OutgoingMessage(f"{_tasmota_prefix(device)}/{name}", payload)


PRESETS: dict[str, Preset] = {
    # The bare topic too: devices.md says state comes from `topic`, and commands never go there.
    "generic": Preset(_json_preset(_generic_payload), lambda d: (f"{_base(d)}/state", _base(d))),
    "zigbee2mqtt": Preset(_json_preset(_z2m_payload), lambda d: (_base(d),)),
    "tasmota": Preset(
        _tasmota_message,
        lambda d: tuple(
            f"{prefix}/{tasmota_name(d)}/{leaf}"
            for prefix, leaf in (("stat", "RESULT"), ("stat", "POWER"), ("tele", "STATE"), ("tele", "SENSOR"))
        ),
    ),
    "ha_json": Preset(_json_preset(_ha_json_payload), lambda d: (_base(d),)),
}


def _generic_message(device: DeviceConfig, command: Command) -> OutgoingMessage:
    return OutgoingMessage(_set_topic(device), _generic_payload(device, command))


def _template_value(value: Value) -> str:
    if value is None:
        return ""
    return str(_number(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _from_template(device: DeviceConfig, command: Command, template: str, topic: str) -> OutgoingMessage:
    fields = {"value": _template_value(command.value), "device": device.id, "action": command.action}
    try:
        return OutgoingMessage(topic, Template(template).substitute(fields))
    except (KeyError, ValueError) as exc:
        raise PayloadError(
            f"{device.id}'s payload template for {command.action} is broken ({exc}); "
            "use $value, $device, $action, and $$ for a dollar sign"
        ) from None


def messages_for(device: DeviceConfig, command: Command) -> list[OutgoingMessage]:
    """What to publish for this command (nothing for get_state). Raises PayloadError."""
    if command.action == "get_state":
        return []
    preset = PRESETS[device.mqtt.preset]
    template = device.mqtt.payloads.get(command.action)
    if template is not None:
        try:
            native = preset.message(device, command)
        except PayloadError:  # the template may take what the preset cannot (a colour name)
            native = None
        topic = native.topic if native else _set_topic(device)
        return [_from_template(device, command, template, topic)]
    return [preset.message(device, command) or _generic_message(device, command)]


def state_topics(device: DeviceConfig) -> tuple[str, ...]:
    """Where this device's state is published: `state_topic`, else the preset's defaults."""
    if device.mqtt.state_topic:
        return (device.mqtt.state_topic,)
    return PRESETS[device.mqtt.preset].state_topics(device)
