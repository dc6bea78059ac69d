"""Two recognisers, fast first: a closed one (the home's sentences only: pocketsphinx's model of
them, or Vosk limited to their words) hears the command while it is spoken; at the endpoint, a
template command it is sure of is the transcript at once. Otherwise the open one (Whisper) hears
the whole recorded command and its transcript goes on (to the templates, then the LLM), or is
rejected.

Measured (README, "Speech-to-text models"): on Piper-spoken commands and sentences only the LLM
reads, a template command the closed pass heard as its best guess was the right command every
time, while one it took from its lower guesses (the n-best list) was not always: that is "sure"
(`closed_is_sure`). When the two disagree the open transcript wins, and an open pass that rejects
the audio (unsure, no speech) is not overruled by a closed guess the closed pass was unsure of:
a wrong action is worse than none.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Protocol

import numpy as np

from assistant.stt.engine import RecognitionStream, SpeechToText, Transcript

log = logging.getLogger(__name__)


class OpenRecognizer(Protocol):
    """The second pass: a whole recorded command at once (WhisperRecognizer)."""

    name: str

    def transcribe(self, pcm: bytes | np.ndarray, answer_expected: bool = False) -> Transcript: ...


def closed_is_sure(transcript: Transcript) -> bool:
    """A command (or an answer) the closed pass heard as its best guess, not one of its lower
    guesses standing in for words that were no command."""
    return bool(transcript.text) and not transcript.open and transcript.text == transcript.heard


class TwoPassStream:
    def __init__(self, owner: TwoPassRecognizer, answer_expected: bool) -> None:
        self.owner = owner
        self.answer_expected = answer_expected
        self.closed = owner.closed.start(answer_expected)
        self.audio = bytearray()

    def accept(self, pcm: bytes) -> None:
        self.closed.accept(pcm)
        self.audio += pcm

    def partial(self) -> str:
        # The endpointer ends early on a complete template command: the closed pass's guess.
        return self.closed.partial()

    def finish(self) -> Transcript:
        started = time.perf_counter()
        closed = self.closed.finish()
        stages = {"closed_pass": (time.perf_counter() - started) * 1000}
        if closed_is_sure(closed):
            return replace(closed, engine=self.owner.name, stage_ms=stages)
        started = time.perf_counter()
        heard = self.owner.open.transcribe(bytes(self.audio), self.answer_expected)
        stages["open_pass"] = (time.perf_counter() - started) * 1000
        if closed.text and closed.text != heard.text:
            log.info("closed pass %r unsure; open pass %r decides", closed.text, heard.text or heard.rejected)
        return replace(heard, engine=self.owner.name, stage_ms=stages)


class TwoPassRecognizer:
    """`closed` while the command is spoken, `open` after its end when `closed` is not sure."""

    def __init__(self, closed: SpeechToText, open_pass: OpenRecognizer) -> None:
        self.closed = closed
        self.open = open_pass
        self.name = f"{closed.name}+{open_pass.name}"

    def start(self, answer_expected: bool = False) -> RecognitionStream:
        return TwoPassStream(self, answer_expected)
