"""Helpers for the MQTT tests: test data, homes pointed at the test broker, a wire listener."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from wire_recorder import WireRecorder

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


# The recorder every MQTT test listens with (tests/conftest.py).
Listener = WireRecorder


# The `connect` fixture: connect(home, **MqttConnection options) -> a connected connection.
Connect = Callable[..., MqttConnection]
