"""The wake word stage's interface, and the refractory period every engine shares."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH


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


class StreamingWakeDetector:
    """What every engine shares: several models over one feature frontend, a per-word threshold,
    the refractory period, and the first word over its threshold ending the chunk."""

    def __init__(self, names: tuple[str, ...], models: dict[str, Any], thresholds: dict[str, float],
                 features: Any, refractory_s: float) -> None:
        self.names = names
        self.models = models
        self.thresholds = thresholds
        self.features = features
        self.refractory = Refractory(refractory_s)
        self.fed_s = 0.0

    def probabilities(self, pcm: bytes) -> Iterator[tuple[str, float]]:
        """(word, probability) for each model step this audio completes."""
        raise NotImplementedError

    def process(self, pcm: bytes) -> WakeDetection | None:
        self.fed_s += len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
        found = None
        # Consume the whole chunk so every model's streaming state stays in step.
        for name, probability in self.probabilities(pcm):
            if probability > self.thresholds[name] and found is None:
                found = WakeDetection(name, probability, self.fed_s)
        if found and self.refractory.allows(found.at_s):
            return found
        return None

    def reset(self) -> None:
        self.features.reset()
        for model in self.models.values():
            model.reset()


def load_wake_model(name: str, models_dir: Path | None, engine: str, suffix: str,
                    from_file: Callable[[Path], Any], builtin: dict[str, Callable[[], Any]]) -> Any:
    """A model from models/<name><suffix>, else a built-in word, else a one-line WakeWordError."""
    custom = models_dir / f"{name}{suffix}" if models_dir else None
    if custom and custom.is_file():
        return from_file(custom)
    if name in builtin:
        return builtin[name]()
    where = f" or {models_dir}/{name}{suffix}" if models_dir else ""
    raise WakeWordError(f"unknown {engine} wake word {name!r}: built in are {', '.join(builtin)}{where}")
