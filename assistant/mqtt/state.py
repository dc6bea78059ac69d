"""The last state seen from each device, and get_state answered as a sentence.

Payloads are read as their devices send them: JSON objects (Zigbee2MQTT, Home Assistant JSON,
Tasmota's RESULT/STATE/SENSOR, merged since Tasmota sends partial updates) or plain text
("ON", "locked", "21.5"; Tasmota's stat/<name>/POWER).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho

from assistant.config.home import Home
from assistant.config.schema import DeviceConfig
from assistant.mqtt.connection import MqttConnection, ReceivedMessage
from assistant.devices import device_type
from assistant.devices.reading import StateReading
from assistant.language import Language
from assistant.mqtt.presets import state_topics

@dataclass
class DeviceState:
    """Everything a device last said, keys lowercased; nested objects are flattened in too."""

    fields: dict[str, Any] = field(default_factory=dict)
    raw: str = ""
    received_at: float = 0.0  # time.monotonic()


def parse_payload(topic: str, payload: bytes) -> dict[str, Any]:
    """Fields of one state message."""
    text = payload.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = text
    if isinstance(data, dict):
        return _flatten(data)
    key = "power" if topic.rsplit("/", 1)[-1].upper().startswith("POWER") else "state"
    return {key: data}


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Lowercased keys; a nested object's keys too (Tasmota's {"DS18B20": {"Temperature": 21}})."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for inner_key, inner_value in _flatten(value).items():
                out.setdefault(inner_key, inner_value)
        out[key.lower()] = value
    return out


def _be(device: DeviceConfig, language: Language) -> str:
    last = device.name.split()[-1].lower()
    return language.text("state.are" if last.endswith("s") and not last.endswith("ss") else "state.is")


def describe_state(device: DeviceConfig, state: DeviceState, home: Home) -> str:
    """The sentence for one device's state, as its type reads it ("The kitchen light is on.")."""
    language = home.language
    reading = StateReading(
        fields=state.fields,
        preset=device.mqtt.preset,
        device_class=device.device_class or "",
        degrees=f" °{home.temperature_unit}",
        language=language,
    )
    phrase = device_type(device.type).describe(reading)
    name = language.device_name(device.name)
    name = name[0].upper() + name[1:]
    if not phrase:
        return language.say("state.last_said", name=name, raw=state.raw)
    return language.say("state.sentence", name=name, be=_be(device, language), phrase=phrase)


class StateTracker:
    """Subscribes to the devices' state topics and remembers what each last said."""

    def __init__(self, home: Home, connection: MqttConnection) -> None:
        self.home = home
        self.connection = connection
        self._lock = threading.Condition()
        self._states: dict[str, DeviceState] = {}
        self._by_topic: dict[str, list[DeviceConfig]] = {}
        self._wildcards: list[tuple[str, DeviceConfig]] = []

    def start(self, device_ids: Iterable[str] | None = None, timeout: float = 5.0) -> bool:
        """Subscribe to these devices' state topics (all devices when None).

        True once the broker acknowledged (retained states arrive right after)."""
        wanted = None if device_ids is None else set(device_ids)
        for device in self.home.devices:
            if wanted is not None and device.id not in wanted:
                continue
            for topic in state_topics(device):
                if "+" in topic or "#" in topic:
                    self._wildcards.append((topic, device))
                else:
                    self._by_topic.setdefault(topic, []).append(device)
        filters = [*self._by_topic, *(topic for topic, _ in self._wildcards)]
        return self.connection.subscribe(filters, self._on_message, timeout)

    def stop(self) -> None:
        """Stop following state (e.g. when a reloaded devices.yaml replaces this tracker)."""
        self.connection.unsubscribe(self._on_message)

    def _devices_for(self, topic: str) -> list[DeviceConfig]:
        found = list(self._by_topic.get(topic, ()))
        found += [d for pattern, d in self._wildcards if paho.topic_matches_sub(pattern, topic) and d not in found]
        return found

    def _on_message(self, message: ReceivedMessage) -> None:
        fields = parse_payload(message.topic, message.payload)
        raw = message.payload.decode("utf-8", errors="replace").strip()
        with self._lock:
            for device in self._devices_for(message.topic):
                state = self._states.setdefault(device.id, DeviceState())
                state.fields.update(fields)  # Tasmota and Zigbee2MQTT may send only what changed
                state.raw = raw
                state.received_at = time.monotonic()
            self._lock.notify_all()

    def state(self, device_id: str) -> DeviceState | None:
        with self._lock:
            state = self._states.get(device_id)
            return DeviceState(dict(state.fields), state.raw, state.received_at) if state else None

    def wait_for(self, device_ids: Iterable[str], timeout: float) -> bool:
        """True once every one of these devices has said something; False after `timeout`."""
        wanted = set(device_ids)
        with self._lock:
            return self._lock.wait_for(lambda: wanted <= self._states.keys(), timeout)

    def answer(self, device_id: str) -> str:
        """The get_state answer for one device, as a sentence."""
        device = self.home.device(device_id)
        if device is None:
            return self.home.language.say("state.no_device", device=device_id)
        state = self.state(device_id)
        if state is None:
            return self.home.language.say("state.not_heard", device=self.home.language.device_name(device.name))
        return describe_state(device, state, self.home)
