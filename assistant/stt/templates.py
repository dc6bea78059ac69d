"""The home's sentence templates as the recognisers see them: the same files and lists the
understanding uses, and sentences reduced to the words a person says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hassil import Intents
from hassil.intents import SlotList, TextSlotList
from hassil.sample import sample_expression

from assistant.config import Home
from assistant.understanding.sentences_loader import (
    colour_slot_list,
    default_intents_dir,
    home_slot_lists,
    load_sentences,
    sentence_files,
)

# Punctuation the templates may hold that nobody says.
_UNSPOKEN = re.compile(r"[^\w' ]+")
# Spoken numbers stop here: every tenth of a degree up to 250 would swamp the model.
MAX_SPOKEN_NUMBER = 250
# The lists that name things of the home (device names and aliases, areas, floors).
NAMING_LISTS = ("name", "area", "floor")


def spoken_words(text: str) -> list[str]:
    return _UNSPOKEN.sub(" ", text.lower().replace("-", " ")).split()


def home_templates(home: Home, intents_dir: Path | None = None) -> tuple[Intents, dict[str, SlotList]]:
    files = sentence_files(intents_dir if intents_dir is not None else default_intents_dir(home.path))
    return load_sentences(files), {**home_slot_lists(home), "color": colour_slot_list()}


@dataclass(frozen=True)
class HomeNames:
    """Does a transcript name something of this home? An open transcript that names nothing is
    not offered to the LLM: garbled speech that names nothing ("see this on" for "sing me a
    song", "but over a one or my socks again") was read as the room's lights or the blinds
    (bench audio --spoken llm), while a command names what it is for in 107 of the 125 sentences
    only the LLM reads; the rest ("shut the telly off", "let some sun in") are given up."""

    words: frozenset[str]

    @classmethod
    def of(cls, slot_lists: dict[str, SlotList]) -> HomeNames:
        words: set[str] = set()
        for slot_list in (slot_lists.get(name) for name in NAMING_LISTS):
            if isinstance(slot_list, TextSlotList):
                for value in slot_list.values:
                    words.update(w for text in sample_expression(value.text_in) for w in spoken_words(text))
        return cls(frozenset(words))

    def named_in(self, text: str) -> bool:
        return any(word in self.words or word.removesuffix("s") in self.words for word in spoken_words(text))

