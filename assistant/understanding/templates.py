"""Understanding with sentence templates (hassil): text -> Requests -> Commands.

hassil may read a sentence several ways ("the light" is a device called Light, or the lights
in the room); every reading becomes Requests, and the first one this home can carry out wins.
A sentence no template reads whole is split at "and" into several requests, then tried again
with a misheard device name repaired.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hassil import recognize_all
from hassil.intents import SlotList
from hassil.recognize import RecognizeResult

from assistant.commands import Command, ParseResult, Value
from assistant.config import Home
from assistant.devices import TYPES
from assistant.understanding.first_words import FirstWordIndex, template_words
from assistant.understanding.fuzzy import repair_names
from assistant.understanding.frame import Request, Resolution, Target
from assistant.understanding.kinds import meet_all, parse_kinds, union
from assistant.understanding.resolver import Resolver
from assistant.understanding.sentences_loader import (
    EXPLAIN_ONLY_INTENTS,
    colour_slot_list,
    home_slot_lists,
    load_sentences,
    sentence_files,
)

# At most this many readings of one sentence are tried against the home.
MAX_READINGS = 24
# A longer "device" than this is not a device name but a sentence we did not understand.
MAX_UNKNOWN_WORDS = 5


@dataclass(frozen=True)
class Reading:
    """One way the templates read a sentence."""

    intent: str
    entities: dict[str, Any]


class TemplateUnderstander:
    """Sentence templates from the bundled files and `intents_dir`, lists from the home."""

    def __init__(self, home: Home, intents_dir: Path | None = None) -> None:
        self.home = home
        self.intents = load_sentences(sentence_files(intents_dir))
        self.slot_lists: dict[str, SlotList] = {**home_slot_lists(home), "color": colour_slot_list()}
        self.resolver = Resolver(home)
        language = home.language
        number_words = frozenset([*language.number_words, *language.words("numbers.starts")])
        self.index = FirstWordIndex(self.intents, self.slot_lists, number_words, leave_out=EXPLAIN_ONLY_INTENTS)
        self.explain_index = FirstWordIndex(self.intents, self.slot_lists, number_words, only=EXPLAIN_ONLY_INTENTS)
        self.known_words = template_words(self.intents)
        self._home_kinds = {(d.type, (d.device_class or "").lower()) for d in home.devices}
        # Said when no template reads the sentence (also how parse tells "not understood" apart).
        self.not_understood = home.language.text("replies.not_understood")
        # The words that join two requests ("turn on the fan and the lamp"), in the language's order.
        joiners = "|".join(re.escape(w) for w in home.language.words("understanding.joiners"))
        self._trailing_join = re.compile(rf"(?:\s+(?:{joiners}))+\s*$", re.IGNORECASE)
        self._and = re.compile(rf"\s+(?:{joiners}|,)\s+", re.IGNORECASE)
        self._area_words = home.language.words("understanding.area_words")
        self._warm_up()

    def _warm_up(self) -> None:
        """hassil builds its number-word tables on first use; build them now, not mid-request."""
        for text in self.home.language.words("understanding.warm_up"):
            for _ in recognize_all(text, self.index.for_text(text), slot_lists=self.slot_lists):
                pass

    # -- public ---------------------------------------------------------------------------

    def parse(self, text: str, area: str | None) -> ParseResult:
        started = time.perf_counter()
        resolution = self.understand(text, area)
        return ParseResult(
            text=text,
            area=area,
            commands=resolution.commands,
            # Understood but impossible here is still the templates' answer (no LLM guess).
            handled_by="none" if resolution.reason == self.not_understood else "templates",
            reason=None if resolution.commands else (resolution.reason or self.not_understood),
            ms=(time.perf_counter() - started) * 1000,
            needs_confirmation=[c for c in resolution.commands if self._asks_first(c)],
        )

    def _asks_first(self, command: Command) -> bool:
        device = self.home.device(command.device)
        return device is not None and self.home.needs_confirmation(device, command.action)

    def understand(self, text: str, area: str | None) -> Resolution:
        """The whole sentence as read; else its parts joined by "and"; else with a misheard
        name repaired; else why nothing can be done."""
        cleaned = self._clean(text)
        if not cleaned:
            return Resolution([], self.home.language.text("replies.heard_nothing"))
        whole = self._resolve_readings(cleaned, area)
        if whole is not None and whole.commands:
            return whole
        joined = self._understand_joined(cleaned, area) if self._and.search(cleaned) else None
        if joined is not None and joined.commands:
            return joined
        # Said of the parts ("there is no fan here"), not of "fan and the lamp" as one name.
        if joined is not None and joined.reason and joined.reason != self.not_understood:
            return joined
        if whole is not None:
            return whole
        repaired = self._understand_one(cleaned, area)
        if repaired.reason != self.not_understood:
            return repaired
        return Resolution([], self._explain_unknown(cleaned) or self.not_understood)

    # -- one request ----------------------------------------------------------------------

    def _understand_one(self, text: str, area: str | None) -> Resolution:
        resolution = self._resolve_readings(text, area)
        if resolution is not None:
            return resolution
        repair = repair_names(text, self.resolver, self.home, self.known_words)
        if repair.reason:
            return Resolution([], repair.reason)
        if repair.text and repair.text != text:
            return self._resolve_readings(repair.text, area) or Resolution([], self.not_understood)
        return Resolution([], self.not_understood)

    def _resolve_readings(self, text: str, area: str | None) -> Resolution | None:
        """The first reading this home can carry out, else the best reading's reason; None
        when no template reads the text at all."""
        reasons: list[tuple[int, str]] = []
        for reading in self._readings(text):
            for requests in self._requests(reading):
                resolution = self.resolver.resolve(requests, area)
                if resolution.commands:
                    return resolution
                if resolution.reason:
                    reasons.append((self._fit(reading), resolution.reason))
        # The reason of the reading that best fits the device named ("the desk lamp cannot
        # change brightness", not "... cannot move to a position").
        return Resolution([], min(reasons, key=lambda r: r[0])[1]) if reasons else None

    def _fit(self, reading: Reading) -> int:
        """0 when the reading's action is one the named device's type has, else 1."""
        name = _text(reading.entities.get("name"))
        if name is None:
            return 0
        types = {d.type for d in self.resolver.devices_named(name)}
        fits = any(reading.intent in ("on", "off") or TYPES[t].action(reading.intent) is not None for t in types)
        return 0 if fits else 1

    def _understand_joined(self, text: str, area: str | None) -> Resolution | None:
        """'turn on the fan and the lamp', 'turn on the lamp and turn off the tv'."""
        parts = [p for p in self._and.split(text) if p]
        if len(parts) < 2:
            return None
        # "turn on the fan and the lamp in the bedroom": the room said last is where the earlier
        # parts happen too, unless they name their own.
        area = self._trailing_area(parts[-1]) or area
        commands: list[Command] = []
        previous = ""
        for part in parts:
            # "... and the lamp" takes the verb before it ("turn off the tv and the lamp").
            resolution = self._with_verb_of(previous, part, area) if previous else None
            if resolution is None:
                resolution = self._resolve_readings(part, area)
            if resolution is None:
                resolution = self._understand_one(part, area)
            if not resolution.commands:
                return Resolution([], resolution.reason)
            commands.extend(c for c in resolution.commands if c not in commands)
            previous = part
        return Resolution(commands)

    def _clean(self, text: str) -> str:
        text = text.strip().replace("’", "'")
        text = re.sub(r"[?!.,;:]+$", "", text).strip()
        return self._trailing_join.sub("", text).strip()

    def _trailing_area(self, text: str) -> str | None:
        """The area a text ends with ("... in the bedroom"), by any of its names."""
        lowered = text.lower().rstrip(" ?.!")
        for area in self.home.areas:
            for name in area.names:
                if lowered.endswith(tuple(f" {words} {name.lower()}" for words in self._area_words)):
                    return area.name
        return None

    def _with_verb_of(self, previous: str, part: str, area: str | None) -> Resolution | None:
        """Reads 'the lamp' after 'turn on the fan' as 'turn on the lamp'."""
        words = previous.split()
        # Longest verb first: "turn off" must win over "turn" ("turn the lamp" reads as on).
        for size in range(min(4, len(words)) - 1, 0, -1):
            resolution = self._resolve_readings(" ".join([*words[:size], part]), area)
            if resolution is not None and resolution.commands:
                return resolution
        return None

    def _explain_unknown(self, text: str) -> str | None:
        for result in recognize_all(text, self.explain_index.for_text(text), slot_lists=self.slot_lists):
            thing = str(result.entities["unknown"].value).strip() if "unknown" in result.entities else ""
            if 0 < len(thing.split()) <= MAX_UNKNOWN_WORDS:
                return self.home.language.say("replies.no_such_thing", thing=thing)
        return None

    # -- readings -> requests -------------------------------------------------------------

    def _readings(self, text: str) -> Iterator[Reading]:
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        results: list[RecognizeResult] = []
        for result in recognize_all(text, self.index.for_text(text), slot_lists=self.slot_lists):
            results.append(result)
            if len(results) >= MAX_READINGS * 4:
                break
        # Device names first (the most specific reading), then the most literal text matched.
        results.sort(key=_reading_rank)
        for result in results:
            entities = {name: entity.value for name, entity in result.entities.items()}
            if "kind" in result.entities:  # the word itself: "the lamp" may pick out one light
                entities["kind_said"] = result.entities["kind"].text.strip().lower()
            key = (result.intent.name, tuple(sorted((k, str(v)) for k, v in entities.items())))
            if key in seen:
                continue
            seen.add(key)
            yield Reading(result.intent.name, entities)
            if len(seen) >= MAX_READINGS:
                return

    def _requests(self, reading: Reading) -> Iterator[list[Request]]:
        """The reading as requests: one option per kind of device its words allow, in order."""
        entities = reading.entities
        area = _text(entities.get("area"))
        floor = _text(entities.get("floor"))
        said_place = bool(area or floor or "here" in entities)
        everywhere = not said_place and (bool(entities.get("everywhere")) or "all" in entities)
        name = _text(entities.get("name"))
        # `only`: the sentence means these types alone (a name alone runs a scene or turns a
        # light on, never opens the garage door).
        only = entities.get("only")
        if only is not None and name is not None:
            allowed = set(str(only).split(";"))
            if not any(d.type in allowed for d in self.resolver.devices_named(name)):
                return
        value = _value(entities)
        kind_said = _text(entities.get("kind_said"))
        for device_type, device_class in self._kinds_of(reading):
            target = Target(name, area, floor, device_type, device_class, everywhere, kind_said)
            yield [Request(reading.intent, target, value)]

    def _kinds_of(self, reading: Reading) -> list[tuple[str | None, str | None]]:
        """Device types and classes the sentence's kind words allow ("a|b" alternatives)."""
        entities = reading.entities
        kinds = meet_all([parse_kinds(str(entities[slot])) for slot in ("kind", "thing", "state") if slot in entities])
        if kinds is None:  # words that allow no kind together
            return []
        if not kinds:
            return [(None, None)]
        if "name" in entities:  # narrowing several devices of one name: every allowed kind
            return [union(kinds)]
        present = [k for k in kinds if k.exists_in(self._home_kinds)] or kinds[:1]
        return [(k.device_type, k.device_class) for k in present]


def _reading_rank(result: RecognizeResult) -> tuple[int, int]:
    """Longest device name first (the most specific reading), then the most literal text."""
    name = result.entities.get("name")
    return (-len(name.text.strip()) if name else 0, -result.text_chunks_matched)


def _text(value: object) -> str | None:
    return str(value).strip() if value is not None and str(value).strip() else None


def _value(entities: dict[str, Any]) -> Value:
    value = entities.get("value")
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value) + (0.5 if entities.get("half") else 0.0)
        return int(number) if number.is_integer() else round(number, 2)
    return str(value).strip().lower()
