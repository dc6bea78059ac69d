"""The speech-to-text stage's interface: one stream per utterance, fed as it is spoken."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


class SpeechToTextError(Exception):
    """A model that cannot be loaded or a bad setting; the message is one line for the user."""


@dataclass(frozen=True)
class Transcript:
    """What was heard. `text` is empty when nothing this home understands was said."""

    text: str
    engine: str
    # Why the text is empty: "out of grammar", "silence", ...
    rejected: str | None = None
    # The words before rejection, for logs (with `open`: the home's language model's guess).
    heard: str = ""
    # `text` is an open transcript (general English, not a template sentence), offered to an
    # understanding that includes the LLM.
    open: bool = False
    # The engine's own confidence, where it gives one (Whisper): the average token log-probability
    # and the probability that nothing was said.
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    # ms per recognition pass, for a recogniser of several ("closed_pass", "open_pass"): the
    # loop adds them to the command's timings.
    stage_ms: Mapping[str, float] = field(default_factory=dict)


class RecognitionStream(Protocol):
    def accept(self, pcm: bytes) -> None:
        """16 kHz mono int16 audio, in order."""

    def partial(self) -> str:
        """The best guess so far (may be empty)."""

    def finish(self) -> Transcript: ...


class SpeechToText(Protocol):
    name: str

    def start(self, answer_expected: bool = False) -> RecognitionStream:
        """A stream for one utterance. `answer_expected`: a question was asked, so an answer to it
        ("yes", "no", the PIN's digits; answers.py) is a transcript too, though no command."""
        ...
