"""The words the model may answer with, all taken from one home.

An answer line names the target first (a small model copies a name from the sentence far more
reliably than it picks an action), then the action in plain words:
`<target>[ in <area>| on <floor>]: <action words>[ <value>]`, e.g. `lights in Kitchen: turn off`,
`Living Room Lamp: brightness 40`, `Front Door: check`. A target is a device name or alias (as
in devices.yaml) or a kind of device ("lights", "blinds"); only kinds take a place or "all".
Each target lists only the actions its devices allow, so the grammar built from this vocabulary
cannot name an action a device cannot do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import webcolors

from assistant.config import DeviceConfig, Home
from assistant.devices import TYPES, actions_taking
from assistant.language import load_language
from assistant.understanding.frame import Target

# The language model's path is English (its cue words and examples are English rules); its
# words for kinds and actions come from the English language data all the same.
ENGLISH = load_language("en")
# What people call a group of devices of one type, or of one device class.
KIND_WORDS_OF_TYPE: dict[str, tuple[str, ...]] = {t: ENGLISH.words(f"types.{t}.group") for t in TYPES}
KIND_WORDS_OF_CLASS: dict[str, tuple[str, ...]] = {
    str(device_class): ENGLISH.words(f"device_classes.{device_class}") for device_class in ENGLISH.table("device_classes")
}

# How an answer says each contract action (plain words the model knows).
ACTION_WORDS: dict[str, str] = {
    str(action): ENGLISH.text(f"actions.{action}.answer") for action in ENGLISH.table("actions")
}
ACTION_OF_WORDS: dict[str, str] = {words: action for action, words in ACTION_WORDS.items()}

COLOR_NAMES: tuple[str, ...] = tuple(sorted(webcolors.names("css3")))
PERCENT_ACTIONS = actions_taking("percent")
# Every type's modes (set_mode's values).
MODES: tuple[str, ...] = tuple(dict.fromkeys(m for t in TYPES.values() for m in t.modes))
# Actions that take a value, and the value's rule in the grammar.
VALUE_ACTIONS = frozenset(a for kind in ("percent", "temperature", "color", "mode") for a in actions_taking(kind))


@dataclass(frozen=True)
class TargetPhrase:
    """A way the model may name devices, with what those devices allow."""

    text: str
    target: Target
    actions: tuple[str, ...]
    is_kind: bool
    # For set_temperature: the range every device this phrase may name accepts.
    temperature_range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Vocabulary:
    """Everything an answer may contain, for one home."""

    actions: tuple[str, ...]
    targets: tuple[TargetPhrase, ...]
    areas: tuple[str, ...]
    floors: tuple[str, ...]
    modes: tuple[str, ...] = MODES
    colors: tuple[str, ...] = COLOR_NAMES
    by_text: dict[str, TargetPhrase] = field(default_factory=dict, compare=False)

    def targets_for(self, action: str) -> list[TargetPhrase]:
        return [t for t in self.targets if action in t.actions]

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of this home's device, kind, area and floor names (lowercase)."""
        texts = [t.text for t in self.targets] + list(self.areas) + list(self.floors)
        return frozenset(w for text in texts for w in re.findall(r"[a-z0-9]+", text.lower()))


def build_vocabulary(home: Home) -> Vocabulary:
    phrases: dict[str, TargetPhrase] = {}
    for device in home.devices:
        for said in (device.name, *device.aliases):
            _add(phrases, said, [device], home, Target(name=said), is_kind=False)
    for (device_type, device_class), words in _kinds(home).items():
        members = [
            d for d in home.devices
            if d.type == device_type and (device_class is None or d.device_class == device_class)
        ]
        for word in words:
            target = Target(device_type=device_type, device_class=device_class)
            _add(phrases, word, members, home, target, is_kind=True)
    targets = tuple(phrases.values())
    actions = tuple(dict.fromkeys(a for t in targets for a in t.actions))
    areas = tuple(dict.fromkeys(n for a in home.areas for n in a.names))
    floors = tuple(dict.fromkeys(n for f in home.floors for n in f.names))
    by_text = {t.text.lower(): t for t in targets}
    return Vocabulary(actions, targets, areas, floors, by_text=by_text)


def _kinds(home: Home) -> dict[tuple[str, str | None], tuple[str, ...]]:
    """Kind words for the types and device classes this home has."""
    kinds: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for device in home.devices:
        kinds.setdefault((device.type, None), KIND_WORDS_OF_TYPE.get(device.type, ()))
        if device.device_class in KIND_WORDS_OF_CLASS:
            kinds.setdefault((device.type, device.device_class), KIND_WORDS_OF_CLASS[device.device_class])
    return kinds


def _add(
    phrases: dict[str, TargetPhrase],
    text: str,
    devices: list[DeviceConfig],
    home: Home,
    target: Target,
    is_kind: bool,
) -> None:
    key = text.lower()
    if not text.strip() or key in phrases or not devices:
        return  # the first meaning of a phrase wins; the resolver sorts out the rest
    actions = tuple(dict.fromkeys(a for d in devices for a in home.allowed_actions(d)))
    climate = [d for d in devices if "set_temperature" in home.allowed_actions(d)]
    temperature_range = None
    if climate:
        ranges = [home.temperature_range(d) for d in climate]
        # Only values every named thermostat accepts, so no value is refused after resolving.
        low, high = max(r[0] for r in ranges), min(r[1] for r in ranges)
        if low <= high:
            temperature_range = (low, high)
        else:  # no value suits them all: such a group cannot be given a temperature at once
            actions = tuple(a for a in actions if a != "set_temperature")
    phrases[key] = TargetPhrase(text, target, actions, is_kind, temperature_range)
