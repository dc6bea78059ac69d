"""A place this home does not have is said so, never swapped for the microphone's room."""

from __future__ import annotations

from typing import Any

from assistant.config import Home
from assistant.understanding.llm.places import home_words, unknown_place


def test_a_place_the_home_lacks_is_found(example_home: Home) -> None:
    assert unknown_place("are any shades open outside?", home_words(example_home)) == "outside"


def test_an_area_alias_is_a_known_place(example_home: Home) -> None:
    assert unknown_place("it's too dark in the lounge", home_words(example_home)) is None


def test_a_place_word_in_a_device_name_is_known(example_home: Home) -> None:
    assert unknown_place("shut the garage", home_words(example_home)) is None


def test_a_sentence_with_no_place_has_no_unknown_place(example_home: Home) -> None:
    assert unknown_place("kill the lights", home_words(example_home)) is None


def test_the_llm_answers_that_the_place_is_missing_instead_of_acting(llm_understander: Any) -> None:
    result = llm_understander.parse("are any shades open outside?", "Living Room")
    assert result.commands == [] and result.reason == "Sorry, there is no outside in this home."
