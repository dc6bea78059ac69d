"""Places a sentence names that this home does not have: "are any shades open outside?" in a
home with no outside must get "there is no outside here", not the shades of the microphone's
room. The model cannot tell; a list of the places homes have can."""

from __future__ import annotations

import re

from assistant.config import Home

# Rooms and outdoor places people name; only those this home lacks matter.
PLACE_WORDS = frozenset({
    "attic", "backyard", "balcony", "basement", "bathroom", "bedroom", "cellar", "closet", "den",
    "dining", "driveway", "garage", "garden", "gym", "hall", "hallway", "kitchen", "laundry",
    "lounge", "nursery", "office", "outdoors", "outside", "pantry", "patio", "playroom", "porch",
    "shed", "study", "terrace", "toilet", "yard",
})
_WORD = re.compile(r"[a-z]+")


def home_words(home: Home) -> frozenset[str]:
    """Every word of this home's area, floor and device names and aliases."""
    data = home.data
    names = [n for a in data.areas for n in (a.name, *a.aliases)]
    names += [n for f in data.floors for n in (f.name, *f.aliases)]
    names += [n for d in data.devices for n in (d.name, *d.aliases)]
    return frozenset(w for name in names for w in _WORD.findall(name.lower()))


def unknown_place(sentence: str, known: frozenset[str]) -> str | None:
    """The first place word of the sentence that none of the home's names holds."""
    for word in _WORD.findall(sentence.lower()):
        if word in PLACE_WORDS and word not in known:
            return word
    return None
