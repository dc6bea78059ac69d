"""A test client that records every message a broker routes (used by the MQTT and service tests)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import paho.mqtt.client as paho


@dataclass
class WireRecorder:
    """A separate client subscribed to "#" on a test broker: every message the broker routes,
    in order; it subscribes again after a broker restart."""

    client: paho.Client
    messages: list[tuple[str, bytes, bool]] = field(default_factory=list)  # topic, payload, retained
    changed: threading.Condition = field(default_factory=threading.Condition)
    subscribed: bool = False

    def on_connect(self, client: paho.Client, userdata: object, flags: object, reason: object, props: object) -> None:
        client.subscribe("#", qos=1)

    def on_subscribe(self, *args: object) -> None:
        with self.changed:
            self.subscribed = True
            self.changed.notify_all()

    def on_disconnect(self, *args: object) -> None:
        with self.changed:
            self.subscribed = False
            self.changed.notify_all()

    def on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        with self.changed:
            self.messages.append((message.topic, bytes(message.payload), bool(message.retain)))
            self.changed.notify_all()

    def wait_subscribed(self, timeout: float = 10.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.subscribed, timeout)

    def wait_count(self, count: int, timeout: float = 5.0) -> list[tuple[str, bytes]]:
        """(topic, payload) of every message once there are `count` (fewer after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: len(self.messages) >= count, timeout)
            return [(topic, payload) for topic, payload, _ in self.messages]

    def wait_for(self, topic: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        """Payloads seen on `topic` once there are `count` (fewer after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: len(self.on(topic)) >= count, timeout)
            return self.on(topic)

    def on(self, topic: str) -> list[str]:
        return [payload.decode() for t, payload, _ in self.messages if t == topic]

    def topics(self) -> list[str]:
        with self.changed:
            return [t for t, _, _ in self.messages]
