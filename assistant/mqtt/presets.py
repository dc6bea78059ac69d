"""The MQTT messages a command becomes, and where state comes from, per device preset.

Presets (docs/mqtt.md has the table): `generic` (our own JSON), `zigbee2mqtt`, `tasmota` and
`ha_json` (Home Assistant's MQTT JSON schema), each with the payloads those devices accept.
Each device type's module (assistant/devices/) says its payload per preset; a preset that has
no native form for an action falls back to `generic` on `<topic>/set`.
A device's `payloads:` template for an action replaces the preset's payload, and its
`command_topic` replaces the preset's topic (for tasmota: the `cmnd/<name>` prefix).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from string import Template

from assistant.commands import Command, Value
from assistant.config.schema import DeviceConfig
from assistant.devices import device_type
from assistant.devices.spec import Json
from assistant.devices.wire import PayloadError, color_hex, color_rgb, number

__all__ = ["PRESETS", "OutgoingMessage", "PayloadError", "color_hex", "color_rgb", "messages_for", "state_topics"]


@dataclass(frozen=True)
class OutgoingMessage:
    topic: str
    payload: str


def _json(data: Json) -> str:
    return json.dumps(data, separators=(",", ":"))


def _base(device: DeviceConfig) -> str:
    return device.mqtt.topic.rstrip("/")


# -- generic -----------------------------------------------------------------------------


def _set_topic(device: DeviceConfig) -> str:
    return device.mqtt.command_topic or f"{_base(device)}/set"


def _generic_payload(device: DeviceConfig, command: Command) -> str:
    return _json({"action": command.action, "value": command.value})


# -- JSON presets and tasmota: the device type's hook says the payload ------------------


def _zigbee2mqtt_payload(device: DeviceConfig, command: Command) -> str | None:
    data = device_type(device.type).presets.zigbee2mqtt(device, command)
    return _json(data) if data is not None else None


def _ha_json_payload(device: DeviceConfig, command: Command) -> str | None:
    data = device_type(device.type).presets.ha_json(device, command)
    return _json(data) if data is not None else None


def tasmota_name(device: DeviceConfig) -> str:
    """The device's Tasmota topic: the last part of `topic` (tasmota/kitchen_light -> kitchen_light)."""
    return _base(device).rsplit("/", 1)[-1]


def _tasmota_prefix(device: DeviceConfig) -> str:
    return (device.mqtt.command_topic or f"cmnd/{tasmota_name(device)}").rstrip("/")


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
    found = device_type(device.type).presets.tasmota(device, command)
    if found is None:
        return None
    name, payload = found
    return OutgoingMessage(f"{_tasmota_prefix(device)}/{name}", payload)


PRESETS: dict[str, Preset] = {
    # The bare topic too: devices.md says state comes from `topic`, and commands never go there.
    "generic": Preset(_json_preset(_generic_payload), lambda d: (f"{_base(d)}/state", _base(d))),
    "zigbee2mqtt": Preset(_json_preset(_zigbee2mqtt_payload), lambda d: (_base(d),)),
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
    return str(number(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


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
