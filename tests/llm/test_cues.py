"""Cue words: which action a sentence leans to, and remarks that ask for nothing."""

from __future__ import annotations

import pytest

from assistant.understanding.llm.cues import action_cue, is_remark


@pytest.mark.parametrize(
    "sentence",
    ["I turned off the lights yesterday", "the tv was expensive", "my lamp is from ikea",
     "tell me a story about a robot vacuum", "how do I change a light bulb"],
)
def test_remarks_and_stories_are_not_requests(sentence: str) -> None:
    assert is_remark(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["I need some light on my desk", "did I lock the front door", "the kitchen light off please", "is the tv on"],
)
def test_requests_and_home_questions_are_not_remarks(sentence: str) -> None:
    assert not is_remark(sentence)


def test_words_of_the_targets_own_name_are_no_cue() -> None:
    assert action_cue("start", "hoover go home", target="hoover") < action_cue("start", "hoover go home")


def test_a_question_opener_cues_a_state_question() -> None:
    assert action_cue("get_state", "is the garage door shut") > action_cue("close", "is the garage door shut")


def test_a_misheard_off_cues_turning_off() -> None:
    assert action_cue("turn_off", "turn of the kitchen light") > action_cue("turn_on", "turn of the kitchen light")
