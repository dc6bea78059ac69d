"""The messages that ask a device for its state, per preset (nothing for presets whose devices
retain their state).

- Zigbee2MQTT: `<topic>/get` with the keys the device type reads, each `""`
  (`{"state": ""}`; a thermostat's mode and temperatures, a sensor's reading); a multi-gang
  device's endpoint keys (`state_left`).
- Tasmota: an empty `cmnd/<name>/STATE` (every relay, dimmer, colour and fan speed answer on
  `stat/<name>/RESULT`); a shutter's empty `ShutterPosition`. Tasmota sensors report on their
  TelePeriod and are not asked.
- Home Assistant MQTT, ESPHome, ha_json and generic: nothing; their states are retained.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from assistant.config.schema import DeviceConfig
from assistant.mqtt.presets import OutgoingMessage, tasmota_name

# Types with no state to ask for.
STATELESS_TYPES = frozenset({"scene", "script"})
# The Zigbee2MQTT keys each type's answer reads (a sensor's is its device class).
ZIGBEE2MQTT_KEYS: dict[str, tuple[str, ...]] = {
    "light": ("state", "brightness"),
    "switch": ("state",),
    "fan": ("state", "fan_mode", "speed"),
    "cover": ("state", "position"),
    "valve": ("state", "position"),
    "climate": ("system_mode", "local_temperature", "occupied_heating_setpoint", "current_heating_setpoint"),
    "lock": ("state",),
    "media_player": ("state",),
    "vacuum": ("state",),
}


def preset_option(device: DeviceConfig, name: str) -> Any:
    """A per-device preset option (devices.yaml `mqtt.options`, where the schema has it)."""
    options = getattr(device.mqtt, "options", None)
    if isinstance(options, Mapping):
        return options.get(name)
    return getattr(options, name, None) if options is not None else None


def zigbee2mqtt_endpoint(device: DeviceConfig) -> str | None:
    """The endpoint a multi-gang device's entry stands for: its `endpoint` option, else the
    `state_<endpoint>` its payload templates send (`{"state_left": "ON"}`)."""
    endpoint = preset_option(device, "endpoint")
    if endpoint:
        return str(endpoint)
    for template in device.mqtt.payloads.values():
        try:
            keys = json.loads(template.replace("$value", "0"))
        except ValueError:
            continue
        if isinstance(keys, dict):
            found = [k[len("state_"):] for k in keys if isinstance(k, str) and k.startswith("state_")]
            if found:
                return found[0]
    return None


def _zigbee2mqtt(device: DeviceConfig) -> list[OutgoingMessage]:
    if device.type in ("sensor", "binary_sensor"):
        keys: tuple[str, ...] = (device.device_class,) if device.device_class else ("state",)
    else:
        keys = ZIGBEE2MQTT_KEYS.get(device.type, ("state",))
    endpoint = zigbee2mqtt_endpoint(device)
    if endpoint:
        keys = tuple(f"{key}_{endpoint}" for key in keys)
    payload = json.dumps(dict.fromkeys(keys, ""), separators=(",", ":"))
    return [OutgoingMessage(f"{device.mqtt.topic.rstrip('/')}/get", payload)]


def _tasmota(device: DeviceConfig) -> list[OutgoingMessage]:
    if device.type in ("sensor", "binary_sensor"):
        return []
    # The preset's command prefix: the device's command_topic, else cmnd/<name>.
    prefix = (device.mqtt.command_topic or f"cmnd/{tasmota_name(device)}").rstrip("/")
    command = "ShutterPosition" if device.type == "cover" else "STATE"
    return [OutgoingMessage(f"{prefix}/{command}", "")]


QUERIES: dict[str, Callable[[DeviceConfig], list[OutgoingMessage]]] = {
    "zigbee2mqtt": _zigbee2mqtt,
    "tasmota": _tasmota,
}


def state_queries(device: DeviceConfig) -> list[OutgoingMessage]:
    """What to publish to make this device say its state (empty: it cannot be asked)."""
    if device.type in STATELESS_TYPES or device.mqtt.state_topic:
        return []  # a state_topic of its own: the device is not speaking its preset's contract
    ask = QUERIES.get(str(device.mqtt.preset))
    return ask(device) if ask else []
