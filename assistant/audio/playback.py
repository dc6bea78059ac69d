"""Where sounds go: the speaker (sounddevice), or nowhere when processing files."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from assistant.audio.microphone import load_sounddevice


class Player(Protocol):
    def play(self, pcm: bytes, rate: int) -> None:
        """Play mono int16 PCM and return when it has been heard."""


class SpeakerPlayer:
    """The default output device."""

    def __init__(self, device: str | int | None = None) -> None:
        self.sd = load_sounddevice()
        self.device = device

    def play(self, pcm: bytes, rate: int) -> None:
        self.sd.play(np.frombuffer(pcm, dtype=np.int16), samplerate=rate, device=self.device, blocking=True)


class SilentPlayer:
    """Plays nothing; remembers how much would have played (for tests and file runs)."""

    def __init__(self) -> None:
        self.played_seconds = 0.0
        self.count = 0

    def play(self, pcm: bytes, rate: int) -> None:
        self.played_seconds += len(pcm) / (2 * rate)
        self.count += 1
