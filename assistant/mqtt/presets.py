"""The MQTT messages a command becomes, and where state comes from, per device preset.

Presets (docs/mqtt.md has the table and the projects' own documentation it follows):
`zigbee2mqtt`, `tasmota`, `homeassistant` (Home Assistant's MQTT platforms: plain payloads,
per-field command topics), `esphome` (ESPHome's native MQTT topics), `ha_json` (Home
Assistant's JSON schema, which only lights have) and `generic` (the project's own JSON, for a
bridge such as Node-RED). Each device type's module (assistant/devices/) says its payload per
preset; `mqtt.options` says what differs between devices of one preset.

An action a preset has no message for is refused (`Unsupported`), never sent somewhere else.
A device's `payloads:` template for an action replaces the preset's payload on the preset's
topic for it; for `tasmota`, a template for an action without a Tasmota command is written as
Tasmota's console writes it (`IRSend {...}`) and goes to `cmnd/<name>/<Command>`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from string import Template

from assistant.commands import Command, Value
from assistant.config.payload_templates import json_template_problem, looks_like_json
from assistant.config.schema import DeviceConfig
from assistant.devices import device_type
from assistant.devices.spec import Json
from assistant.devices.wire import PayloadError, Unsupported, color_hex, color_rgb, number

__all__ = [
    "PRESETS",
    "OutgoingMessage",
    "PayloadError",
    "Unsupported",
    "color_hex",
    "color_rgb",
    "messages_for",
    "state_topics",
]

# Tasmota's console form: a command name, then its payload ("IRSend {...}", "Power2 ON").
TASMOTA_CONSOLE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class OutgoingMessage:
    topic: str
    payload: str


def _json(data: Json) -> str:
    return json.dumps(data, separators=(",", ":"))


def _base(device: DeviceConfig) -> str:
    return device.mqtt.topic.rstrip("/")


def _set_topic(device: DeviceConfig) -> str:
    return device.mqtt.command_topic or f"{_base(device)}/set"


# -- generic: the project's own JSON ------------------------------------------------------


def _generic(device: DeviceConfig, command: Command) -> OutgoingMessage:
    return OutgoingMessage(_set_topic(device), _json({"action": command.action, "value": command.value}))


# -- zigbee2mqtt and ha_json: one JSON object on <topic>/set ------------------------------


def _endpoint_keys(device: DeviceConfig, data: Json) -> Json:
    """Zigbee2MQTT's multi-endpoint devices take `<key>_<endpoint>` (state_l1, brightness_left)."""
    endpoint = device.mqtt.options.endpoint
    return {f"{key}_{endpoint}": value for key, value in data.items()} if endpoint else data


def _zigbee2mqtt(device: DeviceConfig, command: Command) -> OutgoingMessage | None:
    data = device_type(device.type).presets.zigbee2mqtt(device, command)
    return OutgoingMessage(_set_topic(device), _json(_endpoint_keys(device, data))) if data is not None else None


def _ha_json(device: DeviceConfig, command: Command) -> OutgoingMessage | None:
    data = device_type(device.type).presets.ha_json(device, command)
    return OutgoingMessage(_set_topic(device), _json(data)) if data is not None else None


# -- tasmota: cmnd/<name>/<Command> ---------------------------------------------------------


def tasmota_name(device: DeviceConfig) -> str:
    """The device's Tasmota topic: the last part of `topic` (tasmota/kitchen_light -> kitchen_light)."""
    return _base(device).rsplit("/", 1)[-1]


def _tasmota_prefix(device: DeviceConfig) -> str:
    return (device.mqtt.command_topic or f"cmnd/{tasmota_name(device)}").rstrip("/")


def _tasmota(device: DeviceConfig, command: Command) -> OutgoingMessage | None:
    found = device_type(device.type).presets.tasmota(device, command)
    if found is None:
        return None
    name, payload = found
    return OutgoingMessage(f"{_tasmota_prefix(device)}/{name}", payload)


# -- homeassistant and esphome: plain payloads, a command topic per field -----------------


# ESPHome's names for the fields whose Home Assistant names the type modules use.
ESPHOME_FIELDS = {"percentage": "speed_level", "temperature": "target_temperature"}


def _plain(
    suffix: str, hook: str, names: dict[str, str] | None = None
) -> Callable[[DeviceConfig, Command], OutgoingMessage | None]:
    """Home Assistant's MQTT platforms (`<topic>/set`, `<topic>/<field>/set`) or ESPHome's
    (`<topic>/command`, `<topic>/<field>/command`); `command_topic` and `options.topics`
    replace them."""
    renamed = names or {}

    def message(device: DeviceConfig, command: Command) -> OutgoingMessage | None:
        hooks = device_type(device.type).presets
        found = hooks.homeassistant(device, command) if hook == "homeassistant" else hooks.esphome(device, command)
        if found is None:
            return None
        field, payload = found
        if field is None:
            return OutgoingMessage(device.mqtt.command_topic or f"{_base(device)}/{suffix}", payload)
        topics: dict[str, str] = {str(key): value for key, value in device.mqtt.options.topics.items()}
        topic = topics.get(field) or f"{_base(device)}/{renamed.get(field, field)}/{suffix}"
        return OutgoingMessage(topic, payload)

    return message


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    # The preset's message for a command, or None: it has none for this action.
    message: Callable[[DeviceConfig, Command], OutgoingMessage | None]
    state_topics: Callable[[DeviceConfig], tuple[str, ...]]
    # Where a payload template goes when the preset has no message of its own for the action.
    template_topic: Callable[[DeviceConfig], str]
    # The device types the preset is for (None: every type), and what to use for the others.
    types: frozenset[str] | None = None
    instead: str = ""


def _tasmota_state_topics(device: DeviceConfig) -> tuple[str, ...]:
    name = tasmota_name(device)
    leaves = (("stat", "RESULT"), ("stat", "POWER"), ("tele", "STATE"), ("tele", "SENSOR"))
    return tuple(f"{prefix}/{name}/{leaf}" for prefix, leaf in leaves)


PRESETS: dict[str, Preset] = {
    # The bare topic too: devices.md says state comes from `topic`, and commands never go there.
    "generic": Preset(_generic, lambda d: (f"{_base(d)}/state", _base(d)), _set_topic),
    "zigbee2mqtt": Preset(_zigbee2mqtt, lambda d: (_base(d),), _set_topic),
    "tasmota": Preset(_tasmota, _tasmota_state_topics, _tasmota_prefix),
    "homeassistant": Preset(
        _plain("set", "homeassistant"),
        lambda d: (_base(d), f"{_base(d)}/state"),
        lambda d: d.mqtt.command_topic or f"{_base(d)}/set",
    ),
    "esphome": Preset(
        _plain("command", "esphome", ESPHOME_FIELDS),
        lambda d: (f"{_base(d)}/state",),
        lambda d: d.mqtt.command_topic or f"{_base(d)}/command",
    ),
    "ha_json": Preset(
        _ha_json,
        lambda d: (_base(d),),
        _set_topic,
        types=frozenset({"light"}),
        instead="Home Assistant's JSON schema exists only for lights; use preset: homeassistant",
    ),
}


def _template_value(value: Value, in_json: bool) -> str:
    text = str(number(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    # In JSON a value is escaped, so a quote in it can neither end the string nor add keys.
    return json.dumps(text)[1:-1] if in_json else text


def _from_template(device: DeviceConfig, command: Command, template: str, topic: str) -> OutgoingMessage:
    broken = f"{device.id}'s payload template for {command.action} is broken"
    in_json = looks_like_json(template)
    fields = {"device": device.id, "action": command.action}
    if command.value is not None:
        fields["value"] = _template_value(command.value, in_json)
    try:
        payload = Template(template).substitute(fields)
    except KeyError as exc:
        if exc.args == ("value",):
            raise PayloadError(f"{broken}: {command.action} has no value for $value") from None
        raise PayloadError(f"{broken} ({exc}); use $value, $device, $action, and $$ for a dollar sign") from None
    except ValueError as exc:
        raise PayloadError(f"{broken} ({exc}); use $value, $device, $action, and $$ for a dollar sign") from None
    if in_json:
        try:
            json.loads(payload)
        except ValueError:
            raise PayloadError(f"{broken}: it is not JSON with this value ({payload})") from None
    return OutgoingMessage(topic, payload)


def _template_message(device: DeviceConfig, command: Command, template: str) -> OutgoingMessage:
    preset = PRESETS[device.mqtt.preset]
    try:
        native = preset.message(device, command)
    except PayloadError:  # the template may take what the preset cannot (a colour name)
        native = None
    if native is not None:
        return _from_template(device, command, template, native.topic)
    if device.mqtt.preset != "tasmota":
        return _from_template(device, command, template, preset.template_topic(device))
    console = TASMOTA_CONSOLE.match(template)
    if console is None:
        raise PayloadError(
            f"{device.id}'s payload template for {command.action} must name the Tasmota command, "
            "as Tasmota's console takes it ('IRSend {...}', 'Power2 ON')"
        )
    name, rest = console.group(1), console.group(2) or ""
    return _from_template(device, command, rest, f"{_tasmota_prefix(device)}/{name}")


def messages_for(device: DeviceConfig, command: Command) -> list[OutgoingMessage]:
    """What to publish for this command (nothing for get_state). Raises PayloadError, or
    Unsupported when the device's preset has no message for the action."""
    if command.action == "get_state":
        return []
    name = device.mqtt.preset
    preset = PRESETS[name]
    template = device.mqtt.payloads.get(command.action)
    if template is not None:
        return [_template_message(device, command, template)]
    if preset.types is not None and device.type not in preset.types:
        raise Unsupported(f"{device.name}: {preset.instead}")
    message = preset.message(device, command)
    if message is None:
        raise Unsupported(f"{device.name} cannot do {command.action}: the {name} preset has no message for a {device.type}'s")
    return [message]


def state_topics(device: DeviceConfig) -> tuple[str, ...]:
    """Where this device's state is published: `state_topic`, else the preset's defaults."""
    if device.mqtt.state_topic:
        return (device.mqtt.state_topic,)
    return PRESETS[device.mqtt.preset].state_topics(device)


# A value of each kind that any device of the type takes, to try each action at `check`.
PROBE_VALUES: dict[str, Value] = {"percent": 50, "color": "warm white", "mode": "heat"}


def preset_problems(device: DeviceConfig) -> list[tuple[str, str]]:
    """What `check` refuses about how this device's preset reaches it: (key under `mqtt`,
    message). An action the preset has no message for is refused where the device could
    avoid it (a feature it lists, or a preset with no message for any of its actions); a
    template that cannot be sent (a Tasmota template without its command) is refused too."""
    kind = device_type(device.type)
    problems: list[tuple[str, str]] = []
    unsupported: list[str] = []
    actions = [a for a in kind.actions_for(tuple(device.features)) if a != "get_state"]
    for action in actions:
        spec = kind.action(action)
        value_kind = spec.value if spec else "none"
        value: Value = device.min_temperature or 20 if value_kind == "temperature" else PROBE_VALUES.get(value_kind)
        try:
            messages_for(device, Command(device.id, action, value))
        except Unsupported as exc:
            unsupported.append(action)
            if spec is not None and spec.feature is not None:
                problems.append(("features", f"{exc}; remove the feature {spec.feature!r} or use another preset"))
        except PayloadError as exc:
            template = device.mqtt.payloads.get(action)
            # (a template that is broken JSON is reported by json_template_problem)
            if template is not None and json_template_problem(action, template) is None:
                problems.append((f"payloads.{action}", str(exc)))
    if actions and len(unsupported) == len(actions):
        preset = PRESETS[device.mqtt.preset]
        if preset.types is not None and device.type not in preset.types:
            return [("preset", f"{preset.instead} (this is a {device.type})")]
        listed = ", ".join(actions)
        return [("preset", f"the {device.mqtt.preset} preset has no message for a {device.type} ({listed}); "
                 "use another preset or give each action a payloads: template")]
    return problems
