"""Choosing and loading a wake word engine by name."""

from __future__ import annotations

from pathlib import Path

from assistant.wake.detector import WakeWordDetector, WakeWordError

WAKE_ENGINES = ("micro", "openwakeword")
DEFAULT_WAKE_WORD = "hey_jarvis"


def build_wake_detector(
    names: tuple[str, ...] = (DEFAULT_WAKE_WORD,),
    engine: str = "micro",
    models_dir: Path | None = None,
    refractory_s: float = 2.0,
) -> WakeWordDetector:
    names = tuple(n.strip().lower().replace(" ", "_") for n in names)
    if engine == "micro":
        from assistant.wake.micro import MicroWakeWordDetector

        return MicroWakeWordDetector(names, models_dir, refractory_s=refractory_s)
    if engine == "openwakeword":
        from assistant.wake.openwake import OpenWakeWordDetector

        return OpenWakeWordDetector(names, models_dir, refractory_s=refractory_s)
    raise WakeWordError(f"unknown wake word engine {engine!r}: choose one of {', '.join(WAKE_ENGINES)}")
