"""Helpers for the voice tests (a module of its own: test files import it by name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.audio.sources import PcmBufferSource
from assistant.audio.wavfile import read_wav
from assistant.commands import Command
from assistant.config.schema import VoiceSettings
from assistant.handling.handler import UtteranceHandler
from assistant.pipeline.assemble import VoiceParts, VoiceSetup
from assistant.pipeline.loop import HeardCommand
from assistant.stt import SpeechToText, Transcript

HERE = Path(__file__).parent


def load_data(name: str) -> Any:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def quiet_settings(**changes: Any) -> VoiceSettings:
    """Real engines, no sounds or speech (nobody listens to a test), pocketsphinx."""
    return VoiceSettings(**{"sounds": False, "speech": False, "stt": "pocketsphinx", **changes})


def run_voice(voice: VoiceParts, handler: UtteranceHandler, pcm: bytes, no_wake: bool = False) -> list[HeardCommand]:
    """Every command the loop heard in this audio (wake word hey_jarvis unless no_wake)."""
    parts = VoiceParts(voice.home, quiet_settings(), VoiceSetup(no_wake=no_wake), voice.stt, voice.check, voice.feedback)
    return parts.loop(PcmBufferSource(pcm), handler).run()


def delivered(heard: list[HeardCommand]) -> list[Command]:
    """Commands the broker acknowledged."""
    return [d.command for h in heard if h.reply for d in h.reply.deliveries if d.delivered]


def wav(audio_dir: Path, name: str) -> bytes:
    return read_wav(audio_dir / name)


def transcribe(stt: SpeechToText, pcm: bytes) -> Transcript:
    """One utterance straight through a recogniser, fed as the loop feeds it."""
    stream = stt.start()
    for start in range(0, len(pcm), 960):
        stream.accept(pcm[start : start + 960])
    return stream.finish()
