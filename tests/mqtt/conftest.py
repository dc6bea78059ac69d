"""Fixtures for the MQTT tests: the preset test home, a wire listener, connections closed after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
from mqtt_support import PRESETS_HOME, Listener
from paho.mqtt.enums import CallbackAPIVersion

from assistant.config import Home, load_home
from assistant.mqtt import MqttConnection


@pytest.fixture
def preset_home() -> Home:
    return load_home(PRESETS_HOME)


@pytest.fixture
def listener(mosquitto: Any) -> Iterator[Listener]:
    """Subscribed to everything on the `mosquitto` broker before the test starts."""
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    recorder = Listener(client)
    client.on_connect = recorder.on_connect
    client.on_subscribe = recorder.on_subscribe
    client.on_disconnect = recorder.on_disconnect
    client.on_message = recorder.on_message
    client.reconnect_delay_set(min_delay=0.1, max_delay=0.5)  # type: ignore[arg-type]
    client.connect(mosquitto.host, mosquitto.port)
    client.loop_start()
    assert recorder.wait_subscribed(), "the listener could not subscribe"
    yield recorder
    client.disconnect()
    client.loop_stop()


@pytest.fixture
def connect() -> Iterator[Callable[..., MqttConnection]]:
    """connect(home, **options) -> a connected MqttConnection, closed after the test."""
    opened: list[MqttConnection] = []

    def _connect(home: Home, **options: object) -> MqttConnection:
        connection = MqttConnection(home.data.mqtt, **options)  # type: ignore[arg-type]
        connection.connect(timeout=5)
        opened.append(connection)
        return connection

    yield _connect
    for connection in opened:
        connection.close()


@pytest.fixture
def example_home(example_config: Path) -> Home:
    return load_home(example_config)
