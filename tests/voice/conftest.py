"""Fixtures for the voice tests: real engines loaded once, Piper audio, a handler on a real broker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.audio.playback import SilentPlayer
from assistant.audio.sources import PcmBufferSource
from assistant.audio.wavfile import read_wav
from assistant.commands import Command
from assistant.config import Home, load_home
from assistant.feedback.player import FeedbackSettings
from assistant.feedback.speech import PiperSpeaker
from assistant.mqtt import CommandPublisher, MqttConnection
from assistant.pipeline.assemble import VoiceOptions, VoiceParts
from assistant.pipeline.handler import CommandHandler
from assistant.pipeline.loop import HeardCommand
from assistant.understanding import build_understander

HERE = Path(__file__).parent


def load_data(name: str) -> Any:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


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


def quiet_options(**changes: Any) -> VoiceOptions:
    """Real engines, no sounds or speech (nobody listens to a test), pocketsphinx."""
    defaults: dict[str, Any] = {"feedback": FeedbackSettings(sounds=False, speech=False), "stt_engine": "pocketsphinx"}
    return VoiceOptions(**{**defaults, **changes})


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


def run_voice(voice: VoiceParts, handler: CommandHandler, pcm: bytes, no_wake: bool = False) -> list[HeardCommand]:
    """Every command the loop heard in this audio (wake word hey_jarvis unless no_wake)."""
    parts = VoiceParts(voice.home, quiet_options(no_wake=no_wake), voice.stt, voice.check, voice.feedback)
    return parts.loop(PcmBufferSource(pcm), handler).run()


def delivered(heard: list[HeardCommand]) -> list[Command]:
    """Commands the broker acknowledged."""
    return [d.command for h in heard if h.reply for d in h.reply.deliveries if d.delivered]


def wav(audio_dir: Path, name: str) -> bytes:
    return read_wav(audio_dir / name)
