"""The last state seen from each device, and get_state answered as a sentence.

Payloads are read as their devices send them: JSON objects (Zigbee2MQTT, Home Assistant JSON,
Tasmota's RESULT/STATE/SENSOR, merged since Tasmota sends partial updates) or plain text
("ON", "locked", "21.5"; Tasmota's stat/<name>/POWER).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho

from assistant.config.home import Home
from assistant.config.schema import DeviceConfig
from assistant.devices import device_type
from assistant.devices.reading import StateReading
from assistant.language import Language
from assistant.mqtt.availability import AvailabilityTracker
from assistant.mqtt.connection import DeliveryError, MqttConnection, ReceivedMessage
from assistant.mqtt.presets import state_topics
from assistant.mqtt.queries import preset_option, state_queries, zigbee2mqtt_endpoint

log = logging.getLogger(__name__)

@dataclass
class DeviceState:
    """Everything a device last said, keys lowercased; nested objects are flattened in too."""

    fields: dict[str, Any] = field(default_factory=dict)
    raw: str = ""
    received_at: float = 0.0  # time.monotonic()


# Keys a nested object never sets at the top: an on/off of its own (Tasmota's ENERGY.Power is
# watts, Zigbee2MQTT's update.state is the firmware update's). They stay under their path.
_NESTED_NOT_TOP = re.compile(r"^(state|power\d*|.*_state)$")
# Nested blocks about the device rather than its state (Zigbee2MQTT's firmware `update`): kept
# under their path only.
_METADATA_BLOCKS = frozenset({"update"})
# Per-field state topics (`<base>/<field>/state`, Home Assistant's and ESPHome's plain payloads)
# whose value is that field rather than the device's `state`.
FIELD_TOPICS = frozenset(
    {"position", "speed_level", "percentage", "target_temperature", "current_temperature", "mode", "brightness", "tilt"}
)
# Nesting deeper than this is not read (no device nests so deep; a payload could).
MAX_DEPTH = 4


def parse_payload(topic: str, payload: bytes) -> dict[str, Any]:
    """Fields of one state message."""
    text = payload.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = text
    if isinstance(data, dict):
        return _flatten(data)
    leaves = topic.rsplit("/", 2)
    if leaves[-1].upper().startswith("POWER"):  # Tasmota's stat/<name>/POWER<n>
        return {leaves[-1].lower(): data}
    if len(leaves) == 3 and leaves[-1] == "state" and leaves[-2] in FIELD_TOPICS:
        return {leaves[-2]: data}
    return {"state": data}


def _flatten(data: dict[str, Any], path: str = "", depth: int = 0) -> dict[str, Any]:
    """Lowercased keys; a nested object's keys too, under their path (`energy.power`) and, unless
    they are an on/off of their own, bare (Tasmota's {"DS18B20": {"Temperature": 21}})."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).lower()
        if isinstance(value, dict) and depth < MAX_DEPTH:
            for inner_key, inner_value in _flatten(value, f"{path}{name}.", depth + 1).items():
                bare = inner_key.rsplit(".", 1)[-1]
                out.setdefault(inner_key, inner_value)
                if "." in inner_key and not _NESTED_NOT_TOP.match(bare) and name not in _METADATA_BLOCKS:
                    out.setdefault(bare, inner_value)
        out[f"{path}{name}"] = value
    return out


def _be(device: DeviceConfig, language: Language) -> str:
    last = device.name.split()[-1].lower()
    return language.text("state.are" if last.endswith("s") and not last.endswith("ss") else "state.is")


def _own_fields(device: DeviceConfig, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as this device's entry reads them: a multi-gang Zigbee2MQTT device's endpoint
    keys (`state_left`, `brightness_l2`) stand for `state`, `brightness`; a Tasmota relay's
    POWER<n> for `power`."""
    preset = str(device.mqtt.preset)
    if preset == "zigbee2mqtt" and (endpoint := zigbee2mqtt_endpoint(device)):
        suffix = f"_{endpoint.lower()}"
        own = {k[: -len(suffix)]: v for k, v in fields.items() if k.endswith(suffix) and len(k) > len(suffix)}
        return {**fields, **own}
    relay = preset_option(device, "relay")
    if preset == "tasmota" and isinstance(relay, int) and not isinstance(relay, bool):
        return {**fields, "power": fields.get(f"power{relay}", fields.get("power") if relay == 1 else None)}
    return fields


def _sentence_name(device: DeviceConfig, language: Language) -> str:
    name = language.device_name(device.name)
    return name[0].upper() + name[1:]


def describe_state(device: DeviceConfig, state: DeviceState, home: Home) -> str:
    """The sentence for one device's state, as its type reads it ("The kitchen light is on.")."""
    language = home.language
    reading = StateReading(
        fields=_own_fields(device, state.fields),
        preset=device.mqtt.preset,
        device_class=device.device_class or "",
        degrees=f" °{home.temperature_unit}",
        language=language,
    )
    phrase = device_type(device.type).describe(reading)
    name = _sentence_name(device, language)
    if not phrase:
        return language.say("state.last_said", name=name, raw=state.raw)
    return language.say("state.sentence", name=name, be=_be(device, language), phrase=phrase)


class StateTracker:
    """Subscribes to the devices' state (and availability) topics and remembers what each last
    said; asks the devices that can be asked when their state is unknown or too old."""

    def __init__(self, home: Home, connection: MqttConnection, availability: AvailabilityTracker | None = None) -> None:
        self.home = home
        self.connection = connection
        self.availability = availability if availability is not None else AvailabilityTracker(home, connection)
        self._lock = threading.Condition()
        self._states: dict[str, DeviceState] = {}
        self._by_topic: dict[str, list[DeviceConfig]] = {}
        self._wildcards: list[tuple[str, DeviceConfig]] = []
        self._following: set[str] = set()
        self._stopped = False

    def start(self, device_ids: Iterable[str] | None = None, timeout: float = 5.0, ask: bool = True) -> bool:
        """Subscribe to these devices' state topics (all devices when None), and with `ask` ask
        those that can be asked for their state (again after every reconnect).

        True once the broker acknowledged (retained states arrive right after)."""
        wanted = None if device_ids is None else set(device_ids)
        for device in self.home.devices:
            if wanted is not None and device.id not in wanted:
                continue
            self._following.add(device.id)
            for topic in state_topics(device):
                if "+" in topic or "#" in topic:
                    self._wildcards.append((topic, device))
                else:
                    self._by_topic.setdefault(topic, []).append(device)
        self.availability.start(self._following, timeout=0)
        filters = [*self._by_topic, *(topic for topic, _ in self._wildcards)]
        subscribed = self.connection.subscribe(filters, self._on_message, timeout)
        if ask:
            # Sent after the SUBSCRIBE on the same connection, so the broker has the
            # subscription before any answer arrives.
            self.ask(self._following)
            self.connection.add_listener(self._on_connection)
        return subscribed

    def stop(self) -> None:
        """Stop following state (e.g. when a reloaded devices.yaml replaces this tracker)."""
        self._stopped = True  # a reconnect already under way may still call _on_connection
        self.connection.remove_listener(self._on_connection)
        self.connection.unsubscribe(self._on_message)
        self.availability.stop()

    def _on_connection(self, connected: bool) -> None:
        if connected and not self._stopped:
            self.ask(self._following)

    def ask(self, device_ids: Iterable[str]) -> float:
        """Ask these devices for their state (those their preset can ask); the time asked."""
        asked_at = time.monotonic()
        for device_id in device_ids:
            device = self.home.device(device_id)
            if device is None:
                continue
            for query in state_queries(device):
                try:  # QoS 0, never waiting: this may run on the network thread
                    self.connection.publish(query.topic, query.payload, qos=0)
                except DeliveryError as error:
                    log.info("could not ask %s for its state: %s", device_id, error)
        return asked_at

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

    def refresh(self, device_ids: Iterable[str], timeout: float) -> bool:
        """Make these devices' states current before a question is answered: wait briefly for
        retained states, ask the devices whose state is unknown or older than the broker's
        `state_max_age`, and wait for their answer. True when every one is current in time."""
        wanted = list(dict.fromkeys(device_ids))
        deadline = time.monotonic() + timeout
        self.availability.settle(timeout)
        max_age = self.home.data.mqtt.state_max_age
        now = time.monotonic()
        askable = [d for d in wanted if (device := self.home.device(d)) is not None and state_queries(device)]
        # Devices that retain their state (or cannot be asked) only need it to arrive.
        with self._lock:
            stale = [d for d in askable if self._too_old(d, now, max_age)]
        if stale:
            asked_at = self.ask(stale)
            with self._lock:
                self._lock.wait_for(lambda: all(self._heard_since(d, asked_at) for d in stale), deadline - time.monotonic())
        return self.wait_for(wanted, max(0.0, deadline - time.monotonic()))

    def _too_old(self, device_id: str, now: float, max_age: float | None) -> bool:
        state = self._states.get(device_id)
        return state is None or (max_age is not None and now - state.received_at > max_age)

    def _heard_since(self, device_id: str, since: float) -> bool:
        state = self._states.get(device_id)
        return state is not None and state.received_at >= since

    def answer(self, device_id: str) -> str:
        """The get_state answer for one device, as a sentence."""
        language = self.home.language
        device = self.home.device(device_id)
        if device is None:
            return language.say("state.no_device", device=device_id)
        if self.availability.offline(device_id):
            return language.say("state.offline", name=_sentence_name(device, language), be=_be(device, language))
        state = self.state(device_id)
        if state is None:
            return language.say("state.not_heard", device=language.device_name(device.name))
        return describe_state(device, state, self.home)
