"""Misheard names put back by how they sound, with pocketsphinx's English dictionary."""

from __future__ import annotations

import pytest

from assistant.pronunciations import Pronunciations, bundled_dictionary
from assistant.understanding.llm.sounds import SoundAlikes

HOME_WORDS = frozenset({"ceiling", "light", "tv", "kitchen", "living", "room", "lamp"})


@pytest.fixture(scope="module")
def sounds() -> SoundAlikes:
    path = bundled_dictionary()
    if path is None:
        pytest.skip("pocketsphinx's dictionary is not installed")
    return SoundAlikes(HOME_WORDS, Pronunciations.read(path))


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("turnoff the sealing light", "turnoff the ceiling light"),  # one word for another
        ("turn on the tea vee", "turn on the tv"),  # two words for one
        ("dim the kitchen light to for tea percent", "dim the kitchen light to forty percent"),  # a number
    ],
)
def test_a_misheard_name_is_put_back(sounds: SoundAlikes, heard: str, meant: str) -> None:
    assert sounds.correct(heard) == meant


@pytest.mark.parametrize(
    "sentence",
    ["turn on the living room lamp", "set it for ten minutes", "a cup of tea please"],
)
def test_home_words_and_ordinary_words_stay(sounds: SoundAlikes, sentence: str) -> None:
    # "for" alone is no "four": a number is only put back from several words.
    assert sounds.correct(sentence) == sentence


def test_without_a_dictionary_nothing_changes() -> None:
    assert SoundAlikes(HOME_WORDS, Pronunciations.read(None)).correct("the sealing light") == "the sealing light"
