"""The speech-to-text stage's interface: one stream per utterance, fed as it is spoken."""

from __future__ import annotations

from dataclasses import dataclass
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


class RecognitionStream(Protocol):
    def accept(self, pcm: bytes) -> None:
        """16 kHz mono int16 audio, in order."""

    def partial(self) -> str:
        """The best guess so far (may be empty)."""

    def finish(self) -> Transcript: ...


class SpeechToText(Protocol):
    name: str

    def start(self) -> RecognitionStream: ...
