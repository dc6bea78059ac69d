"""The home's sentence templates as the recognisers see them: the same files and lists the
understanding uses, and sentences reduced to the words a person says."""

from __future__ import annotations

import re
from pathlib import Path

from hassil import Intents
from hassil.intents import SlotList

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


def spoken_words(text: str) -> list[str]:
    return _UNSPOKEN.sub(" ", text.lower().replace("-", " ")).split()


def home_templates(home: Home, intents_dir: Path | None = None) -> tuple[Intents, dict[str, SlotList]]:
    files = sentence_files(intents_dir if intents_dir is not None else default_intents_dir(home.path))
    return load_sentences(files), {**home_slot_lists(home), "color": colour_slot_list()}
