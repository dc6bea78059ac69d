"""Places a sentence names that this home does not have: "are any shades open outside?" in a
home with no outside must get "there is no outside here", not the shades of the microphone's
room. The model cannot tell; a list of the places homes have can."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.config import Home

# Rooms and outdoor places people name; only those this home lacks matter.
PLACE_WORDS = frozenset({
    "attic", "backyard", "balcony", "basement", "bathroom", "bedroom", "cellar", "closet", "den",
    "dining", "driveway", "garage", "garden", "gym", "hall", "hallway", "kitchen", "laundry",
    "lounge", "nursery", "office", "outdoors", "outside", "pantry", "patio", "playroom", "porch",
    "shed", "study", "terrace", "toilet", "yard",
})
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class HomePlaces:
    """The words of this home's area and floor names, and its device names (lowercase)."""

    place_words: frozenset[str]
    device_names: tuple[str, ...]

    @classmethod
    def of(cls, home: Home) -> HomePlaces:
        data = home.data
        places = [n for a in data.areas for n in (a.name, *a.aliases)]
        places += [n for f in data.floors for n in (f.name, *f.aliases)]
        devices = [n.lower() for d in data.devices for n in (d.name, *d.aliases)]
        return cls(frozenset(w for name in places for w in _WORD.findall(name.lower())), tuple(devices))

    def unknown_place(self, sentence: str) -> str | None:
        """The first place word of the sentence that is neither in an area or floor name nor
        part of a device name said whole ("close the garage door" names a door, not a room)."""
        text = sentence.lower()
        for word in _WORD.findall(text):
            if word not in PLACE_WORDS or word in self.place_words:
                continue
            if not any(word in _WORD.findall(name) and name in text for name in self.device_names):
                return word
        return None
