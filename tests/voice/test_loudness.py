"""The loudness tracker: quiet means back at the room's noise level, relative to the voice."""

from __future__ import annotations

import numpy as np

from assistant.audio.pcm import FRAME_BYTES
from assistant.feedback.speech import room_noise
from assistant.vad.loudness import LoudnessTracker


def tone(seconds: float, amplitude: float) -> bytes:
    t = np.arange(int(seconds * 16000)) / 16000
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.int16).tobytes()


def verdicts(tracker: LoudnessTracker, pcm: bytes) -> list[bool]:
    return [tracker.is_quiet(pcm[i : i + FRAME_BYTES]) for i in range(0, len(pcm), FRAME_BYTES)]


def command_in(noise_level: float) -> tuple[LoudnessTracker, list[bool], list[bool]]:
    """Ten seconds of the room, then a spoken-loud tone, then the room again."""
    tracker = LoudnessTracker()
    tracker.listen(room_noise(10.0, level=noise_level))
    tracker.start_command()
    voice = verdicts(tracker, tone(1.0, 3000) + room_noise(0.2, level=noise_level, seed=1))
    after = verdicts(tracker, room_noise(0.5, level=noise_level, seed=2))
    return tracker, voice, after


def test_the_voice_is_not_quiet() -> None:
    _, voice, _ = command_in(noise_level=30)
    assert not any(voice[:100])


def test_the_room_after_the_voice_is_quiet_from_the_first_frame() -> None:
    _, voice, after = command_in(noise_level=30)
    assert all(voice[100:])
    assert all(after)


def test_the_floor_is_learnt_from_the_room_before_the_command() -> None:
    tracker, _, _ = command_in(noise_level=300)  # about 50 dB, louder than the starting guess
    assert abs(tracker.floor_db - 49.5) < 2


def test_the_voice_does_not_raise_the_floor() -> None:
    tracker = LoudnessTracker()
    tracker.listen(room_noise(2.0))
    before = tracker.floor_db
    tracker.start_command()
    verdicts(tracker, tone(5.0, 3000))
    assert tracker.floor_db <= before


def test_a_room_as_loud_as_the_voice_is_never_quiet() -> None:
    tracker = LoudnessTracker()
    tracker.listen(tone(3.0, 3000))
    tracker.start_command()
    assert not any(verdicts(tracker, tone(1.0, 3000)))
