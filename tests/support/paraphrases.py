"""The LLM benchmark's paraphrase sets: loading them and scoring answers (commands.md rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from assistant.commands import Command

DEFAULT_AREA = "Living Room"
NUMBER_TOLERANCE = 0.5


@dataclass(frozen=True)
class Paraphrase:
    text: str
    area: str | None
    category: str
    expect: list[Command]
    accept: list[list[Command]] = field(default_factory=list)
    # The devices the assistant must ask between (the blind set's `ask`); it must not act.
    ask: list[str] = field(default_factory=list)

    def matches(self, commands: list[Command]) -> bool:
        return any(same_commands(commands, wanted) for wanted in (self.expect, *self.accept))


def _command(text: str) -> Command:
    device, action, *value = text.split(maxsplit=2)
    parsed: Any = None
    if value:
        try:
            parsed = float(value[0])
            parsed = int(parsed) if parsed.is_integer() else parsed
        except ValueError:
            parsed = value[0]
    return Command(device, action, parsed)


def _category(record: dict[str, Any]) -> str:
    """A set's own category; else the blind set's sentences are requests, non-commands or asks."""
    if record.get("category"):
        return str(record["category"])
    if record.get("ask"):
        return "ask"
    return "paraphrase" if record.get("expect") else "non_command"


def load_paraphrases(path: Path) -> list[Paraphrase]:
    records = YAML(typ="safe").load(path.read_text()) or []
    return [
        Paraphrase(
            text=str(r["text"]),
            area=r.get("area", DEFAULT_AREA),
            category=_category(r),
            expect=[_command(c) for c in r.get("expect", [])],
            accept=[[_command(c) for c in option] for option in r.get("accept", [])],
            ask=[str(d) for d in r.get("ask", [])],
        )
        for r in records
    ]


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= NUMBER_TOLERANCE
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().lower() == b.strip().lower()
    return a == b


def _same(a: Command, b: Command) -> bool:
    return a.device == b.device and a.action == b.action and _same_value(a.value, b.value)


def same_commands(got: list[Command], wanted: list[Command]) -> bool:
    """Same set of commands (commands.md): order and repeats do not matter."""
    return all(any(_same(g, w) for w in wanted) for g in got) and all(
        any(_same(g, w) for g in got) for w in wanted
    )
