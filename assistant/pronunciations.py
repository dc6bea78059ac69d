"""The CMU pronunciation dictionary that pocketsphinx's wheel ships (en-us): how each word sounds.

pocketsphinx's decoders get small dictionaries written from it (stt/pocketsphinx_engine.py), and
the LLM path puts misheard names back with it (understanding/llm/sounds.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DICTIONARY_FILE = "cmudict-en-us.dict"


def bundled_dictionary() -> Path | None:
    """pocketsphinx's English dictionary, when pocketsphinx is installed."""
    try:
        from pocketsphinx import get_model_path
    except ImportError:
        return None
    path = Path(get_model_path()) / "en-us" / DICTIONARY_FILE
    return path if path.is_file() else None


@dataclass(frozen=True)
class Pronunciations:
    """Each word's pronunciations as phone strings ("tv": "T IY V IY", "T EH L AH V IH ZH AH N")."""

    by_word: dict[str, tuple[str, ...]]

    @classmethod
    def read(cls, path: Path | None) -> Pronunciations:
        """The dictionary's words (about 126,000, 0.3 s); none without a dictionary."""
        if path is None:
            log.info("no pronunciation dictionary: misheard names are not put back")
            return cls({})
        found: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                word, _, phones = line.partition(" ")
                found.setdefault(word.split("(")[0], []).append(phones.strip())  # "word(2)" is another "word"
        return cls({word: tuple(phones) for word, phones in found.items()})

    def __contains__(self, word: object) -> bool:
        return word in self.by_word

    def of(self, word: str) -> tuple[str, ...]:
        return self.by_word.get(word, ())

    def phones(self) -> list[str]:
        """Every phone the dictionary uses, sorted."""
        return sorted({p for options in self.by_word.values() for phones in options for p in phones.split()})

    def dictionary_lines(self, words: Iterable[str]) -> list[str]:
        """The lines of a pocketsphinx dictionary for `words` ("word", "word(2)", ...)."""
        return [
            f"{word} {phones}" if index == 0 else f"{word}({index + 1}) {phones}"
            for word in words
            for index, phones in enumerate(self.by_word[word])
        ]
