"""Fixtures for the voice tests: real engines loaded once, Piper audio, a handler on a real broker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.audio.playback import SilentPlayer
from assistant.config import Home, load_home
from assistant.feedback.speech import PiperSpeaker
from assistant.mqtt import CommandPublisher, MqttConnection
from assistant.pipeline.assemble import VoiceParts
from assistant.pipeline.handler import CommandHandler
from assistant.understanding import build_understander
from voice_support import quiet_options


@pytest.fixture(scope="session")
def audio_dir(shared_dir: Path) -> Path:
    return shared_dir / "audio"


@pytest.fixture(scope="session")
def manifest(audio_dir: Path) -> list[dict[str, str]]:
    return json.loads((audio_dir / "manifest.json").read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def home(example_config: Path) -> Home:
    return load_home(example_config)


@pytest.fixture(scope="session")
def speaker() -> PiperSpeaker:
    return PiperSpeaker()


@pytest.fixture(scope="session")
def voice(home: Home) -> VoiceParts:
    return VoiceParts.load(home, quiet_options(), SilentPlayer())


@pytest.fixture(scope="session")
def understander(home: Home) -> Any:
    return build_understander(home, mode="templates")


@pytest.fixture
def handler(home: Home, understander: Any, mosquitto: Any) -> Iterator[CommandHandler]:
    broker = home.data.mqtt.model_copy(update={"host": mosquitto.host, "port": mosquitto.port})
    connection = MqttConnection(broker, client_id="voice-test")
    connection.connect(5)
    yield CommandHandler(home, understander, CommandPublisher(home, connection), None)
    connection.close()