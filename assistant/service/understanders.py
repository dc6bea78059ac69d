"""Understanders for the service: built once at start, rebuilt on every reload, with the LLM
model kept loaded across reloads (only its grammar and prompt cache are rebuilt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.config import Home
from assistant.config.schema import LlmConfig
from assistant.understanding import build_understander
from assistant.understanding.router import MODE_PARTS, RoutedUnderstander, Understander
from assistant.understanding.templates import TemplateUnderstander


class UnderstanderBuilder:
    """Callable: home -> understander. Not thread-safe: the service calls it with the
    handler paused, because rebuilding the LLM's prompt must not overlap a parse."""

    def __init__(self, intents_dir: Path | None) -> None:
        self.intents_dir = intents_dir
        self._llm: Any | None = None  # an LlmUnderstander once one is loaded
        self._llm_settings: LlmConfig | None = None

    def __call__(self, home: Home) -> Understander:
        settings = home.data.assistant
        parts = MODE_PARTS[settings.understand]
        reusable = self._llm is not None and settings.llm == self._llm_settings and parts.llm
        if not reusable:
            built = build_understander(home, self.intents_dir)
            self._llm, self._llm_settings = built.llm, settings.llm
            return built
        # Templates first: a broken sentence file fails here, before the shared LLM changes.
        templates = TemplateUnderstander(home, self.intents_dir) if parts.templates else None
        assert self._llm is not None
        self._llm.reload(home)
        return RoutedUnderstander(templates, self._llm, None, home.language)
