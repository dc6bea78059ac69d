"""Helpers for the MQTT tests: test data, homes pointed at the test broker, a wire listener."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import yaml

from assistant.config import Home
from assistant.mqtt import MqttConnection

HERE = Path(__file__).parent
PRESETS_HOME = HERE / "presets_home.yaml"


def load_cases(name: str) -> Any:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def home_on_broker(home: Home, host: str, port: int, **broker_settings: object) -> Home:
    """The same home, talking to this broker."""
    broker = home.data.mqtt.model_copy(update={"host": host, "port": port, **broker_settings})
    return Home(home.data.model_copy(update={"mqtt": broker}), home.path)


@dataclass
class Listener:
    """A separate paho client that records every message the broker routes ("#"), and
    subscribes again after a broker restart."""

    client: paho.Client
    messages: list[tuple[str, bytes]] = field(default_factory=list)
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
            self.messages.append((message.topic, bytes(message.payload)))
            self.changed.notify_all()

    def wait_subscribed(self, timeout: float = 10.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.subscribed, timeout)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[tuple[str, bytes]]:
        """The messages seen once there are `count` (fewer after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)


# The `connect` fixture: connect(home, **MqttConnection options) -> a connected connection.
Connect = Callable[..., MqttConnection]
