"""The writers' phrasing patterns (patterns/FORMAT.md), read and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from assistant.devices import TYPES

SLOT = re.compile(r"\{([a-z0-9]+)\}")
SLOTS = frozenset({"name", "name2", "kind", "kinds", "area", "area2", "floor", "percent", "temperature", "color", "mode"})
RELATIVE = ("up", "down")


class PatternError(ValueError):
    """A pattern that breaks patterns/FORMAT.md."""


@dataclass(frozen=True)
class Meaning:
    """One request of a pattern: `do` with on/off read from YAML's booleans."""

    do: str
    name: str | None = None
    kind: str | None = None
    area: str | None = None
    floor: str | None = None
    everywhere: bool = False
    value: str | int | float | None = None
    what: str | None = None


@dataclass(frozen=True)
class Pattern:
    writer: str
    say: str
    means: tuple[Meaning, ...]  # () for nothing
    types: tuple[str, ...]  # () for any type

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(SLOT.findall(self.say))

    @property
    def is_nothing(self) -> bool:
        return not self.means


def _do(raw: object) -> str:
    # YAML 1.1 reads a bare on/off as a boolean.
    if raw is True:
        return "on"
    if raw is False:
        return "off"
    return str(raw)


def _meaning(raw: dict[str, Any], where: str) -> Meaning:
    unknown = set(raw) - {"do", "name", "kind", "area", "floor", "all", "value", "what", "types"}
    if unknown:
        raise PatternError(f"{where}: unknown keys {sorted(unknown)}")
    return Meaning(
        do=_do(raw["do"]),
        name=raw.get("name"),
        kind=raw.get("kind"),
        area=raw.get("area"),
        floor=raw.get("floor"),
        everywhere=bool(raw.get("all", False)),
        value=raw.get("value"),
        what=raw.get("what"),
    )


def parse_patterns(writer: str, text: str) -> list[Pattern]:
    patterns = []
    for number, raw in enumerate(yaml.safe_load(text) or [], start=1):
        where = f"{writer} pattern {number} ({raw.get('say')!r})"
        slots = set(SLOT.findall(raw["say"]))
        if slots - SLOTS:
            raise PatternError(f"{where}: unknown slots {sorted(slots - SLOTS)}")
        types = tuple(raw.get("types") or ())
        if set(types) - set(TYPES):
            raise PatternError(f"{where}: unknown types {sorted(set(types) - set(TYPES))}")
        means = () if raw["means"] == "nothing" else tuple(_meaning(m, where) for m in raw["means"])
        for meaning in means:
            for key in ("name", "area", "floor"):  # a kind may be implied ("too dark in here")
                slot = getattr(meaning, key)
                if slot is not None and slot not in slots and f"{slot}s" not in slots:
                    raise PatternError(f"{where}: `{key}: {slot}` names no slot of the sentence")
            if isinstance(meaning.value, str) and meaning.value in SLOTS and meaning.value not in slots:
                raise PatternError(f"{where}: `value: {meaning.value}` names no slot of the sentence")
        patterns.append(Pattern(writer, raw["say"], means, types))
    return patterns


def load_patterns() -> list[Pattern]:
    """Every writer's patterns, in file order (package data: assistant/training/patterns)."""
    folder = resources.files("assistant.training").joinpath("patterns")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [p for f in files for p in parse_patterns(f.name.removesuffix(".yaml"), f.read_text(encoding="utf-8"))]
