"""Two recognisers, fast first: a closed one (the home's sentences only: pocketsphinx's model of
them, or Vosk limited to their words) hears the command while it is spoken; at the endpoint, a
template command it is sure of is the transcript at once. Otherwise the open one (Whisper) hears
the whole recorded command and its transcript goes on (to the templates, then the LLM), or is
rejected.

Measured (README, "Speech-to-text models"): on Piper-spoken commands and sentences only the LLM
reads, 51 template commands the closed pass heard as its best guess were the right command 49
times, while of 3 it took from its lower guesses (the n-best list) one was a different command
("switch of the bedroom lamp" as "switch on ..."); Whisper heard all three right. So "sure"
(`closed_is_sure`) is the best guess, and at least three words: a two-word guess is too little
evidence (the real keyword list's "hey siri" came out as "that hoover", a command). When the two
disagree the open transcript wins, and an open pass that rejects the audio (unsure, no speech)
is not overruled by a closed guess the closed pass was unsure of: a wrong action is worse than
none. An answer to a question ("yes", "no") is short by nature: it is sure as the best guess.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Protocol

import numpy as np

from assistant.stt.engine import RecognitionStream, SpeechToText, Transcript

log = logging.getLogger(__name__)

# The fewest words of a command the closed pass decides alone.
MIN_SURE_WORDS = 3


class OpenRecognizer(Protocol):
    """The second pass: a whole recorded command at once (WhisperRecognizer)."""

    name: str

    def transcribe(self, pcm: bytes | np.ndarray, answer_expected: bool = False) -> Transcript: ...


def closed_is_sure(transcript: Transcript, answer_expected: bool = False) -> bool:
    """A command of at least MIN_SURE_WORDS words (or, while one is awaited, an answer) that the
    closed pass heard as its best guess, not one of its lower guesses standing in for words that
    were no command."""
    if not transcript.text or transcript.open or transcript.text != transcript.heard:
        return False
    return answer_expected or len(transcript.text.split()) >= MIN_SURE_WORDS


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
        if closed_is_sure(closed, self.answer_expected):
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
