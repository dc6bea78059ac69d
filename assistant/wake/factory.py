"""Choosing and loading a wake word engine by name (the names: config.schema.WakeEngine)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.config.schema import WakeEngine
from assistant.wake.detector import WakeWordDetector

DEFAULT_WAKE_WORD = "hey_jarvis"

# (wake words, models folder, seconds before the same word may wake again) -> a detector.
WakeBuilder = Callable[[tuple[str, ...], Path | None, float], WakeWordDetector]


def _micro(names: tuple[str, ...], models_dir: Path | None, refractory_s: float) -> WakeWordDetector:
    from assistant.wake.micro import MicroWakeWordDetector

    return MicroWakeWordDetector(names, models_dir, refractory_s=refractory_s)


def _openwakeword(names: tuple[str, ...], models_dir: Path | None, refractory_s: float) -> WakeWordDetector:
    from assistant.wake.openwake import OpenWakeWordDetector

    return OpenWakeWordDetector(names, models_dir, refractory_s=refractory_s)


# One entry per WakeEngine value (tests/voice/test_registries.py checks they agree).
WAKE_ENGINES: dict[WakeEngine, WakeBuilder] = {
    "micro": _micro,
    "openwakeword": _openwakeword,
}


def build_wake_detector(
    names: tuple[str, ...] = (DEFAULT_WAKE_WORD,),
    engine: WakeEngine = "micro",
    models_dir: Path | None = None,
    refractory_s: float = 2.0,
) -> WakeWordDetector:
    names = tuple(n.strip().lower().replace(" ", "_") for n in names)
    return WAKE_ENGINES[engine](names, models_dir, refractory_s)
