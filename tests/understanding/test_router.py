"""Which understander answers: templates first, the LLM only for sentences no template reads."""

from __future__ import annotations

from assistant.config import Home
from assistant.understanding import RoutedUnderstander, TemplateUnderstander, build_understander


def test_templates_mode_never_loads_the_llm(example_home: Home) -> None:
    understander = build_understander(example_home, mode="templates")
    assert understander.llm is None
    assert understander.llm_problem is None
    assert understander.parse("lock the front door", None).handled_by == "templates"


def test_a_sentence_understood_but_impossible_keeps_the_templates_reason(understander: TemplateUnderstander) -> None:
    routed = RoutedUnderstander(understander, None, "no model file")
    result = routed.parse("turn on the sauna", "Living Room")
    assert result.commands == [] and result.reason == "Sorry, there is no sauna here."
    assert result.handled_by == "templates"


def test_without_the_llm_an_unread_sentence_says_the_llm_is_unavailable(understander: TemplateUnderstander) -> None:
    routed = RoutedUnderstander(understander, None, "no model file")
    result = routed.parse("could you make it cosier in here", "Living Room")
    assert result.commands == []
    assert "no model file" in (result.reason or "")
    assert result.handled_by == "none"


def test_llm_mode_without_the_llm_is_no_command_with_the_reason() -> None:
    result = RoutedUnderstander(None, None, "no model file").parse("turn on the lamp", None)
    assert result.commands == []
    assert "unavailable" in (result.reason or "")
