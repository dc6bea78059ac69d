"""Deciding when a command has ended, frame by frame, in audio time (never wall-clock time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from assistant.audio.pcm import FRAME_SECONDS


@dataclass(frozen=True)
class EndpointSettings:
    # Nobody spoke within this long after the wake word: give up.
    no_speech_timeout_s: float = 4.0
    # The speaker has finished after this much silence (VAD silence or quiet frames)...
    trailing_silence_s: float = 0.6
    # ...or after this little when the recogniser already holds a complete command...
    early_silence_s: float = 0.1
    # ...or after this long back at the room's noise level (the VAD says "silence" about half
    # a second late; the frame energy falls at once) with a complete command.
    early_quiet_s: float = 0.15
    # A command never lasts longer than this.
    max_s: float = 10.0
    # Speech this short is a click or a breath, not the start of a command.
    min_speech_s: float = 0.1


class Endpoint(Enum):
    LISTENING = "listening"  # keep feeding frames
    SPOKE = "spoke"  # trailing silence after speech
    SPOKE_EARLY = "spoke_early"  # a short silence after a complete command
    TOO_LONG = "too_long"  # max_s reached while still speaking
    NO_SPEECH = "no_speech"  # nothing said before the timeout


def _frames(seconds: float) -> int:
    return max(1, round(seconds / FRAME_SECONDS))


class Endpointer:
    """Feed one verdict per 10 ms frame; the answer says whether the command is over.

    Counts whole frames (never sums float seconds), so decisions fall on exact frames.
    """

    def __init__(self, settings: EndpointSettings) -> None:
        self.settings = settings
        self.frames = 0
        self.speech_frames = 0
        self.silent_frames = 0
        self.quiet_frames = 0
        self.last_speech_frame: int | None = None
        self.limits = {
            "no_speech": _frames(settings.no_speech_timeout_s),
            "trailing": _frames(settings.trailing_silence_s),
            "early": _frames(settings.early_silence_s),
            "early_quiet": _frames(settings.early_quiet_s),
            "max": _frames(settings.max_s),
            "min_speech": _frames(settings.min_speech_s),
        }

    @property
    def elapsed_s(self) -> float:
        return self.frames * FRAME_SECONDS

    @property
    def last_speech_end_s(self) -> float | None:
        return None if self.last_speech_frame is None else self.last_speech_frame * FRAME_SECONDS

    @property
    def heard_speech(self) -> bool:
        return self.speech_frames >= self.limits["min_speech"]

    def feed(self, is_speech: bool, command_complete: Callable[[], bool] | None = None, quiet: bool = False) -> Endpoint:
        """`is_speech` is the VAD's verdict, `quiet` the loudness tracker's. `command_complete` is
        asked when a pause reaches early_quiet_s of quiet or early_silence_s of VAD silence."""
        self.frames += 1
        if is_speech:
            self.speech_frames += 1
            self.silent_frames = 0
        else:
            self.silent_frames += 1
        self.quiet_frames = self.quiet_frames + 1 if quiet else 0
        if is_speech and not quiet:  # the VAD's late "speech" over quiet frames is not speech
            self.last_speech_frame = self.frames
        limits = self.limits
        if not self.heard_speech:
            return Endpoint.NO_SPEECH if self.frames >= limits["no_speech"] else Endpoint.LISTENING
        pause_to_check = self.quiet_frames == limits["early_quiet"] or self.silent_frames == limits["early"]
        if command_complete is not None and pause_to_check and command_complete():
            return Endpoint.SPOKE_EARLY
        # Either signal may end it: the room back at its noise level (the VAD is late), or the
        # VAD's silence (a noisy room never looks quiet).
        if max(self.silent_frames, self.quiet_frames) >= limits["trailing"]:
            return Endpoint.SPOKE
        if self.frames >= limits["max"]:
            return Endpoint.TOO_LONG
        return Endpoint.LISTENING
