"""Fixtures for the MQTT tests: the preset test home, a wire listener, connections closed after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mqtt_support import PRESETS_HOME, Listener

from assistant.config import Home, load_home
from assistant.mqtt import MqttConnection


@pytest.fixture
def preset_home() -> Home:
    return load_home(PRESETS_HOME)


@pytest.fixture
def listener(wire: Listener) -> Listener:
    """Subscribed to everything on the `mosquitto` broker before the test starts."""
    return wire


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
