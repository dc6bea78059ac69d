"""Evidence: what a sentence points at, which narrows the grammar for that sentence."""

from __future__ import annotations

import pytest

from assistant.config import Home
from assistant.understanding.llm.evidence import asks_for_something, gather_evidence
from assistant.understanding.llm.vocabulary import build_vocabulary


@pytest.fixture(scope="module")
def evidence_of(example_home: Home):  # type: ignore[no-untyped-def]
    vocabulary = build_vocabulary(example_home)
    return lambda sentence: gather_evidence(sentence, vocabulary)


@pytest.mark.parametrize("sentence", ["tell me a joke", "what's the capital of france", "um"])
def test_small_talk_points_at_nothing(evidence_of, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of(sentence).empty


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("switch on the bed room light", "Bedroom Light"),
        ("turn on the kitchen lite", "Kitchen Light"),
        ("lock the front dor", "Front Door"),
    ],
)
def test_misheard_names_still_count(evidence_of, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert target in evidence_of(sentence).targets


def test_a_word_implies_a_kind(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert "lights" in evidence_of("it's too dark in the lounge").targets


def test_a_full_name_beats_the_kind_its_word_implies(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of("desk lamp on").targets == frozenset({"Desk Lamp"})


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [("heating to twenty one", ("21",)), ("blinds halfway", ("50",)), ("volume 35", ("35",)), ("turn it on", ()),
     ("brighten the ceiling light all the way", ("100",))],
)
def test_numbers_said(evidence_of, sentence: str, numbers: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of(sentence).numbers == numbers


def test_colours_said(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of("make the reading lamp red").colors == ("red",)


@pytest.mark.parametrize("sentence", ["I love this lamp", "my favourite lamp from my aunt", "nice blinds"])
def test_a_sentence_that_asks_for_nothing_is_not_a_request(sentence: str) -> None:
    assert not asks_for_something(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["it's too dark in here", "kill the lights", "lamp at 40", "is the door locked", "I'm freezing"],
)
def test_requests_questions_and_comfort_words_are_requests(sentence: str) -> None:
    assert asks_for_something(sentence)


def test_a_plural_is_not_one_device_of_that_name(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert "Garage Door" not in evidence_of("open the pod bay doors").targets


def test_a_common_verb_is_not_a_misheard_name(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert "Coffee Maker" not in evidence_of("make it warmer in here").targets


def test_a_name_word_after_a_word_this_home_never_uses_is_another_thing(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert "Front Door" not in evidence_of("lock the back door").targets
    assert "coffee machine" not in evidence_of("switch on the washing machine").targets


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [("nineteen and a half degrees", ("19.5",)), ("heating on twenty for", ("24",))],
)
def test_halves_and_misheard_units(evidence_of, sentence: str, numbers: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of(sentence).numbers == numbers


def test_a_colour_misheard_as_a_homophone(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of("make the bedroom light blew").colors == ("blue",)


def test_a_mode_said_after_to(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of("switch the thermostat over to cooling").modes == ("cool",)


def test_a_mode_named_on_its_own(evidence_of) -> None:  # type: ignore[no-untyped-def]
    assert evidence_of("leave the thermostat on automatic").modes == ("auto",)


def test_a_request_said_only_by_a_phrase_is_a_request() -> None:
    assert asks_for_something("nobody's watching the television")
