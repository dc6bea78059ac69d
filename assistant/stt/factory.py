"""Choosing the speech-to-text engine: Vosk when a Vosk model is in models/, else pocketsphinx."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Home
from assistant.stt.domain import TemplateCheck
from assistant.stt.engine import SpeechToText, SpeechToTextError
from assistant.stt.templates import home_templates

log = logging.getLogger(__name__)

STT_ENGINES = ("auto", "vosk", "pocketsphinx")


def find_vosk_model(models_dir: Path) -> Path | None:
    """The first folder under models/ that holds a Vosk model (am/final.mdl)."""
    if not models_dir.is_dir():
        return None
    for candidate in sorted(models_dir.iterdir()):
        if (candidate / "am" / "final.mdl").is_file() or (candidate / "final.mdl").is_file():
            return candidate
    return None


@dataclass
class SpeechSetup:
    """The recogniser, and the check the endpointer uses to end early on a complete command."""

    stt: SpeechToText
    check: TemplateCheck


def build_speech_to_text(
    home: Home,
    engine: str = "auto",
    models_dir: Path = Path("models"),
    vosk_model: Path | None = None,
    vosk_mode: str = "corrected",
    pocketsphinx_search: str = "lm",
    intents_dir: Path | None = None,
    open_fallback: bool = False,
) -> SpeechSetup:
    """`open_fallback`: the understanding includes the LLM, so speech that is no template sentence
    is still transcribed (openly) instead of rejected."""
    if engine not in STT_ENGINES:
        raise SpeechToTextError(f"unknown speech-to-text engine {engine!r}: choose one of {', '.join(STT_ENGINES)}")
    intents, slot_lists = home_templates(home, intents_dir)
    check = TemplateCheck(intents, slot_lists)
    model = vosk_model or (find_vosk_model(models_dir) if engine in ("auto", "vosk") else None)
    if engine == "vosk" and model is None:
        raise SpeechToTextError(f"no Vosk model in {models_dir}: run `assistant models download vosk-en`")
    if model is not None and engine != "pocketsphinx":
        from assistant.stt.vosk_engine import VoskRecognizer

        log.info("speech-to-text: Vosk (%s, %s)", model, vosk_mode)
        return SpeechSetup(VoskRecognizer(model, intents, slot_lists, vosk_mode, open_fallback), check)  # type: ignore[arg-type]
    from assistant.stt.pocketsphinx_engine import PocketsphinxRecognizer

    log.info(
        "speech-to-text: pocketsphinx with this home's sentences (%s)%s", pocketsphinx_search,
        " (then open English)" if open_fallback else "",
    )
    return SpeechSetup(PocketsphinxRecognizer(intents, slot_lists, open_fallback, pocketsphinx_search), check)
