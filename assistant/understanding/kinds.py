"""Kinds of device a word can mean, written in sentence lists as "type:class|class;type".

"lights" may be lights or light sensors; "locked" may be a lock or a lock sensor; together
("are any lights detected?") they leave only the kinds both allow.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

ANY_KIND = "any"


@dataclass(frozen=True)
class Kind:
    device_type: str
    classes: frozenset[str] | None = None  # None: any device class

    @property
    def device_class(self) -> str | None:
        return "|".join(sorted(self.classes)) if self.classes else None

    def meet(self, other: Kind) -> Kind | None:
        if self.device_type != other.device_type:
            return None
        if self.classes is None or other.classes is None:
            return Kind(self.device_type, self.classes if other.classes is None else other.classes)
        common = self.classes & other.classes
        return Kind(self.device_type, common) if common else None

    def exists_in(self, home_kinds: Collection[tuple[str, str]]) -> bool:
        return any(t == self.device_type and (self.classes is None or c in self.classes) for t, c in home_kinds)


def parse_kinds(text: str) -> list[Kind]:
    """'light;binary_sensor:light' -> [Kind(light), Kind(binary_sensor, {light})]; 'any' -> []."""
    kinds = []
    for part in text.split(";"):
        part = part.strip()
        if not part or part == ANY_KIND:
            continue
        device_type, _, classes = part.partition(":")
        kinds.append(Kind(device_type.strip(), frozenset(c.strip() for c in classes.split("|")) if classes else None))
    return kinds


def meet_all(kind_lists: Sequence[list[Kind]]) -> list[Kind] | None:
    """Kinds every list allows, in the order of the first list; [] when no word limits the
    kind ("things"), None when the words allow no kind together ("lights charging")."""
    lists = [kinds for kinds in kind_lists if kinds]
    if not lists:
        return []
    result = lists[0]
    for other in lists[1:]:
        result = [m for a in result for b in other if (m := a.meet(b)) is not None]
    return result or None


def union(kinds: Sequence[Kind]) -> tuple[str | None, str | None]:
    """Device types and classes of several kinds as "a|b" alternatives (for narrowing names)."""
    if not kinds:
        return None, None
    types = "|".join(dict.fromkeys(k.device_type for k in kinds))
    classes = sorted({c for k in kinds for c in k.classes or ()})
    return types, "|".join(classes) or None
