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

from assistant.commands import CLIMATE_MODES, PERCENT_ACTIONS
from assistant.config import DeviceConfig, Home
from assistant.understanding.frame import Target

# What people call a group of devices of one type, or of one device class.
KIND_WORDS_OF_TYPE: dict[str, tuple[str, ...]] = {
    "light": ("lights",),
    "switch": ("switches",),
    "fan": ("fans",),
    "cover": ("covers",),
    "climate": ("thermostats",),
    "lock": ("locks",),
    "media_player": ("media players",),
    "vacuum": ("vacuums",),
    "sensor": ("sensors",),
    "binary_sensor": ("sensors",),
}
KIND_WORDS_OF_CLASS: dict[str, tuple[str, ...]] = {
    "blind": ("blinds",),
    "curtain": ("curtains",),
    "shade": ("shades",),
    "shutter": ("shutters",),
    "window": ("windows",),
    "door": ("doors",),
    "garage": ("garage doors",),
    "garage_door": ("garage doors",),
    "gate": ("gates",),
    "awning": ("awnings",),
    "outlet": ("outlets", "plugs"),
    "temperature": ("temperature",),
    "humidity": ("humidity",),
    "motion": ("motion",),
    "battery": ("batteries",),
    "moisture": ("moisture",),
    "smoke": ("smoke",),
}

# How an answer says each contract action (plain words the model knows).
ACTION_WORDS: dict[str, str] = {
    "turn_on": "turn on",
    "turn_off": "turn off",
    "toggle": "toggle",
    "set_brightness": "brightness",
    "set_color": "colour",
    "set_speed": "speed",
    "open": "open",
    "close": "close",
    "stop": "stop",
    "set_position": "position",
    "set_temperature": "temperature",
    "set_mode": "mode",
    "lock": "lock",
    "unlock": "unlock",
    "play": "play",
    "pause": "pause",
    "next": "next",
    "previous": "previous",
    "set_volume": "volume",
    "volume_up": "volume up",
    "volume_down": "volume down",
    "mute": "mute",
    "unmute": "unmute",
    "start": "start",
    "return_home": "go home",
    "activate": "activate",
    "get_state": "check",
}
ACTION_OF_WORDS: dict[str, str] = {words: action for action, words in ACTION_WORDS.items()}

COLOR_NAMES: tuple[str, ...] = tuple(sorted(webcolors.names("css3")))
# Actions that take a value, and the value's rule in the grammar.
VALUE_ACTIONS = frozenset({*PERCENT_ACTIONS, "set_temperature", "set_color", "set_mode"})


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
    modes: tuple[str, ...] = CLIMATE_MODES
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
