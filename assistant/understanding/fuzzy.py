"""Repairing a misheard device or area name ("turn on the bedroom lamb") before reading again.

Only a name close to exactly one device or area is repaired; when two are about equally close
the answer is a question naming both, never a pick.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.config import Home
from assistant.understanding.resolver import FUZZY_TIE_MARGIN, Resolver

# Longest name, in words, that is looked for.
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class NameRepair:
    """The sentence with a name repaired, or why it cannot be, or neither (nothing close)."""

    text: str | None = None
    reason: str | None = None


def _known_names(home: Home) -> dict[str, tuple[str, str]]:
    """Lower-case name -> (owner key, name as written); an owner is a device or an area."""
    names: dict[str, tuple[str, str]] = {}
    for device in home.devices:
        for name in (device.name, *device.aliases):
            names.setdefault(name.lower(), (f"device:{device.id}", device.name))
    for area in home.areas:
        for name in area.names:
            names.setdefault(name.lower(), (f"area:{area.name}", area.name))
    return names


def repair_names(text: str, resolver: Resolver, home: Home, known_words: frozenset[str]) -> NameRepair:
    """Repairs the window of words closest to one name; only windows holding a word the
    templates do not know are candidates ("the temperature" is never a misheard name)."""
    names = _known_names(home)
    choices = list(names)
    words = text.split()
    best: tuple[float, int, int, str] | None = None  # score, start, end, name
    rivals: dict[str, float] = {}
    for size in range(1, min(MAX_NAME_WORDS, len(words)) + 1):
        for start in range(len(words) - size + 1):
            window = " ".join(words[start : start + size]).lower()
            if window in names or all(word in known_words for word in window.split()):
                continue
            for name, score, _ in process.extract(
                window, choices, scorer=fuzz.ratio, limit=3, score_cutoff=resolver.fuzzy_threshold
            ):
                if best is None or score > best[0]:
                    best = (score, start, start + size, name)
                owner = names[name][0]
                rivals[owner] = max(rivals.get(owner, 0.0), score)
    if best is None:
        return NameRepair()
    score, start, end, name = best
    owner = names[name][0]
    close = [o for o, s in rivals.items() if o != owner and score - s < FUZZY_TIE_MARGIN]
    if close:
        shown = [names[name][1], *(_shown(o, names) for o in close)]
        listed = home.language.text("replies.list_or").join(shown)
        return NameRepair(reason=home.language.say("replies.did_you_mean", names=listed))
    return NameRepair(text=" ".join([*words[:start], name, *words[end:]]))


def _shown(owner: str, names: dict[str, tuple[str, str]]) -> str:
    return next(written for key, written in names.values() if key == owner)
