"""Speech-recognition slips for training sentences: a word swapped for one that sounds the
same (the CMU dictionary pocketsphinx ships), a short word dropped.

Slips are made on a pattern's own words, before its slots are filled, so a name, a room or a
number the frame must hold is never changed and the label stays true.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from assistant.pronunciations import Pronunciations, bundled_dictionary

# Short words whose loss changes what is asked ("turn on" without "on"): never dropped.
MEANINGFUL_SHORT_WORDS = frozenset({"on", "off", "up", "out", "no", "not", "all", "don't", "stop", "low", "max", "min"})
MAX_DROPPED_LENGTH = 3
_WORD = re.compile(r"\{[a-z0-9]+\}|[a-z']+")


@dataclass(frozen=True)
class Slips:
    """Sound-alike words from a pronunciation dictionary."""

    sound_alikes: dict[str, tuple[str, ...]]

    @classmethod
    def from_dictionary(cls, pronunciations: Pronunciations | None = None) -> Slips:
        """Every dictionary word with another word pronounced exactly the same (stress too)."""
        found = pronunciations if pronunciations is not None else Pronunciations.read(bundled_dictionary())
        by_sound: dict[str, list[str]] = {}
        for word, options in found.by_word.items():
            if word.isalpha():
                for phones in options:
                    by_sound.setdefault(phones, []).append(word)
        alikes: dict[str, set[str]] = {}
        for same in by_sound.values():
            for word in same:
                alikes.setdefault(word, set()).update(w for w in same if w != word)
        return cls({w: tuple(sorted(a)) for w, a in alikes.items() if a})

    def slip(self, pattern: str, rng: random.Random) -> str:
        """The pattern with one slip in its own words (slots untouched), or as it was."""
        words = [m for m in _WORD.finditer(pattern.lower()) if not m.group().startswith("{")]
        swappable = [m for m in words if m.group() in self.sound_alikes and m.group() not in MEANINGFUL_SHORT_WORDS]
        droppable = [m for m in words if len(m.group()) <= MAX_DROPPED_LENGTH and m.group() not in MEANINGFUL_SHORT_WORDS]
        if swappable and (not droppable or rng.random() < 0.5):
            chosen = rng.choice(swappable)
            replacement = rng.choice(self.sound_alikes[chosen.group()])
        elif droppable:
            chosen, replacement = rng.choice(droppable), ""
        else:
            return pattern
        text = pattern.lower()
        return " ".join((text[: chosen.start()] + replacement + text[chosen.end() :]).split())
