"""The short sounds on wake, done and error, made here from sine tones (no sound files to ship)."""

from __future__ import annotations

from enum import Enum

import numpy as np

TONE_RATE = 22050


class Cue(Enum):
    WAKE = "wake"  # listening now
    DONE = "done"  # the command went out
    ERROR = "error"  # nothing was done


# Each cue: (frequency Hz, seconds) notes played in order.
_NOTES: dict[Cue, tuple[tuple[float, float], ...]] = {
    Cue.WAKE: ((880.0, 0.08), (1320.0, 0.1)),
    Cue.DONE: ((1320.0, 0.08), (1760.0, 0.12)),
    Cue.ERROR: ((440.0, 0.15), (330.0, 0.25)),
}


def _note(frequency: float, duration_s: float, volume: float) -> np.ndarray:
    t = np.arange(int(duration_s * TONE_RATE)) / TONE_RATE
    # A short fade in and out so the tone does not click.
    envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)
    return volume * envelope * np.sin(2 * np.pi * frequency * t)


def cue_pcm(cue: Cue, volume: float = 0.3) -> bytes:
    """Mono int16 PCM at TONE_RATE."""
    audio = np.concatenate([_note(f, s, volume) for f, s in _NOTES[cue]])
    return (audio * 32767).astype(np.int16).tobytes()
