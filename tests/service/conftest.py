"""Fixtures for the service tests: the example home on the test broker, a running service,
and a recorder that sees every message and survives broker restarts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from assistant.commands import Command
from assistant.config import load_home
from assistant.mqtt import messages_for
from assistant.service.app import AssistantService, ServiceOptions
from assistant.service.understanders import UnderstanderBuilder

# Long enough never to lapse during a test that does not want it to.
NO_LAPSE_S = 60.0


@dataclass
class Recorder:
    """A separate client subscribed to "#" that re-subscribes after every reconnect."""

    client: paho.Client
    messages: list[tuple[str, str, bool]] = field(default_factory=list)  # topic, payload, retained
    changed: threading.Condition = field(default_factory=threading.Condition)
    subscribed: bool = False

    def on_connect(self, client: paho.Client, userdata: object, flags: object, reason: Any, props: object) -> None:
        client.subscribe("#", qos=1)

    def on_subscribe(self, *args: object) -> None:
        with self.changed:
            self.subscribed = True
            self.changed.notify_all()

    def on_disconnect(self, *args: object) -> None:
        with self.changed:
            self.subscribed = False

    def on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        with self.changed:
            self.messages.append((message.topic, message.payload.decode(), bool(message.retain)))
            self.changed.notify_all()

    def wait_subscribed(self, timeout: float = 10.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.subscribed, timeout)

    def wait_for(self, topic: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        """Payloads seen on `topic` once there are `count` (fewer after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: len(self.on(topic)) >= count, timeout)
            return self.on(topic)

    def on(self, topic: str) -> list[str]:
        return [payload for t, payload, _ in self.messages if t == topic]

    def topics(self) -> list[str]:
        with self.changed:
            return [t for t, _, _ in self.messages]


@pytest.fixture
def recorder(mosquitto: Any) -> Iterator[Recorder]:
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    recording = Recorder(client)
    client.on_connect = recording.on_connect
    client.on_subscribe = recording.on_subscribe
    client.on_disconnect = recording.on_disconnect
    client.on_message = recording.on_message
    client.reconnect_delay_set(0.1, 0.5)
    client.connect(mosquitto.host, mosquitto.port)
    client.loop_start()
    assert recording.wait_subscribed(), "the recorder could not subscribe"
    yield recording
    client.disconnect()
    client.loop_stop()


@pytest.fixture
def make_home(tmp_path: Path, mosquitto: Any, example_config: Path) -> Callable[..., Path]:
    """make_home(confirm=..., devices={id: {key: value}}) -> the example devices.yaml on the
    test broker (commands stale after 1 s), with these `assistant:` settings and device changes."""

    def _make(devices: dict[str, dict[str, Any]] | None = None, **assistant: Any) -> Path:
        data = yaml.safe_load(example_config.read_text(encoding="utf-8"))
        data["mqtt"].update(host=mosquitto.host, port=mosquitto.port, stale_after=1.0, client_id="assistant-under-test")
        data["assistant"].update({"understand": "templates", "confirm": {"timeout": NO_LAPSE_S}, **assistant})
        for device in data["devices"]:
            device.update((devices or {}).get(device["id"], {}))
        path = tmp_path / "devices.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return _make


@pytest.fixture
def home_path(make_home: Callable[..., Path]) -> Path:
    return make_home()


@pytest.fixture
def topic_of(home_path: Path) -> Callable[[str, str], str]:
    """topic_of(device_id, action): where the assistant publishes that command."""
    home = load_home(home_path)

    def _topic(device_id: str, action: str) -> str:
        device = home.device(device_id)
        assert device is not None
        return messages_for(device, Command(device_id, action))[0].topic

    return _topic


@pytest.fixture
def start_service(tmp_path: Path, mosquitto: Any) -> Iterator[Callable[..., AssistantService]]:
    """start_service(config_path) -> a started service whose loop runs in a thread.

    Depends on the broker so that services stop before it does."""
    started: list[tuple[AssistantService, threading.Event, threading.Thread]] = []

    def _start(config_path: Path, watch_files: bool = False, intents_dir: Path | None = None) -> AssistantService:
        options = ServiceOptions(config_path, tmp_path / "state", intents_dir, watch_files)
        service = AssistantService(options, UnderstanderBuilder(intents_dir))
        service.start()
        stop = threading.Event()
        loop = threading.Thread(target=service.run, args=(stop,), daemon=True)
        loop.start()
        started.append((service, stop, loop))
        return service

    yield _start
    for service, stop, loop in started:
        stop.set()
        loop.join(timeout=10)
        service.stop()

