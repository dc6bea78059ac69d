"""The understander a caller uses: templates first, then (when allowed) the local LLM."""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, get_args

from assistant.commands import ParseResult
from assistant.config import Home
from assistant.config.schema import UnderstandMode
from assistant.language import Language, load_language
from assistant.understanding.sentences_loader import default_intents_dir
from assistant.understanding.templates import TemplateUnderstander

_LOGGER = logging.getLogger(__name__)

MODES: tuple[UnderstandMode, ...] = get_args(UnderstandMode)


@dataclass(frozen=True)
class ModeParts:
    """Which understanders a mode runs (templates always first)."""

    templates: bool
    llm: bool


# One entry per UnderstandMode value (tests/understanding/test_router.py checks they agree).
MODE_PARTS: dict[UnderstandMode, ModeParts] = {
    "templates": ModeParts(templates=True, llm=False),
    "llm": ModeParts(templates=False, llm=True),
    "both": ModeParts(templates=True, llm=True),
}


class Understander(Protocol):
    def parse(self, text: str, area: str | None) -> ParseResult: ...


class LlmUnavailable(Exception):
    """The LLM understander could not be loaded; the message says why."""


def load_llm_understander(home: Home) -> Understander:
    """assistant.understanding.llm's LlmUnderstander, imported only when a mode needs it."""
    try:
        module = importlib.import_module("assistant.understanding.llm")
        return module.LlmUnderstander(home, home.data.assistant.llm)  # type: ignore[no-any-return]
    except Exception as exc:  # noqa: BLE001 - any failure to load means "no LLM", said once
        raise LlmUnavailable(f"{type(exc).__name__}: {exc}") from exc


class RoutedUnderstander:
    """Templates first; the LLM (when the mode allows) when no template gives a command.

    A sentence the templates read but could not carry out ("lock up the front door" read as a
    device named "up the front door") goes to the LLM too; when the LLM finds nothing either,
    the templates' reason stands ("there is no fan in the kitchen"), since it says more.
    """

    def __init__(
        self,
        templates: TemplateUnderstander | None,
        llm: Understander | None,
        llm_problem: str | None,
        language: Language | None = None,
    ) -> None:
        self.templates = templates
        self.llm = llm
        self.llm_problem = llm_problem
        self.language = language or load_language()

    def parse(self, text: str, area: str | None) -> ParseResult:
        started = time.perf_counter()
        result: ParseResult | None = None
        if self.templates is not None:
            result = self.templates.parse(text, area)
            if result.commands:
                return result
        if self.llm is not None:
            try:
                llm_result = self.llm.parse(text, area)
            except Exception as exc:  # noqa: BLE001 - a failing model must not take the templates down
                _LOGGER.warning("the language model failed on %r: %s", text, exc)
                failed = self.language.say("replies.llm_failed", error=f"{type(exc).__name__}: {exc}")
                return result or ParseResult(text, area, reason=failed)
            llm_result.ms = (time.perf_counter() - started) * 1000
            if llm_result.commands or result is None:
                return llm_result
            return result
        if result is None:
            return ParseResult(text, area, reason=self.language.say("replies.llm_unavailable", problem=self.llm_problem))
        if self.llm_problem and result.handled_by != "templates":
            result.reason = self.language.say("replies.reason_without_llm", reason=result.reason, problem=self.llm_problem)
        return result


def build_understander(
    home: Home, intents_dir: Path | None = None, mode: UnderstandMode | None = None
) -> RoutedUnderstander:
    """Templates from the bundled sentences plus `intents_dir` (default: intents/ next to
    devices.yaml); the LLM when `mode` (default: the home's `assistant.understand`) wants it."""
    parts = MODE_PARTS[mode or home.data.assistant.understand]
    if intents_dir is None:
        intents_dir = default_intents_dir(home.path)
    templates = TemplateUnderstander(home, intents_dir) if parts.templates else None
    llm: Understander | None = None
    problem: str | None = None
    if parts.llm:
        try:
            llm = load_llm_understander(home)
        except LlmUnavailable as exc:
            problem = str(exc)
            if templates is not None:
                _LOGGER.warning("the language model is unavailable, templates only: %s", problem)
    return RoutedUnderstander(templates, llm, problem, home.language)
