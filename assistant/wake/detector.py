"""The wake word stage's interface, and the refractory period every engine shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class WakeWordError(Exception):
    """An unknown wake word or an unloadable model; the message is one line for the user."""


@dataclass(frozen=True)
class WakeDetection:
    """Which wake word was heard, how sure the engine was, and when (seconds of audio fed)."""

    name: str
    probability: float
    at_s: float


class WakeWordDetector(Protocol):
    names: tuple[str, ...]

    def process(self, pcm: bytes) -> WakeDetection | None:
        """Feed 16 kHz mono int16 audio (whole 10 ms frames); a detection ends the chunk."""

    def reset(self) -> None:
        """Forget the audio fed so far (after a command, before listening again)."""


class Refractory:
    """One utterance wakes once: detections within `period_s` of audio after the last are ignored."""

    def __init__(self, period_s: float) -> None:
        self.period_s = period_s
        self.last_at_s: float | None = None

    def allows(self, at_s: float) -> bool:
        if self.last_at_s is not None and at_s - self.last_at_s < self.period_s:
            return False
        self.last_at_s = at_s
        return True
