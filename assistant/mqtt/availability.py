"""Whether each device is online, read from its preset's availability topic.

- Zigbee2MQTT: `<topic>/availability`, `{"state":"online"}` (or plain `online`, as before 1.33).
- Tasmota: `tele/<name>/LWT`, `Online` / `Offline` (the last will).
- Home Assistant MQTT / ESPHome: the device's `availability_topic` with `payload_available` /
  `payload_not_available` (default `online` / `offline`); ESPHome's default is `<prefix>/status`.
- A device's own `availability_topic` replaces the preset's.

A device never heard from is not offline: only a message that says so makes it offline, so a
home without availability topics behaves as before.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

import paho.mqtt.client as paho

from assistant.config.home import Home
from assistant.config.schema import DeviceConfig
from assistant.mqtt.connection import MqttConnection, ReceivedMessage
from assistant.mqtt.presets import tasmota_name

DEFAULT_ONLINE = "online"
DEFAULT_OFFLINE = "offline"


@dataclass(frozen=True)
class AvailabilitySource:
    """Where a device says whether it is online, and the words it uses (compared ignoring case)."""

    topic: str
    online: str = DEFAULT_ONLINE
    offline: str = DEFAULT_OFFLINE


def _esphome_status(device: DeviceConfig) -> str | None:
    """ESPHome's `<prefix>/status`: the topic is `<prefix>/<component>/<object_id>`."""
    parts = device.mqtt.topic.rstrip("/").split("/")
    return "/".join(parts[:-2]) + "/status" if len(parts) >= 3 else None


def availability_source(device: DeviceConfig) -> AvailabilitySource | None:
    """Where this device's availability comes from, or None when its preset has none."""
    mqtt = device.mqtt
    online = mqtt.payload_available or DEFAULT_ONLINE
    offline = mqtt.payload_not_available or DEFAULT_OFFLINE
    if mqtt.availability_topic:
        return AvailabilitySource(mqtt.availability_topic, online, offline)
    preset = str(mqtt.preset)
    if preset == "zigbee2mqtt":
        return AvailabilitySource(f"{mqtt.topic.rstrip('/')}/availability", online, offline)
    if preset == "tasmota":
        return AvailabilitySource(f"tele/{tasmota_name(device)}/LWT", mqtt.payload_available or "Online",
                                  mqtt.payload_not_available or "Offline")  # fmt: skip
    if preset == "esphome" and (status := _esphome_status(device)):
        return AvailabilitySource(status, online, offline)
    return None


def read_availability(payload: bytes, source: AvailabilitySource) -> bool | None:
    """True online, False offline, None for anything else (ignored)."""
    text = payload.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = text
    if isinstance(data, dict):  # Zigbee2MQTT's {"state": "online"}
        data = data.get("state")
    if not isinstance(data, str):
        return None
    said = data.strip().lower()
    if said == source.online.lower():
        return True
    if said == source.offline.lower():
        return False
    return None


class AvailabilityTracker:
    """Subscribes to the devices' availability topics and remembers who said they are offline."""

    def __init__(self, home: Home, connection: MqttConnection) -> None:
        self.home = home
        self.connection = connection
        self._lock = threading.Lock()
        self._online: dict[str, bool] = {}
        self._sources: list[tuple[AvailabilitySource, DeviceConfig]] = []
        self._settled = threading.Event()

    def start(self, device_ids: set[str] | None = None, timeout: float = 5.0) -> bool:
        for device in self.home.devices:
            source = availability_source(device)
            if source is not None and (device_ids is None or device.id in device_ids):
                self._sources.append((source, device))
        return self.connection.subscribe([s.topic for s, _ in self._sources], self._on_message, timeout)

    def stop(self) -> None:
        self.connection.unsubscribe(self._on_message)
        self.connection.unsubscribe(self._on_barrier)

    def settle(self, timeout: float) -> bool:
        """Wait (once per tracker) until the retained availability messages have been read, so
        a command right after start-up (`assistant send`) knows who is offline.

        The broker sends a subscription's retained messages right after its acknowledgement and
        handles one client's packets in order; so once a later subscription is acknowledged, the
        earlier one's retained messages have reached this client's (single) network thread."""
        if self._settled.is_set() or not self._sources:
            return True
        # Tried once: a failed try (no broker) is not repeated, so subscriptions never pile up.
        self._settled.set()
        return self.connection.subscribe(
            f"{self.connection.broker.base_topic}availability/settled", self._on_barrier, timeout
        )

    def _on_barrier(self, message: ReceivedMessage) -> None:
        """Nothing is published there; the subscription only marks a point in the stream."""

    def _on_message(self, message: ReceivedMessage) -> None:
        for source, device in self._sources:
            if paho.topic_matches_sub(source.topic, message.topic):
                said = read_availability(message.payload, source)
                if said is not None:
                    with self._lock:
                        self._online[device.id] = said

    def offline(self, device_id: str) -> bool:
        """True only when the device's availability topic last said offline."""
        with self._lock:
            return self._online.get(device_id) is False
