"""Read the model's answer (written under the grammar) back into Requests."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.commands import Value
from assistant.understanding.frame import Request
from assistant.understanding.llm.grammar import NOTHING
from assistant.understanding.llm.vocabulary import ACTION_OF_WORDS, ACTION_WORDS, PERCENT_ACTIONS, TargetPhrase, Vocabulary


class AnswerError(ValueError):
    """An answer line that is not in the answer language (only possible without the grammar)."""


@dataclass(frozen=True)
class Place:
    """An area (" in ") or a floor (" on ") in an answer line."""

    word: str  # "in" or "on"
    name: str


@dataclass(frozen=True)
class Line:
    """One answer line taken apart: a target, where, an action and its value."""

    phrase: TargetPhrase
    place: Place | None
    everywhere: bool
    action: str
    value: str | None

    @property
    def text(self) -> str:
        """The line in the answer language (what the grammar allows)."""
        head = ("all " if self.everywhere else "") + self.phrase.text
        where = f" {self.place.word} {self.place.name}" if self.place else ""
        value = f" {self.value}" if self.value is not None else ""
        return f"{head}{where}: {ACTION_WORDS[self.action]}{value}"


@dataclass(frozen=True)
class Answer:
    requests: list[Request]
    nothing: bool  # the model said "nothing"


def _pattern(options: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))


class AnswerReader:
    """Turns answer text into Requests for one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        place = []
        if vocabulary.areas:
            place.append(f" in (?P<area>{_pattern(vocabulary.areas)})")
        if vocabulary.floors:
            place.append(f" on (?P<floor>{_pattern(vocabulary.floors)})")
        self._line = re.compile(
            rf"(?P<all>all )?(?P<target>{_pattern([t.text for t in vocabulary.targets])})"
            + (f"(?:{'|'.join(place)})?" if place else "")
            + rf": (?P<action>{_pattern(list(ACTION_OF_WORDS))})(?: (?P<value>\S+))?"
        )

    def read(self, text: str) -> Answer:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if not lines or lines == [NOTHING]:
            return Answer([], nothing=True)
        return Answer([self.read_line(line) for line in lines], nothing=False)

    def line_of(self, line: str) -> Line:
        """The line taken apart; AnswerError when it is not in the answer language."""
        match = self._line.fullmatch(line)
        if match is None:
            raise AnswerError(f"not an answer line: {line!r}")
        phrase = self.vocabulary.by_text[match["target"].lower()]
        action = ACTION_OF_WORDS[match["action"]]
        if action not in phrase.actions:
            raise AnswerError(f"{phrase.text!r} cannot {action}")
        groups = match.groupdict()
        area, floor = groups.get("area"), groups.get("floor")
        if not phrase.is_kind and (match["all"] or area or floor):
            raise AnswerError(f"a device name takes no place or 'all': {line!r}")
        place = Place("in", area) if area else Place("on", floor) if floor else None
        return Line(phrase, place, bool(match["all"]), action, match["value"])

    def read_line(self, line: str) -> Request:
        parts = self.line_of(line)
        target = parts.phrase.target
        if parts.phrase.is_kind:
            area = parts.place.name if parts.place and parts.place.word == "in" else None
            floor = parts.place.name if parts.place and parts.place.word == "on" else None
            everywhere = parts.everywhere and parts.place is None
            target = replace(target, area=area, floor=floor, everywhere=everywhere)
        return Request(parts.action, target, _value(parts.action, parts.value))


def _value(action: str, text: str | None) -> Value:
    if text is None:
        return None
    if action in PERCENT_ACTIONS or action == "set_temperature":
        number = float(text)
        return int(number) if number.is_integer() else number
    return text.lower()
