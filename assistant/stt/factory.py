"""Choosing the speech-to-text engine by name (the names: config.schema.SttEngine).

Each engine is one entry of `STT_ENGINES`: a function from a `SpeechRequest` to a recogniser.
A new engine is its module, its name in `SttEngine`, and one line here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hassil import Intents
from hassil.intents import SlotList

from assistant.config import Home
from assistant.config.schema import SttEngine, VoiceSettings
from assistant.stt.domain import TemplateCheck
from assistant.stt.engine import SpeechToText, SpeechToTextError
from assistant.stt.templates import home_templates

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
    """What an engine is built from: the home's sentences, its voice settings, where models are."""

    intents: Intents
    slot_lists: dict[str, SlotList]
    settings: VoiceSettings
    models_dir: Path
    # The understanding includes the LLM: speech that is no template sentence is still
    # transcribed (openly) instead of rejected.
    open_fallback: bool = False
    vosk_model: Path | None = None  # None: the first one in models_dir


SpeechEngineBuilder = Callable[[SpeechRequest], SpeechToText]


def _vosk(request: SpeechRequest) -> SpeechToText:
    model = request.vosk_model or find_vosk_model(request.models_dir)
    if model is None:
        raise SpeechToTextError(f"no Vosk model in {request.models_dir}: run `assistant models download vosk-en`")
    from assistant.stt.vosk_engine import VoskRecognizer

    mode = request.settings.vosk_mode
    log.info("speech-to-text: Vosk (%s, %s)", model, mode)
    return VoskRecognizer(model, request.intents, request.slot_lists, mode, request.open_fallback)


def _pocketsphinx(request: SpeechRequest) -> SpeechToText:
    from assistant.stt.pocketsphinx_engine import PocketsphinxRecognizer

    search = request.settings.pocketsphinx_search
    log.info(
        "speech-to-text: pocketsphinx with this home's sentences (%s)%s", search,
        " (then open English)" if request.open_fallback else "",
    )
    return PocketsphinxRecognizer(request.intents, request.slot_lists, request.open_fallback, search)


def _auto(request: SpeechRequest) -> SpeechToText:
    """Vosk when a Vosk model is in models/ (more accurate), else pocketsphinx (no download)."""
    if request.vosk_model or find_vosk_model(request.models_dir):
        return _vosk(request)
    return _pocketsphinx(request)


# One entry per SttEngine value (tests/voice/test_registries.py checks they agree).
STT_ENGINES: dict[SttEngine, SpeechEngineBuilder] = {
    "auto": _auto,
    "vosk": _vosk,
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
) -> SpeechSetup:
    """The engine `settings.stt` names, with its mode from `settings`."""
    intents, slot_lists = home_templates(home, intents_dir)
    request = SpeechRequest(intents, slot_lists, settings, models_dir, open_fallback, vosk_model)
    return SpeechSetup(STT_ENGINES[settings.stt](request), TemplateCheck(intents, slot_lists))
