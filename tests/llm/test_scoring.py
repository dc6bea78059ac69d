"""Candidate scoring with the bundled model: ranking, repeatability, caching, big homes, methods."""

from __future__ import annotations

import pytest
from support.homes import generated_home

from assistant.commands import Command
from assistant.config import Home
from assistant.config.schema import LlmConfig

pytestmark = pytest.mark.slow  # runs the model


def test_the_phrase_that_says_the_sentence_scores_higher(llm_understander) -> None:  # type: ignore[no-untyped-def]
    scorer = llm_understander._state.scorer
    right, wrong = scorer.score("switch on the kitchen light", ["turn on the kitchen light", "unmute the tv"])
    assert right.logprob > wrong.logprob


def test_a_sentence_gets_the_same_scores_after_another_one(llm_understander) -> None:  # type: ignore[no-untyped-def]
    scorer = llm_understander._state.scorer
    phrases = ["turn on the kitchen light", "turn off the kitchen light"]
    first = scorer.score("kitchen light please", phrases)
    scorer.score("close the blinds", ["close the blinds"])
    assert scorer.score("kitchen light please", phrases) == first


def test_baselines_are_evaluated_once_per_phrase(llm_understander) -> None:  # type: ignore[no-untyped-def]
    scorer = llm_understander._state.scorer
    phrases = ["pause the tv", "mute the tv"]
    scorer.score("hush the telly", phrases)
    first = scorer.evaluated_tokens
    scorer.score("hush the telly", phrases)
    assert scorer.evaluated_tokens < first


def test_big_home_prompt_does_not_grow_with_the_home(llm_understander, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    small = llm_understander._state.scorer.prefix_tokens
    try:
        llm_understander.reload(generated_home(100))
        assert llm_understander._state.scorer.prefix_tokens == small
    finally:
        llm_understander.reload(example_home)


def test_big_home_device_is_understood(llm_understander, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    home = generated_home(100)
    device = next(d for d in home.devices if d.type == "light")
    try:
        llm_understander.reload(home)
        result = llm_understander.parse(f"kill the {device.name.lower()} please", home.data.assistant.area)
        assert result.commands == [Command(device.id, "turn_off", None)]
    finally:
        llm_understander.reload(example_home)


def test_generate_method_still_answers_under_the_grammar(example_home: Home) -> None:
    pytest.importorskip("llama_cpp")
    from assistant.understanding.llm import LlmUnderstander, ModelError

    try:
        generator = LlmUnderstander(example_home, LlmConfig(method="generate"))
    except ModelError as exc:
        pytest.skip(f"the default model is not installed: {exc}")
    result = generator.parse("shut the telly off", "Living Room")
    assert result.commands == [Command("living_room_tv", "turn_off", None)]
    assert result.handled_by == "llm"
