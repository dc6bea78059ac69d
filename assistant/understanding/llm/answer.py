"""Read the model's answer (written under the grammar) back into Requests."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.commands import PERCENT_ACTIONS, Value
from assistant.understanding.frame import Request
from assistant.understanding.llm.grammar import NOTHING
from assistant.understanding.llm.vocabulary import ACTION_OF_WORDS, Vocabulary


class AnswerError(ValueError):
    """An answer line that is not in the answer language (only possible without the grammar)."""


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

    def read_line(self, line: str) -> Request:
        match = self._line.fullmatch(line)
        if match is None:
            raise AnswerError(f"not an answer line: {line!r}")
        phrase = self.vocabulary.by_text[match["target"].lower()]
        action = ACTION_OF_WORDS[match["action"]]
        if action not in phrase.actions:
            raise AnswerError(f"{phrase.text!r} cannot {action}")
        target = phrase.target
        groups = match.groupdict()
        area, floor = groups.get("area"), groups.get("floor")
        if phrase.is_kind:
            everywhere = bool(match["all"]) and not area and not floor
            target = replace(target, area=area, floor=floor, everywhere=everywhere)
        elif match["all"] or area or floor:
            raise AnswerError(f"a device name takes no place or 'all': {line!r}")
        return Request(action, target, _value(action, match["value"]))


def _value(action: str, text: str | None) -> Value:
    if text is None:
        return None
    if action in PERCENT_ACTIONS or action == "set_temperature":
        number = float(text)
        return int(number) if number.is_integer() else number
    return text.lower()
