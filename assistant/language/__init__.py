"""The words the assistant speaks, per language: one data file per language in `languages/`
(package data through `assistant/language/data`, a link to that folder, as `intents/` is).

A sentence is looked up by a dotted key ("replies.not_understood", "actions.turn_on.done")
and filled in with named placeholders ("{device}", "{value}"); code never holds the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES_DIR = Path(__file__).parent / "data"
DEFAULT_LANGUAGE = "en"


class LanguageError(Exception):
    """A language file is missing, unreadable or lacks a sentence; the message says which."""


def available_languages() -> tuple[str, ...]:
    """The language codes there is a data file for ("en")."""
    return tuple(sorted(p.stem for p in LANGUAGES_DIR.glob("*.yaml")))


@dataclass(frozen=True, eq=False)
class Language:
    """One language's sentences and words, read from its data file."""

    code: str
    data: Mapping[str, Any] = field(repr=False)

    def text(self, key: str) -> str:
        """The template at a dotted key, unfilled."""
        found = self.lookup(key)
        if not isinstance(found, str):
            raise LanguageError(f"language {self.code!r} has no sentence {key!r}")
        return found

    def say(self, key: str, **values: object) -> str:
        """The sentence at a dotted key with its placeholders filled ("{device}" -> values["device"])."""
        template = self.text(key)
        try:
            return template.format(**values)
        except (KeyError, IndexError) as exc:
            raise LanguageError(f"language {self.code!r}: {key!r} needs the placeholder {exc}") from None

    def has(self, key: str) -> bool:
        return self.lookup(key) is not None

    def lookup(self, key: str) -> Any:
        """Whatever is at a dotted key (a sentence, a list, a table), or None."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node

    def words(self, key: str) -> tuple[str, ...]:
        """A list of words at a dotted key; () when there is none."""
        found = self.lookup(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, str) else tuple(str(w) for w in found)

    def table(self, key: str) -> Mapping[str, Any]:
        found = self.lookup(key)
        return found if isinstance(found, Mapping) else {}

    def device_name(self, name: str) -> str:
        """'the front door' from 'Front Door'; an acronym such as 'TV' keeps its case."""
        words = [w if w.isupper() and len(w) > 1 else w.lower() for w in name.split()]
        return self.say("replies.device", name=" ".join(words))

    def joined(self, items: list[str], last: str = "replies.list_and") -> str:
        """'a', 'a and b', 'a, b and c' (`last`: the key of the word before the last item)."""
        if len(items) < 2:
            return "".join(items)
        return self.text("replies.list_comma").join(items[:-1]) + self.text(last) + items[-1]

    @property
    def number_words(self) -> Mapping[str, int]:
        """Spoken numbers ("twenty" -> 20)."""
        return {str(word): int(number) for word, number in self.table("numbers.words").items()}


@lru_cache(maxsize=None)  # the files are package data: read each once
def load_language(code: str = DEFAULT_LANGUAGE) -> Language:
    """The language with this code. Raises LanguageError naming the available ones."""
    path = LANGUAGES_DIR / f"{code}.yaml"
    if code not in available_languages():
        raise LanguageError(f"unknown language {code!r}; available: {', '.join(available_languages())}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LanguageError(f"{path}: cannot read the language file: {exc}") from exc
    if not isinstance(data, dict):
        raise LanguageError(f"{path}: a language file must be a mapping")
    return Language(code, data)
