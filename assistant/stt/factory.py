"""Choosing the speech-to-text engine by name (the names: config.schema.SttEngine).

Each engine is one entry of `STT_ENGINES`: a function from a `SpeechRequest` to a recogniser.
A new engine is its module, its name in `SttEngine`, and one line here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from hassil import Intents
from hassil.intents import SlotList

from assistant.config import Home
from assistant.config.schema import SttEngine, VoiceSettings
from assistant.stt.answers import AnswerWords
from assistant.stt.domain import TemplateCheck
from assistant.stt.engine import SpeechToText, SpeechToTextError
from assistant.stt.templates import home_templates
from assistant.stt.whisper.models import whisper_available

log = logging.getLogger(__name__)


def find_vosk_model(models_dir: Path) -> Path | None:
    """The first folder under models/ that holds a Vosk model (am/final.mdl)."""
    if not models_dir.is_dir():
        return None
    for candidate in sorted(models_dir.iterdir()):
        if (candidate / "am" / "final.mdl").is_file() or (candidate / "final.mdl").is_file():
            return candidate
    return None


@dataclass(frozen=True)
class SpeechRequest:
    """What an engine is built from: the home, its sentences, its voice settings, where models are."""

    home: Home
    intents: Intents
    slot_lists: dict[str, SlotList]
    settings: VoiceSettings
    models_dir: Path
    # The understanding includes the LLM: speech that is no template sentence is still
    # transcribed (openly) instead of rejected.
    open_fallback: bool = False
    vosk_model: Path | None = None  # None: the first one in models_dir
    intents_dir: Path | None = None  # None: intents/ next to devices.yaml
    # A recogniser built for this home before (a reload): its loaded models are reused.
    previous: SpeechToText | None = None

    @property
    def answers(self) -> AnswerWords:
        return AnswerWords.of(self.home.language)


SpeechEngineBuilder = Callable[[SpeechRequest], SpeechToText]


def _vosk(request: SpeechRequest) -> SpeechToText:
    model = request.vosk_model or find_vosk_model(request.models_dir)
    if model is None:
        raise SpeechToTextError(f"no Vosk model in {request.models_dir}: run `assistant models download vosk-en`")
    from assistant.stt.vosk_engine import VoskRecognizer

    mode = request.settings.vosk_mode
    log.info("speech-to-text: Vosk (%s, %s)", model, mode)
    return VoskRecognizer(model, request.intents, request.slot_lists, mode, request.open_fallback, request.answers)


def _pocketsphinx(request: SpeechRequest) -> SpeechToText:
    from assistant.stt.pocketsphinx_engine import PocketsphinxRecognizer

    search = request.settings.pocketsphinx_search
    log.info(
        "speech-to-text: pocketsphinx with this home's sentences (%s)%s", search,
        " (then open English)" if request.open_fallback else "",
    )
    return PocketsphinxRecognizer(request.intents, request.slot_lists, request.open_fallback, search, request.answers)


def _closed(request: SpeechRequest) -> SpeechToText:
    """The first of two passes: only the home's sentences (and answers), heard while spoken:
    Vosk limited to their words when a Vosk model is in models/, else pocketsphinx's model of them."""
    closed = replace(request, open_fallback=False)  # the open pass hears what they are not
    if request.vosk_model or find_vosk_model(request.models_dir):
        return _vosk(replace(closed, settings=request.settings.model_copy(update={"vosk_mode": "limited"})))
    return _pocketsphinx(closed)


def _whisper(request: SpeechRequest) -> SpeechToText:
    """Two passes: the closed recogniser, then Whisper when it is not sure (two_pass.py)."""
    from assistant.stt.two_pass import TwoPassRecognizer
    from assistant.stt.whisper import WhisperRecognizer, WhisperSettings, build_whisper_recognizer

    settings = request.settings
    whisper = WhisperSettings(
        model=settings.whisper_model,
        min_avg_logprob=settings.whisper_min_avg_logprob,
        max_no_speech_prob=settings.whisper_max_no_speech_prob,
        prompt=settings.whisper_prompt,
    )
    previous = request.previous.open if isinstance(request.previous, TwoPassRecognizer) else None
    if isinstance(previous, WhisperRecognizer) and previous.settings == whisper:
        open_pass = previous.for_home(request.home, request.intents_dir)  # the same model, the new home's prompt
    else:
        open_pass = build_whisper_recognizer(
            request.home, request.models_dir, whisper, request.open_fallback, request.intents_dir
        )
    closed = _closed(request)
    log.info("speech-to-text: %s, then Whisper (%s) when unsure", closed.name, settings.whisper_model)
    return TwoPassRecognizer(closed, open_pass)


def _auto(request: SpeechRequest) -> SpeechToText:
    """Vosk when a Vosk model is in models/ (the design's primary engine), else Whisper's two
    passes when faster-whisper and its model are installed, else pocketsphinx (no download)."""
    if request.vosk_model or find_vosk_model(request.models_dir):
        return _vosk(request)
    if whisper_available():
        return _whisper(request)
    return _pocketsphinx(request)


# One entry per SttEngine value (tests/voice/test_registries.py checks they agree).
STT_ENGINES: dict[SttEngine, SpeechEngineBuilder] = {
    "auto": _auto,
    "vosk": _vosk,
    "whisper": _whisper,
    "pocketsphinx": _pocketsphinx,
}


@dataclass
class SpeechSetup:
    """The recogniser, and the check the endpointer uses to end early on a complete command."""

    stt: SpeechToText
    check: TemplateCheck


def build_speech_to_text(
    home: Home,
    settings: VoiceSettings,
    models_dir: Path = Path("models"),
    intents_dir: Path | None = None,
    open_fallback: bool = False,
    vosk_model: Path | None = None,
    previous: SpeechToText | None = None,
) -> SpeechSetup:
    """The engine `settings.stt` names, with its mode from `settings`. `previous`: the recogniser
    this one replaces (a reloaded home), whose loaded models are reused where they can be."""
    intents, slot_lists = home_templates(home, intents_dir)
    request = SpeechRequest(
        home, intents, slot_lists, settings, models_dir, open_fallback, vosk_model, intents_dir, previous
    )
    return SpeechSetup(STT_ENGINES[settings.stt](request), TemplateCheck(intents, slot_lists))
