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
    # The speaker has finished after this much silence...
    trailing_silence_s: float = 0.8
    # ...or after this little when the recogniser already holds a complete command.
    early_silence_s: float = 0.25
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


class Endpointer:
    """Feed one verdict per 10 ms frame; the answer says whether the command is over."""

    def __init__(self, settings: EndpointSettings) -> None:
        self.settings = settings
        self.elapsed_s = 0.0
        self.speech_s = 0.0
        self.silence_s = 0.0
        self.last_speech_end_s: float | None = None

    @property
    def heard_speech(self) -> bool:
        return self.speech_s >= self.settings.min_speech_s

    def feed(self, is_speech: bool, command_complete: Callable[[], bool] | None = None) -> Endpoint:
        """`command_complete` is asked once per pause, when the pause reaches early_silence_s."""
        self.elapsed_s += FRAME_SECONDS
        pause_before = self.silence_s
        if is_speech:
            self.speech_s += FRAME_SECONDS
            self.silence_s = 0.0
            self.last_speech_end_s = self.elapsed_s
        else:
            self.silence_s += FRAME_SECONDS
        s = self.settings
        if not self.heard_speech:
            return Endpoint.NO_SPEECH if self.elapsed_s >= s.no_speech_timeout_s else Endpoint.LISTENING
        if (
            command_complete is not None
            and pause_before < s.early_silence_s <= self.silence_s
            and command_complete()
        ):
            return Endpoint.SPOKE_EARLY
        if self.silence_s >= s.trailing_silence_s:
            return Endpoint.SPOKE
        if self.elapsed_s >= s.max_s:
            return Endpoint.TOO_LONG
        return Endpoint.LISTENING
