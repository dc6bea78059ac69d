"""Whisper (faster-whisper) as an open speech-to-text engine, primed with the home's names."""

from assistant.stt.whisper.models import DEFAULT_MODEL, resolve_model, whisper_available
from assistant.stt.whisper.prompt import PROMPT_TOKEN_LIMIT, home_prompt
from assistant.stt.whisper.recognizer import (
    LoadedWhisper,
    WhisperRecognizer,
    WhisperSettings,
    build_whisper_recognizer,
    strip_wake_phrase,
)

__all__ = [
    "DEFAULT_MODEL",
    "PROMPT_TOKEN_LIMIT",
    "LoadedWhisper",
    "WhisperRecognizer",
    "WhisperSettings",
    "build_whisper_recognizer",
    "home_prompt",
    "resolve_model",
    "strip_wake_phrase",
    "whisper_available",
]
