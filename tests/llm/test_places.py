"""A place this home does not have is said so, never swapped for the microphone's room."""

from __future__ import annotations

from typing import Any

from assistant.config import Home
from assistant.understanding.llm.places import HomePlaces
from assistant.understanding.llm.vocabulary import build_vocabulary


def test_a_place_the_home_lacks_is_found(example_home: Home) -> None:
    assert HomePlaces.of(build_vocabulary(example_home)).unknown_place("are any shades open outside?") == "outside"


def test_an_area_alias_is_a_known_place(example_home: Home) -> None:
    assert HomePlaces.of(build_vocabulary(example_home)).unknown_place("it's too dark in the lounge") is None


def test_a_place_word_said_as_part_of_a_device_name_is_not_a_place(example_home: Home) -> None:
    assert HomePlaces.of(build_vocabulary(example_home)).unknown_place("shut the garage door") is None


def test_a_place_word_of_a_device_name_said_alone_is_a_place(example_home: Home) -> None:
    # The example home has a garage door but no garage: "the lights in the garage" are not there.
    assert HomePlaces.of(build_vocabulary(example_home)).unknown_place("turn on the lights in the garage") == "garage"


def test_a_sentence_with_no_place_has_no_unknown_place(example_home: Home) -> None:
    assert HomePlaces.of(build_vocabulary(example_home)).unknown_place("kill the lights") is None


def test_the_llm_answers_that_the_place_is_missing_instead_of_acting(llm_understander: Any) -> None:
    result = llm_understander.parse("are any shades open outside?", "Living Room")
    assert result.commands == []
    assert result.reason == "Sorry, there is no outside in this home."


def test_a_place_word_of_a_device_name_said_as_the_object_names_the_device(example_home: Home) -> None:
    # "open up the garage": the garage door, since no preposition makes "garage" a room.
    assert HomePlaces.of(build_vocabulary(example_home)).unknown_place("open up the garage") is None
