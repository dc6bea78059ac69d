"""Words a recogniser heard as others that sound the same: "the sealing light", "turn on the
tea vee", "dim it to for tea percent". A recogniser only ever writes real words, so a name it
misheard comes back as a homophone, or as several short words that together sound like it;
pronunciations from the CMU dictionary (shipped with pocketsphinx) put the name back.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.pronunciations import Pronunciations
from assistant.understanding.llm.cues import NUMBER_WORDS, words_of

# Several words heard for one: at most this many.
LONGEST_RUN = 3


class SoundAlikes:
    """For one home: its words, findable by how they sound."""

    def __init__(self, home_words: Iterable[str], pronunciations: Pronunciations) -> None:
        self.home_words = frozenset(home_words)
        self.pronunciations = pronunciations
        # A home word said alone; a number too, but only as several words ("for tea" is forty;
        # "for" alone is no four).
        self._single: dict[str, str] = {}
        self._joined: dict[str, str] = {}
        for word in sorted(self.home_words):
            for phones in pronunciations.of(word):
                self._single.setdefault(phones, word)
                self._joined.setdefault(phones, word)
        for word in NUMBER_WORDS:
            for phones in pronunciations.of(word):
                self._joined.setdefault(phones, word)

    def correct(self, sentence: str) -> str:
        """The sentence with misheard home words put back (words the home uses stay)."""
        words = words_of(sentence)
        if not words or not self._single:
            return sentence
        out: list[str] = []
        index, changed = 0, False
        while index < len(words):
            replaced = self._replacement(words, index)
            if replaced is None:
                out.append(words[index])
                index += 1
            else:
                word, length = replaced
                out.append(word)
                index += length
                changed = True
        return " ".join(out) if changed else sentence

    def _replacement(self, words: list[str], index: int) -> tuple[str, int] | None:
        for length in range(LONGEST_RUN, 0, -1):
            run = words[index : index + length]
            if len(run) < length or any(w in self.home_words or w in NUMBER_WORDS for w in run):
                continue
            table = self._single if length == 1 else self._joined
            for phones in self._sounds(run):
                if phones in table:
                    return table[phones], length
        return None

    def _sounds(self, run: list[str]) -> list[str]:
        """Every way the run of words can sound (each word's pronunciations, in turn)."""
        sounds = [""]
        for word in run:
            options = self.pronunciations.of(word)
            if not options:
                return []
            sounds = [f"{s} {o}".strip() for s in sounds for o in options]
        return sounds
