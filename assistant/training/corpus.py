"""The training corpus: the writers' patterns crossed with generated homes (issue 12).

Each example is a sentence as heard, the microphone's area, and the frame the model is to write
(frame_text.py): the requests with names, kinds and places as said, or `nothing`. The Resolver
grounds a frame against the home, so the example also records the commands it yields there.

Sources of examples (`source`):
- `request`: a request pattern filled from a home;
- `nothing`: a writer's non-request pattern (remarks, stories, questions about other things);
- `negated` / `cancelled`: a filled request wrapped in "don't ..." / "..., no wait, forget it";
  the frame is `nothing`;
- `absent`: a request about an appliance the home lacks; the frame is as said ("on name=oven"),
  the Resolver finds no such device;
- `lacking`: a value request on a device without that feature (brightness of a plain lamp);
  the frame is as said, the Resolver refuses it with the reason;
- `out_of_range`: a temperature outside the thermostat's range (or a percentage over 100); as
  said, refused by validation.
The model cannot know the home, so the last three are "as said" frames that move nothing.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.commands import Command
from assistant.config import Home
from assistant.config.schema import DeviceConfig
from assistant.devices import TYPES, actions_taking
from assistant.language import load_language
from assistant.training.frame_text import NOTHING, frame_text
from assistant.training.homes import generate_home, words
from assistant.training.patterns_file import RELATIVE, Meaning, Pattern, load_patterns
from assistant.training.slips import Slips
from assistant.understanding.frame import Request, Target
from assistant.understanding.resolver import Resolver

# How often each source is drawn; the frame is `nothing` for nothing, negated and cancelled.
SOURCE_WEIGHTS = {
    "request": 0.50,
    "nothing": 0.22,
    "negated": 0.10,
    "cancelled": 0.05,
    "absent": 0.04,
    "lacking": 0.05,
    "out_of_range": 0.04,
}
SLIP_SHARE = 0.15
HOMES_PER_EXAMPLES = 50  # one generated home per this many examples
MIN_HOMES, MAX_HOMES = 10, 400
FILL_TRIES = 30
VALUE_KINDS = {"percent": "percent", "temperature": "temperature", "color": "color", "mode": "mode"}
VALUE_ACTIONS = actions_taking("percent") | actions_taking("color") | actions_taking("mode")


class CannotFill(Exception):
    """This pattern does not fit this home (no device of the type, no floor...)."""


@dataclass(frozen=True)
class Example:
    sentence: str
    area: str | None  # the microphone's area
    frame: str  # what the model writes
    source: str
    writer: str
    pattern: str
    home: int
    slipped: bool
    commands: list[dict[str, object]] = field(default_factory=list)  # the Resolver's, in this home
    intended: list[dict[str, object]] | None = None  # the generator's own reading; None: not clear-cut

    def json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class _Fill:
    """Slot values chosen for one pattern in one home."""

    text: dict[str, str] = field(default_factory=dict)  # slot -> words put in the sentence
    devices: dict[str, DeviceConfig] = field(default_factory=dict)  # name/name2/kind -> device
    kind_target: dict[str, str | None] = field(default_factory=dict)  # type/class/said of the kind
    values: dict[str, str | int | float] = field(default_factory=dict)  # value slot -> value
    mic_area: str | None = None


def intent_of(meaning: Meaning) -> str | None:
    """The frame's intent; None for a relative change the frame cannot say ("brighter")."""
    if meaning.do in RELATIVE:
        return f"volume_{meaning.do}" if meaning.what == "volume" else None
    return meaning.do


def _type_can(type_name: str, intent: str) -> bool:
    spec = TYPES[type_name]
    return intent == "get_state" or spec.action_of_intent(intent) in {a.name for a in spec.actions}


def _action(device: DeviceConfig, intent: str) -> str | None:
    return "get_state" if intent == "get_state" else TYPES[device.type].action_of_intent(intent)


def _fits(home: Home, device: DeviceConfig, pattern: Pattern, intents: Sequence[str]) -> bool:
    if pattern.types and device.type not in pattern.types:
        return False
    return all(_type_can(device.type, i) and _action(device, i) in home.allowed_actions(device) for i in intents)


class CorpusGenerator:
    """Examples from patterns and homes; every choice comes from the one seeded RNG."""

    def __init__(self, seed: int, home_count: int, patterns: Sequence[Pattern] | None = None, slips: Slips | None = None):
        self.rng = random.Random(seed)
        self.language = load_language("en")
        self.numbers = {n: w for w, n in self.language.number_words.items()}
        self.patterns = list(patterns if patterns is not None else load_patterns())
        self.request_patterns = [p for p in self.patterns if not p.is_nothing and all(intent_of(m) for m in p.means)]
        self.nothing_patterns = [p for p in self.patterns if p.is_nothing]
        self.unexpressible = [p for p in self.patterns if not p.is_nothing and not all(intent_of(m) for m in p.means)]
        self.slips = slips if slips is not None else Slips.from_dictionary()
        home_rng = random.Random(seed * 7919 + 1)
        self.homes = [generate_home(home_rng, i) for i in range(home_count)]
        self.resolvers = [Resolver(h) for h in self.homes]
        self.words = words()

    # -- words ----------------------------------------------------------------------------

    def spoken_number(self, number: int) -> str:
        if number in self.numbers:
            return self.numbers[number]
        if 20 < number < 100:
            return f"{self.numbers[number - number % 10]} {self.numbers[number % 10]}"
        return str(number)

    def _percent_text(self, value: int, pattern: Pattern) -> str:
        said_after = "{percent} percent" in pattern.say or "{percent}%" in pattern.say
        forms = [str(value), self.spoken_number(value)] + ([] if said_after else [f"{value} percent", f"{value}%"])
        return self.rng.choice(forms)

    def _kind_words(self, device: DeviceConfig, plural: bool) -> list[tuple[str, str | None]]:
        """(word, device class it says or None) for a device's kind."""
        key = f"types.{device.type}"
        listed = [*self.language.words(f"{key}.group"), *self.language.words(f"{key}.plural")] if plural else [
            *self.language.words(f"{key}.singular"),
            *self.language.words(f"{key}.nouns"),
        ]
        found: list[tuple[str, str | None]] = [(w, None) for w in dict.fromkeys(listed)]
        if device.device_class:
            for word in self.language.words(f"device_classes.{device.device_class}"):
                found.append((word if plural else word.removesuffix("s"), device.device_class))
        return found

    # -- filling --------------------------------------------------------------------------

    def _pick(self, home: Home, pattern: Pattern, slot: str, taken: Sequence[DeviceConfig], lacking: bool = False) -> DeviceConfig:
        """A device for a slot that can do what the pattern asks of it (with `lacking`: one
        that cannot, for a refusal example)."""
        intents = [intent_of(m) or "" for m in pattern.means if slot in (m.name, m.kind and "kind")]
        if lacking:
            fitting = [d for d in home.devices if not any(_action(d, i) in home.allowed_actions(d) for i in intents)]
        else:
            fitting = [d for d in home.devices if d not in taken and _fits(home, d, pattern, intents)]
        if not fitting:
            raise CannotFill(f"no device for {slot}")
        return self.rng.choice(fitting)

    def _area_of(self, home: Home, device: DeviceConfig) -> str:
        if not device.area:
            raise CannotFill("the device has no area")
        area = home.area(device.area)
        return self.rng.choice(area.names) if area else device.area

    def fill(self, home: Home, pattern: Pattern, lacking: bool = False) -> _Fill:
        fill = _Fill()
        slots = pattern.slots
        for slot in ("name", "name2"):
            if slot in slots or any(m.name == slot for m in pattern.means):
                device = self._pick(home, pattern, slot, list(fill.devices.values()), lacking and slot == "name")
                fill.devices[slot] = device
                fill.text[slot] = self.rng.choice((device.name, *device.aliases))
        if {"kind", "kinds"} & slots or any(m.kind for m in pattern.means):
            device = self._pick(home, pattern, "kind", ())
            fill.devices["kind"] = device
            plural = "kinds" in slots
            word, device_class = self.rng.choice(self._kind_words(device, plural))
            fill.text["kinds" if plural else "kind"] = word
            if {"kind", "kinds"} & slots:
                fill.kind_target = {"type": device.type, "class": device_class, "said": word}
            else:  # implied by the words ("too dark in here"): the type alone
                fill.kind_target = {"type": device.type, "class": None, "said": None}
        anchor = fill.devices.get("kind") or fill.devices.get("name")
        if "area" in slots:
            fill.text["area"] = self._area_of(home, anchor) if anchor else self.rng.choice(home.areas).name
        if "area2" in slots:
            kind = fill.devices.get("kind")
            others = [
                a for a in home.areas
                if a.name != (anchor.area if anchor else None) and (kind is None or any(d.type == kind.type for d in home.devices_in_area(a.name)))
            ]
            if not others:
                raise CannotFill("one area only")
            area2 = self.rng.choice(others)
            fill.text["area2"] = self.rng.choice(area2.names)
        if "floor" in slots:
            area = home.area(anchor.area) if anchor and anchor.area else None
            floor = home.floor(area.floor) if area and area.floor else None
            if anchor is None and home.floors:  # a remark about a floor: any of the home's
                floor = self.rng.choice(home.floors)
            if floor is None:
                raise CannotFill("no floor")
            fill.text["floor"] = self.rng.choice(floor.names)
        fill.mic_area = self._mic_area(home, pattern, anchor)
        self._fill_values(pattern, fill)
        return fill

    def _mic_area(self, home: Home, pattern: Pattern, anchor: DeviceConfig | None) -> str | None:
        """The kind's own room, so that a request without a place resolves; sometimes another."""
        placed = any(m.area or m.floor or m.everywhere for m in pattern.means)
        if anchor is not None and anchor.area and not placed and self.rng.random() < 0.9:
            return anchor.area
        return self.rng.choice(home.areas).name if home.areas else None

    def _fill_values(self, pattern: Pattern, fill: _Fill) -> None:
        slots = pattern.slots
        if "percent" in slots:
            value = self.rng.choice((self.rng.randrange(0, 101, 5), self.rng.randint(0, 100), 10 * self.rng.randint(0, 10)))
            fill.values["percent"] = value
            fill.text["percent"] = self._percent_text(value, pattern)
        if "temperature" in slots:
            device = fill.devices.get("name") or fill.devices.get("kind")
            low, high = (18.0, 24.0) if device is None or device.min_temperature is None else (
                device.min_temperature,
                device.max_temperature or device.min_temperature + 10,
            )
            value = self.rng.randint(int(low), int(high))
            fill.values["temperature"] = value
            fill.text["temperature"] = self.rng.choice((str(value), self.spoken_number(value)))
        if "color" in slots:
            fill.values["color"] = fill.text["color"] = self.rng.choice(self.words.colors)
        if "mode" in slots:
            fill.values["mode"] = fill.text["mode"] = self.rng.choice(TYPES["climate"].modes)

    # -- requests -------------------------------------------------------------------------

    def requests(self, pattern: Pattern, fill: _Fill) -> list[Request]:
        found = []
        for meaning in pattern.means:
            intent = intent_of(meaning)
            assert intent is not None
            kind = fill.kind_target if meaning.kind else {}
            target = Target(
                name=fill.text.get(meaning.name) if meaning.name else None,
                area=fill.text.get(meaning.area) if meaning.area else None,
                floor=fill.text.get(meaning.floor) if meaning.floor else None,
                device_type=kind.get("type"),
                device_class=kind.get("class"),
                everywhere=meaning.everywhere,
                kind_said=kind.get("said"),
            )
            value = meaning.value
            if isinstance(value, str) and value in VALUE_KINDS:
                value = fill.values[value]
            found.append(Request(intent, target, value))
        return found

    def intended(self, home: Home, requests: Sequence[Request], fill: _Fill) -> list[dict[str, object]] | None:
        """The commands the generator meant, when that is clear-cut without the Resolver's
        finer rules: a unique name, or a kind said by a type's own plural word."""
        commands: list[Command] = []
        for request in requests:
            target = request.target
            if target.name:
                devices = [d for d in home.devices if target.name.lower() in (n.lower() for n in (d.name, *d.aliases))]
                if len(devices) != 1 or target.area or target.floor:
                    return None
            elif target.kind_said and target.kind_said in self.language.words(f"types.{target.device_type}.group"):
                if target.floor or target.device_class:
                    return None
                place = target.area or (None if target.everywhere else fill.mic_area)
                area = home.area(place) if place else None
                devices = [
                    d for d in (home.devices if target.everywhere and not target.area else home.devices_in_area(area.name) if area else [])
                    if d.type == target.device_type
                ]
            else:
                return None
            mine = [
                Command(device.id, action, request.value)
                for device in devices
                if (action := _action(device, request.intent)) in home.allowed_actions(device)
                and home.validate_command(Command(device.id, action, request.value)) is None
            ]
            if not mine:  # one request that moves nothing stops the sentence
                return []
            commands.extend(mine)
        return [asdict(c) for c in dict.fromkeys(commands)]

    # -- examples -------------------------------------------------------------------------

    def example(self, source: str) -> Example:
        for _ in range(FILL_TRIES):
            home_index = self.rng.randrange(len(self.homes))
            home = self.homes[home_index]
            pattern = self.rng.choice(self.nothing_patterns if source == "nothing" else self.request_patterns)
            try:
                return self._example(source, home_index, home, pattern)
            except CannotFill:
                continue
        raise CannotFill(f"no pattern fitted after {FILL_TRIES} tries ({source})")

    def _example(self, source: str, home_index: int, home: Home, pattern: Pattern) -> Example:
        slipped = self.rng.random() < SLIP_SHARE
        said = self.slips.slip(pattern.say, self.rng) if slipped else pattern.say
        if source == "lacking" and not _asks_a_value_of_a_name(pattern):
            raise CannotFill("not a value request on a name")
        fill = self.fill(home, pattern, lacking=source == "lacking")
        if source == "absent":
            fill.text["name"] = self._absent_name(home, pattern)
        if source == "out_of_range":
            self._out_of_range(pattern, fill)
        sentence = _fill_text(said, fill.text)
        requests = [] if source == "nothing" else self.requests(pattern, fill)
        if source in ("negated", "cancelled"):
            sentence = self._negated(sentence, source)
            requests = []
        intended = self.intended(home, requests, fill) if source == "request" else []
        resolution = self.resolvers[home_index].resolve(requests, fill.mic_area) if requests else None
        return Example(
            sentence=sentence,
            area=fill.mic_area,
            frame=frame_text(requests),
            source=source,
            writer=pattern.writer,
            pattern=pattern.say,
            home=home_index,
            slipped=slipped,
            commands=[asdict(c) for c in resolution.commands] if resolution else [],
            intended=intended,
        )

    def _absent_name(self, home: Home, pattern: Pattern) -> str:
        if not any(m.name == "name" for m in pattern.means):  # a name no request acts on stays
            raise CannotFill("no requested name to replace")
        names = {n.lower() for d in home.devices for n in (d.name, *d.aliases)}
        absent = [w for w in self.words.absent if not any(w in n or n in w for n in names)]
        if not absent:
            raise CannotFill("the home has them all")
        return self.rng.choice(absent)

    def _out_of_range(self, pattern: Pattern, fill: _Fill) -> None:
        if "temperature" in fill.values:
            # A named thermostat only: a kind's other thermostats may take a wider range.
            device = fill.devices.get("name")
            named = any(m.name == "name" and m.value == "temperature" for m in pattern.means)
            if device is None or not named or device.min_temperature is None or device.max_temperature is None:
                raise CannotFill("no range")
            value = int(self.rng.choice((device.min_temperature - self.rng.randint(2, 15), device.max_temperature + self.rng.randint(2, 40))))
            fill.values["temperature"] = value
            fill.text["temperature"] = self.rng.choice((str(value), self.spoken_number(value)))
        elif "percent" in fill.values:
            value = self.rng.choice((110, 120, 150, 200, 101, 300))
            fill.values["percent"] = value
            fill.text["percent"] = str(value)
        else:
            raise CannotFill("no value to push out of range")

    def _negated(self, sentence: str, source: str) -> str:
        first = sentence.split()[0] if sentence.split() else ""
        if source == "negated" and first in self.words.imperative_starts:
            form = self.rng.choice(self.words.negations)
        else:
            form = self.rng.choice(self.words.cancellations)
        return form.format(s=sentence)


def _fill_text(pattern: str, text: dict[str, str]) -> str:
    filled = pattern
    for slot, words_said in text.items():
        filled = filled.replace(f"{{{slot}}}", words_said)
    if "{" in filled:
        raise CannotFill(f"slots left unfilled in {filled!r}")
    return " ".join(filled.lower().split())


def _asks_a_value_of_a_name(pattern: Pattern) -> bool:
    return any(m.name == "name" and intent_of(m) in VALUE_ACTIONS for m in pattern.means)


HELD_OUT = Path(__file__).parent / "data" / "held_out.sha256"


def sentence_key(sentence: str) -> str:
    """A sentence's fingerprint: lowercase words, apostrophes and punctuation dropped, hashed."""
    words = " ".join(re.findall(r"[a-z0-9{}]+", sentence.lower().replace("'", "")))
    return hashlib.sha256(words.encode()).hexdigest()


def held_out_keys() -> frozenset[str]:
    """Fingerprints of the evaluation sentences: a corpus never holds one, though the generator
    never sees the sentences themselves (tests/eval/test_blind_set_stays_blind.py keeps the list
    complete)."""
    return frozenset(HELD_OUT.read_text().split()) if HELD_OUT.is_file() else frozenset()


def generate(seed: int, count: int) -> list[Example]:
    """`count` examples, the same for the same seed and count; none an evaluation sentence."""
    held_out = held_out_keys()
    home_count = max(MIN_HOMES, min(MAX_HOMES, count // HOMES_PER_EXAMPLES))
    generator = CorpusGenerator(seed, home_count)
    sources = list(SOURCE_WEIGHTS)
    weights = list(SOURCE_WEIGHTS.values())
    examples: list[Example] = []
    while len(examples) < count:
        source = generator.rng.choices(sources, weights)[0]
        try:
            example = generator.example(source)
        except CannotFill:
            continue
        if sentence_key(example.sentence) not in held_out:
            examples.append(example)
    return examples


@dataclass(frozen=True)
class Summary:
    """Counts a corpus is judged by."""

    count: int
    nothing_frames: int  # the model writes `nothing`
    no_action: int  # nothing moves in the home (nothing frames, refusals, unknown names, asks)
    by_action: Counter[str]
    by_slot: Counter[str]
    by_source: Counter[str]
    slipped: int

    def table(self) -> str:
        lines = [f"examples: {self.count}", f"frame `nothing`: {self.nothing_frames} ({self.nothing_frames / self.count:.1%})",
                 f"nothing moves (nothing, refused, unknown, ambiguous): {self.no_action} ({self.no_action / self.count:.1%})",
                 f"with a speech-recognition slip: {self.slipped} ({self.slipped / self.count:.1%})"]
        for title, counts in (("action", self.by_action), ("slot", self.by_slot), ("source", self.by_source)):
            lines.append(f"\n{'per ' + title:<22}{'count':>8}{'share':>9}")
            for key, number in counts.most_common():
                lines.append(f"  {key:<20}{number:>8}{number / self.count:>9.1%}")
        return "\n".join(lines)


def summarize(examples: Sequence[Example]) -> Summary:
    by_action: Counter[str] = Counter()
    by_slot: Counter[str] = Counter()
    for example in examples:
        by_action.update({line.split()[0] for line in example.frame.splitlines()})
        by_slot.update(s for s in ("name", "name2", "kind", "kinds", "area", "area2", "floor", "percent", "temperature", "color", "mode") if f"{{{s}}}" in example.pattern)
    return Summary(
        count=len(examples),
        nothing_frames=sum(1 for e in examples if e.frame == NOTHING),
        no_action=sum(1 for e in examples if not e.commands),
        by_action=by_action,
        by_slot=by_slot,
        by_source=Counter(e.source for e in examples),
        slipped=sum(1 for e in examples if e.slipped),
    )
