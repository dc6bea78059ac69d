"""The commands a sentence can mean, as answer lines the grammar allows and as plain English.

Candidates come from the sentence's evidence only (the names, kinds, places and values it
says), so a big home gives no more candidates than a small one. Each is an answer line in the
grammar's language, read back by the AnswerReader and resolved by the templates' Resolver:
only lines that become valid commands of this home are candidates at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.commands import Command
from assistant.config import Area, DeviceConfig, Home
from assistant.devices import TYPES
from assistant.understanding.llm.answer import AnswerError, AnswerReader, Line, Place
from assistant.understanding.llm.cues import action_cue, words_of
from assistant.understanding.llm.evidence import CUES_OF_TYPE, FUNCTION_WORDS, VERB_KIND_WORDS, WEAK_WORDS, Evidence, is_said
from assistant.understanding.llm.grammar import GrammarBuilder
from assistant.understanding.llm.vocabulary import ENGLISH, TargetPhrase, Vocabulary
from assistant.understanding.frame import Target
from assistant.understanding.resolver import Resolver

# Words that make a kind home-wide ("all the lights"); without them a kind means one room.
EVERYWHERE_WORDS = frozenset({"all", "every", "everything", "everywhere", "whole", "house"})
# Kind words that do not pin a kind down: a thermostat and a sensor both tell the temperature.
LOOSE_KIND_WORDS = VERB_KIND_WORDS | {"temperature", "humidity"}
# Everyday nouns for one kind that are no device's name ("the telly").
KIND_NOUNS: dict[str, frozenset[str]] = {t: frozenset(ENGLISH.words(f"types.{t}.nouns")) for t in TYPES}
# How surely a kind said in the singular or only implied is meant (a name said whole: 1).
KIND_IMPLIED = 0.5
# A line's devices are in an area the sentence says: that adds this much to its match.
PLACE_MATCH = 0.5
# A named device of a type the sentence's words imply ("too bright": a light, not the fan).
TYPE_MATCH = 0.25
# What a state question asks, per device type ("tell me if the front door is locked").
STATE_WORDS: dict[str, str] = {t: words[0] for t in TYPES if (words := ENGLISH.words(f"types.{t}.asked_state"))}
# English for each action; {t} is the target, {v} the value.
PHRASES: dict[str, str] = {
    str(action): ENGLISH.text(f"actions.{action}.english")
    for action in ENGLISH.table("actions")
    if ENGLISH.has(f"actions.{action}.english")
}


def english(line: Line, device_type: str | None = None) -> str:
    """An answer line in plain English, for the model to score; `device_type` (of the
    devices a name means) words a state question ("is the front door locked")."""
    target = ("all the " if line.everywhere else "the ") + line.phrase.text.lower()
    if line.place:
        target += f" {line.place.word} the {line.place.name.lower()}"
    if line.action == "get_state":
        kind = line.phrase.target.device_type or device_type or ""
        if kind == "sensor":
            return f"tell me what {target} says"
        return f"tell me if {target} is {STATE_WORDS.get(kind, 'on')}"
    return PHRASES[line.action].format(t=target, v=line.value)


@dataclass(frozen=True)
class Candidate:
    line: Line
    commands: tuple[Command, ...]
    cue: float  # action cue words said, plus one when the value was said
    match: float  # share of the target's own words said (how surely the target is meant)


def places_said(sentence: str, vocabulary: Vocabulary) -> list[Place]:
    padded = " " + " ".join(words_of(sentence)) + " "
    found = [Place("in", a) for a in vocabulary.areas if f" {' '.join(words_of(a))} " in padded]
    return found + [Place("on", f) for f in vocabulary.floors if f" {' '.join(words_of(f))} " in padded]


def lines_for(
    vocabulary: Vocabulary, evidence: Evidence, places: list[Place], everywhere: bool, lone_kinds: frozenset[str]
) -> Iterator[Line]:
    """The single answer lines the evidence grammar allows with the places said (or the
    microphone's room), and "all" ones when the sentence says the whole home, or implies a
    kind the home has one of (`lone_kinds`) and no place ("the floor's filthy": the vacuum,
    wherever it is)."""
    values = GrammarBuilder(vocabulary, evidence)
    for phrase in vocabulary.targets:
        if phrase.text not in evidence.targets:
            continue
        heads: list[tuple[Place | None, bool]] = [(None, False)]
        if phrase.is_kind:
            # A place said replaces the microphone's room ("kill the lights in the kitchen").
            heads = [(p, False) for p in places] or heads
            if everywhere or (not places and phrase.text in lone_kinds):
                heads.append((None, True))
        for action in phrase.actions:
            allowed = values.values(action, phrase)
            for value in [None] if allowed is None else allowed:
                for place, all_of_them in heads:
                    yield Line(phrase, place, all_of_them, action, value)


def target_match(phrase: TargetPhrase, sentence: str, also_said: frozenset[str] = frozenset()) -> float:
    """How surely the sentence names the phrase: the share of its own words said (misheard
    a little, or run together: "bed room light"); a kind said only in the singular or only
    implied ("dark" -> lights) counts half, as a name said in part does. `also_said`: words
    said in other words (the "living room" of "Living Room Lamp" when "the lounge" is said)."""
    words = words_of(sentence)
    said = set(words) | {w.rstrip("s") for w in words} | also_said
    own = [w for w in words_of(phrase.text) if w not in WEAK_WORDS]
    if not own:
        return 0.0
    if phrase.is_kind:
        nouns = KIND_NOUNS.get(phrase.target.device_type or "", frozenset()) if phrase.target.device_class is None else frozenset()
        return 1.0 if all(w in words for w in own) or nouns & said else KIND_IMPLIED
    if "".join(own) in "".join(words):
        return 1.0
    return sum(is_said(w, said) for w in own) / len(own)


class CandidateBuilder:
    """Candidates for one home (rebuilt with it on reload)."""

    def __init__(self, home: Home, vocabulary: Vocabulary, reader: AnswerReader, resolver: Resolver) -> None:
        self.home = home
        self.vocabulary = vocabulary
        self.reader = reader
        self.resolver = resolver
        # Worked out once per home, not per sentence: each phrase's words, and each kind's
        # words in the singular (all its phrases: "lights" and "lamps" are one kind).
        self._words = {t.text: tuple(words_of(t.text)) for t in vocabulary.targets}
        self._kind_words: dict[Target, set[str]] = {}
        for phrase in vocabulary.targets:
            if phrase.is_kind:
                self._kind_words.setdefault(phrase.target, set()).update(w.rstrip("s") for w in self._words[phrase.text])
        self._lone_kinds = frozenset(kind for kind in self._kind_words if len(self._devices_of(kind)) == 1)
        # Words of a name that tell no device from another: a kind's and a room's.
        self._plain_words = set().union(*self._kind_words.values(), *(words_of(a) for a in vocabulary.areas))

    def build(self, sentence: str, evidence: Evidence, area: str | None) -> list[Candidate]:
        """Distinct command sets the sentence can mean, each with its first (most specific) line."""
        places = places_said(sentence, self.vocabulary)
        rooms = [a for p in places if p.word == "in" and (a := self.home.area(p.name)) is not None]
        words = words_of(sentence)
        everywhere = bool(EVERYWHERE_WORDS & set(words))
        kinds = self._kinds_said(words)
        degrees = bool({"degree", "degrees"} & set(words))
        implied = {kind for kind, cues in CUES_OF_TYPE.items() if cues & set(words)}
        # One candidate per command set: the line that names its target most surely.
        best: dict[tuple[Command, ...], Candidate] = {}
        found: list[Candidate] = []
        rooms_said = any(p.word == "in" for p in places)
        # Kinds implied, not said ("the pod bay doors" are no garage door), of one device.
        singular = {w.rstrip("s") for w in words}
        lone = frozenset(
            t.text for t in self.vocabulary.targets
            if t.is_kind and t.target in self._lone_kinds and not {w.rstrip("s") for w in self._words[t.text]} & singular
        )
        for line in lines_for(self.vocabulary, evidence, places, everywhere, lone):
            in_place = self._in_place_said(line, rooms)
            if rooms_said and not in_place:
                # A room was said: devices elsewhere are not meant ("shades outside"), nor is the
                # whole home ("all the locks in the kitchen" of a kitchen without locks).
                continue
            if degrees and line.value is not None and line.action != "set_temperature":
                continue  # "to 50 degrees" is a temperature, never a position or a brightness
            commands = self._commands(line, area)
            if not commands or (kinds and not self._of_kind(line, commands, kinds, words)):
                continue  # "the fan in the kitchen" is a fan, not the kitchen's light
            devices = [self.home.device(c.device) for c in commands]
            device_type = devices[0].type if devices[0] is not None and len({d.type for d in devices if d}) == 1 else None
            cue = action_cue(line.action, sentence, line.phrase.text, device_type) + (line.value is not None)
            match = self._match(line, devices, sentence, rooms, in_place, implied)
            found.append(Candidate(line, commands, cue, match))
        for candidate in self._without_kind_guesses(found, words):
            if candidate.commands not in best or candidate.match > best[candidate.commands].match:
                best[candidate.commands] = candidate
        return list(best.values())

    def _without_kind_guesses(self, candidates: list[Candidate], words: list[str]) -> list[Candidate]:
        """Devices named by their kind's word alone ("the light" of "Kitchen Light") when
        several devices' names hold it for the same action: the kind means the microphone's
        room, which the kind's own candidate resolves ("switch the light on" in a hallway
        without one is nothing, not another room's light). The same for a room's word alone
        ("the bedroom damn down to forty": its light's brightness or its fan's speed, no telling
        which). One such device stays ("lock the door" of the one lock called a door)."""
        said, run_together = set(words), "".join(words)
        # A word said bare ("the light"), not after a word that may be a name misheard ("the sealing light").
        bare = {w.rstrip("s") for i, w in enumerate(words) if i == 0 or words[i - 1] in FUNCTION_WORDS}
        guesses: dict[tuple[str, object], list[Candidate]] = {}
        for candidate in candidates:
            phrase = candidate.line.phrase
            if phrase.is_kind:
                continue
            own = {w for w in self._words[phrase.text] if w not in WEAK_WORDS}
            heard = {w for w in own if w in said or w + "s" in said}
            whole = "".join(self._words[phrase.text]) in run_together  # "bed room light"
            if heard and heard < own and heard <= self._plain_words & bare and not whole:
                # Rivals ask the same value of each ("to forty": a brightness or a speed) or the same action.
                key = ("value", candidate.line.value) if candidate.line.value is not None else ("action", candidate.line.action)
                guesses.setdefault(key, []).append(candidate)
        dropped = {id(c) for group in guesses.values() if len(group) > 1 for c in group}
        return [c for c in candidates if id(c) not in dropped]

    def _match(
        self, line: Line, devices: list[DeviceConfig | None], sentence: str, rooms: list[Area], in_place: bool,
        implied: set[str],
    ) -> float:
        """How surely the line's target is meant: its words said, its room said, its type implied."""
        if line.phrase.is_kind:
            return target_match(line.phrase, sentence) + PLACE_MATCH * in_place
        area_words: frozenset[str] = frozenset()
        if in_place:
            area_words = frozenset(w for a in rooms for w in words_of(a.name))
        typed = bool(implied) and all(d is not None and d.type in implied for d in devices)
        return target_match(line.phrase, sentence, area_words) + PLACE_MATCH * in_place + TYPE_MATCH * typed

    def _devices_of(self, kind: Target) -> list[str]:
        return [
            d.id for d in self.home.devices
            if d.type == kind.device_type and kind.device_class in (None, d.device_class)
        ]

    def _kinds_said(self, words: list[str]) -> set[Target]:
        """The kinds of device the sentence names outright ("fans", "the lock"), not as a word
        of a device's name said whole ("the kitchen light and the coffee machine")."""
        padded = f" {' '.join(words)} "
        in_names = {
            w for t in self.vocabulary.targets
            if not t.is_kind and f" {' '.join(self._words[t.text])} " in padded
            for w in self._words[t.text]
        }
        said = set(words) - LOOSE_KIND_WORDS - in_names
        kinds = set()
        for phrase in self.vocabulary.targets:
            own = [w for w in self._words[phrase.text] if w not in WEAK_WORDS]
            if phrase.is_kind and own and all(w in said or w.rstrip("s") in said for w in own):
                kinds.add(phrase.target)
        return kinds

    def _of_kind(self, line: Line, commands: tuple[Command, ...], kinds: set[Target], words: list[str]) -> bool:
        """Whether the line is about a kind said, or names devices of one (or by a name that
        holds the kind's word: "the Front Door" when doors are said), or is a name said whole
        beside it ("the fan and the bedroom light")."""
        if line.phrase.target in kinds:
            return True
        name = self._words[line.phrase.text]
        if "and" in words and f" {' '.join(name)} " in f" {' '.join(words)} ":
            return True
        kind_words = {w for k in kinds for w in self._kind_words.get(k, ())}
        if kind_words & {w.rstrip("s") for w in name}:
            return True
        devices = [self.home.device(c.device) for c in commands]
        return all(
            d is not None and any(k.device_type == d.type and k.device_class in (None, d.device_class) for k in kinds)
            for d in devices
        )

    def _in_place_said(self, line: Line, rooms: list[Area]) -> bool:
        """Whether the line's devices are in a room said ("lamp on in the lounge")."""
        if line.place is not None:
            return True
        if line.phrase.is_kind:
            return False
        areas = {d.area for d in self.resolver.devices_named(line.phrase.text)}
        return bool({a.name for a in rooms} & {a for a in areas if a})

    def _commands(self, line: Line, area: str | None) -> tuple[Command, ...]:
        try:
            answer = self.reader.read(line.text)  # the grammar's mirror: the line is in its language
        except AnswerError:
            return ()
        resolution = self.resolver.resolve(answer.requests, area)
        if any(self.home.validate_command(c) is not None for c in resolution.commands):
            return ()
        return tuple(sorted(resolution.commands, key=lambda c: (c.device, c.action)))
