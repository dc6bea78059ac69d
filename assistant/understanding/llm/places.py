"""Places a sentence names that this home does not have: "are any shades open outside?" in a
home with no outside must get "there is no outside here", not the shades of the microphone's
room. The model cannot tell; a list of the places homes have can."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.understanding.llm.cues import words_of
from assistant.understanding.llm.vocabulary import Vocabulary

# Rooms and outdoor places people name; only those this home lacks matter.
PLACE_WORDS = frozenset({
    "attic", "backyard", "balcony", "basement", "bathroom", "bedroom", "cellar", "closet", "den",
    "dining", "driveway", "garage", "garden", "gym", "hall", "hallway", "kitchen", "laundry",
    "lounge", "nursery", "office", "outdoors", "outside", "pantry", "patio", "playroom", "porch",
    "shed", "study", "terrace", "toilet", "yard",
})

# Words before a place ("in the garage", "out in the garden").
PLACE_PREPOSITIONS = frozenset({"in", "at", "into", "inside", "outside", "from", "to"})


@dataclass(frozen=True)
class HomePlaces:
    """The words of this home's area and floor names, and its device names (lowercase)."""

    place_words: frozenset[str]
    device_names: tuple[str, ...]  # each name's words, joined by single spaces

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> HomePlaces:
        places = frozenset(w for name in (*vocabulary.areas, *vocabulary.floors) for w in words_of(name))
        devices = tuple(" ".join(words_of(t.text)) for t in vocabulary.targets if not t.is_kind)
        return cls(places, devices)

    def unknown_place(self, sentence: str) -> str | None:
        """The first place word of the sentence that is neither in an area or floor name nor
        part of a device name said whole ("close the garage door" names a door, not a room),
        nor a word of a device name said without a place's preposition ("shut the garage"
        names the garage door; "the light in the garage" names a room)."""
        words = words_of(sentence)
        said = " ".join(words)
        for index, word in enumerate(words):
            if word not in PLACE_WORDS or word in self.place_words:
                continue
            names = [name for name in self.device_names if word in name.split()]
            if any(name in said for name in names):
                continue
            if names and not PLACE_PREPOSITIONS & set(words[max(0, index - 2) : index]):
                continue
            return word
        return None
