"""Fixtures for the service tests: the example home on the test broker, a running service,
and a recorder that sees every message and survives broker restarts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from wire_recorder import WireRecorder

from assistant.commands import Command
from assistant.config import load_home
from assistant.mqtt import messages_for
from assistant.service.app import AssistantService, ServiceOptions
from assistant.service.understanders import UnderstanderBuilder

# Long enough never to lapse during a test that does not want it to.
NO_LAPSE_S = 60.0


# The recorder every service test listens with (tests/conftest.py).
Recorder = WireRecorder


@pytest.fixture
def recorder(wire: Recorder) -> Recorder:
    return wire


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

