"""Vosk (Kaldi) with a model from models/: open transcription, a vocabulary limited to the home's
sentences, or open transcription snapped to the nearest sentence the templates know (and, when
the LLM understands too, passed on openly when no sentence is near)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import get_args

from hassil import Intents
from hassil.intents import SlotList
from rapidfuzz import fuzz, process

from assistant.config.schema import VoskMode
from assistant.stt.answers import AnswerWords
from assistant.stt.domain import TemplateCheck, build_domain_model
from assistant.stt.engine import SpeechToTextError, Transcript
from assistant.stt.templates import HomeNames

log = logging.getLogger(__name__)

VOSK_MODES = get_args(VoskMode)
# How close (0-100) an open transcript must be to a known sentence to be snapped to it.
SNAP_CUTOFF = 85.0


def model_words(model_dir: Path) -> frozenset[str] | None:
    """The words a Vosk model can output (graph/words.txt), when the model lists them."""
    words = model_dir / "graph" / "words.txt"
    if not words.is_file():
        return None
    return frozenset(line.split()[0] for line in words.read_text(encoding="utf-8").splitlines() if line.strip())


class VoskStream:
    def __init__(self, recognizer: VoskRecognizer, answer_expected: bool = False) -> None:
        from vosk import KaldiRecognizer

        self.owner = recognizer
        self.answer_expected = answer_expected
        if recognizer.grammar is not None:
            self.kaldi = KaldiRecognizer(recognizer.model, 16000, recognizer.grammar)
        else:
            self.kaldi = KaldiRecognizer(recognizer.model, 16000)
        self.finished: list[str] = []

    def accept(self, pcm: bytes) -> None:
        if self.kaldi.AcceptWaveform(pcm):  # Vosk found a pause: keep that part's text
            self.finished.append(json.loads(self.kaldi.Result()).get("text", ""))

    def partial(self) -> str:
        return " ".join([*self.finished, json.loads(self.kaldi.PartialResult()).get("partial", "")]).strip()

    def finish(self) -> Transcript:
        self.finished.append(json.loads(self.kaldi.FinalResult()).get("text", ""))
        heard = " ".join(t for t in self.finished if t).replace("[unk]", "").strip()
        return self.owner.judge(" ".join(heard.split()), self.answer_expected)


class VoskRecognizer:
    name = "vosk"

    def __init__(
        self,
        model_dir: Path,
        intents: Intents,
        slot_lists: dict[str, SlotList],
        mode: VoskMode,
        open_fallback: bool = False,
        answers: AnswerWords = AnswerWords(),
    ) -> None:
        try:
            from vosk import Model, SetLogLevel
        except ImportError:
            raise SpeechToTextError("vosk is not installed: pip install vosk") from None
        if mode not in VOSK_MODES:
            raise SpeechToTextError(f"unknown Vosk mode {mode!r}: choose one of {', '.join(VOSK_MODES)}")
        SetLogLevel(-1)
        try:
            self.model = Model(str(model_dir))
        except Exception as exc:  # vosk raises a bare Exception when a model cannot load
            raise SpeechToTextError(f"cannot load the Vosk model in {model_dir}: {exc}") from None
        self.mode = mode
        # Read in corrected mode only: limited mode cannot hear words outside the home's sentences.
        self.open_fallback = open_fallback
        self.names = HomeNames.of(slot_lists)
        self.check = TemplateCheck(intents, slot_lists)
        self.answers = answers
        self.grammar: str | None = None
        self.known_sentences: list[str] = []
        if mode != "open":
            known = model_words(model_dir)
            known_words = known if known is not None else _AnyWord()
            domain = build_domain_model(
                intents, slot_lists, known_words, tag=f"vosk {model_dir.resolve()}",
                extra=tuple(answers.sentences(known)),  # limited mode must be able to hear "yes"
            )
            if mode == "limited":
                # Vosk reads \u escapes literally: the words must go in as UTF-8 text.
                self.grammar = json.dumps([*sorted(domain.vocabulary), "[unk]"], ensure_ascii=False)
            else:
                self.known_sentences = domain.sentences()

    def start(self, answer_expected: bool = False) -> VoskStream:
        return VoskStream(self, answer_expected)

    def judge(self, heard: str, answer_expected: bool = False) -> Transcript:
        if not heard:
            return Transcript("", self.name, rejected="nothing recognised")
        if answer_expected and self.answers.is_answer(heard):
            return Transcript(heard, self.name, heard=heard)
        if self.mode == "open":
            return Transcript(heard, self.name, heard=heard)
        if self.mode == "corrected" and not self.check.accepts(heard):
            best = process.extractOne(heard, self.known_sentences, scorer=fuzz.ratio, score_cutoff=SNAP_CUTOFF)
            if best is None and self.open_fallback and self.names.named_in(heard):
                return Transcript(heard, self.name, heard=heard, open=True)
            if best is None:
                return Transcript("", self.name, rejected="not near any command this home knows", heard=heard)
            log.info("snapped %r to %r (%.0f)", heard, best[0], best[1])
            return Transcript(best[0], self.name, heard=heard)
        if not self.check.accepts(heard):
            return Transcript("", self.name, rejected="not a command this home knows", heard=heard)
        return Transcript(heard, self.name, heard=heard)


class _AnyWord(frozenset):  # type: ignore[type-arg]
    """A model that lists no words: assume it can say any word."""

    def __contains__(self, word: object) -> bool:
        return True
