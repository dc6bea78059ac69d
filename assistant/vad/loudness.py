"""Is this 10 ms frame back down at the room's noise level? A fast end-of-speech signal.

The VAD models keep saying "speech" for about half a second after the speaker stops (they
smooth over context); the frame energy falls within one frame. Relative to a running estimate
of the room's noise floor and of the current command's loudness, a quiet frame is one much
nearer the floor than the voice. A noisy room never looks quiet, and then the VAD decides alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.audio.pcm import FRAME_SAMPLES


def frame_levels_db(pcm: bytes) -> np.ndarray:
    """The energy of each whole 10 ms frame, in dB of int16 units."""
    samples = np.frombuffer(pcm, dtype=np.int16)
    frames = samples[: len(samples) // FRAME_SAMPLES * FRAME_SAMPLES].reshape(-1, FRAME_SAMPLES)
    energy = (frames.astype(np.float32) ** 2).mean(axis=1)
    return np.asarray(10.0 * np.log10(energy + 1.0))


@dataclass(frozen=True)
class LoudnessSettings:
    # Between commands the floor follows quieter frames quickly and louder ones slowly (per
    # 10 ms frame: a fan switched on is learnt in seconds, talk does not lift it much); during
    # a command it only falls, so the voice itself never raises it.
    floor_fall: float = 0.1
    floor_rise: float = 0.002
    # Quiet: below floor + this share of the way from the floor to the command's peak...
    quiet_share: float = 0.35
    # ...and never closer to the floor than this (an almost silent command).
    min_margin_db: float = 6.0
    # Where the floor starts before any audio was heard (room noise of a typical microphone).
    initial_floor_db: float = 40.0


class LoudnessTracker:
    """Fed every frame, recording or not; `start_command` forgets the previous command's peak."""

    def __init__(self, settings: LoudnessSettings | None = None) -> None:
        self.settings = settings or LoudnessSettings()
        self.floor_db = self.settings.initial_floor_db
        self.peak_db = self.floor_db

    def start_command(self) -> None:
        self.peak_db = self.floor_db

    def listen(self, pcm: bytes) -> None:
        """Frames heard outside a command (while waiting for the wake word): the floor only."""
        for level in frame_levels_db(pcm):
            self._follow_floor(float(level))

    def is_quiet(self, frame: bytes) -> bool:
        """One 10 ms frame of a command."""
        level = float(frame_levels_db(frame)[0])
        if level < self.floor_db:
            self._follow_floor(level)
        self.peak_db = max(self.peak_db, level)
        margin = max(self.settings.min_margin_db, self.settings.quiet_share * (self.peak_db - self.floor_db))
        return level < self.floor_db + margin

    def _follow_floor(self, level: float) -> None:
        rate = self.settings.floor_fall if level < self.floor_db else self.settings.floor_rise
        self.floor_db += rate * (level - self.floor_db)
