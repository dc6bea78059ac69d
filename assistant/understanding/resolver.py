"""Requests -> contract Commands against one home (Home Assistant's target matching).

- A name picks the devices with that name or alias; when several share it, the type, device
  class and place narrow them, then the microphone's area; still several -> no command.
- A kind ("lights", "curtains") picks every device of that kind in the place: an area said,
  a floor said, the whole home when "all"/"everywhere" was said, else the microphone's area.
- Generic "on"/"off" becomes each type's own action; devices that cannot do the action are
  left out, and when none can, the answer is no command with the reason.

`Target.device_type` and `Target.device_class` may hold alternatives joined by "|"
("cover|binary_sensor", "door|window"): a device matches when it has any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.commands import Command
from assistant.config import DeviceConfig, Home
from assistant.devices import TYPES, default_types, words_key
from assistant.understanding.frame import Request, Resolution, Target

# Two fuzzy candidates closer than this (0-100 scale) are "about equally close".
FUZZY_TIE_MARGIN = 4.0


def _alternatives(value: str | None) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in value.split("|")) if value else frozenset()


@dataclass(frozen=True)
class _Candidates:
    """Devices a target names, or why it names none."""

    devices: tuple[DeviceConfig, ...] = ()
    reason: str | None = None


class Resolver:
    """Turns Requests into Commands for one home; holds no state between calls."""

    def __init__(self, home: Home, fuzzy_threshold: float | None = None) -> None:
        self.home = home
        self.fuzzy_threshold = (
            fuzzy_threshold if fuzzy_threshold is not None else home.data.assistant.fuzzy_threshold
        )
        self._devices_by_name: dict[str, list[DeviceConfig]] = {}
        for device in home.devices:
            for name in (device.name, *device.aliases):
                self._devices_by_name.setdefault(name.lower(), []).append(device)
        self._names = list(self._devices_by_name)
        self.language = home.language
        # Kind words that mean every device of the kind, never one called so ("turn on the light").
        self._type_words = frozenset(
            {*TYPES, *(w for t in TYPES for w in self.language.words(f"types.{t}.singular")), *self.language.words("any_device_words")}
        )

    def _say(self, key: str, **values: object) -> str:
        return self.language.say(f"replies.{key}", **values)

    # -- public ---------------------------------------------------------------------------

    def resolve(self, requests: Sequence[Request], area: str | None) -> Resolution:
        """All requests' commands; when any request yields nothing, no command at all."""
        commands: list[Command] = []
        for request in requests:
            one = self.resolve_one(request, area)
            if not one.commands:
                return Resolution([], one.reason)
            commands.extend(c for c in one.commands if c not in commands)
        if not commands:
            return Resolution([], self._say("no_request"))
        return Resolution(commands)

    def resolve_one(self, request: Request, area: str | None) -> Resolution:
        target = request.target
        candidates = self._named(request, area) if target.name else self._kind(request, area)
        if not candidates.devices:
            return Resolution([], candidates.reason or self._say("no_device_matches"))
        commands: list[Command] = []
        first_problem: str | None = None
        for device in candidates.devices:
            action = self._action(request.intent, device.type)
            problem = self._problem(device, action, request)
            if problem is None and action is not None:
                commands.append(Command(device.id, action, request.value))
            elif first_problem is None:
                first_problem = problem
        if not commands:
            return Resolution([], first_problem)
        return Resolution(commands)

    def match_name(self, said: str) -> tuple[list[str], float]:
        """Known names closest to a said one: one name, several about equally close, or none."""
        said = said.lower().strip()
        if said in self._devices_by_name:
            return [said], 100.0
        found = process.extract(said, self._names, scorer=fuzz.ratio, limit=5, score_cutoff=self.fuzzy_threshold)
        if not found:
            return [], 0.0
        best = found[0][1]
        close = [name for name, score, _ in found if best - score < FUZZY_TIE_MARGIN]
        # Aliases of one device are one candidate, not a tie.
        distinct = {id(self._devices_by_name[n][0]): n for n in close}
        return list(distinct.values()), best

    def devices_named(self, said: str) -> list[DeviceConfig]:
        """Devices with exactly this name or alias."""
        return list(self._devices_by_name.get(said.lower().strip(), ()))

    # -- candidates -----------------------------------------------------------------------

    def _named(self, request: Request, mic_area: str | None) -> _Candidates:
        target = request.target
        said = target.name or ""
        names, _ = self.match_name(said)
        if not names:
            return _Candidates(reason=self._say("no_such_thing", thing=said))
        if len(names) > 1:
            listed = self.language.text("replies.list_or").join(self._devices_by_name[n][0].name for n in names)
            return _Candidates(reason=self._say("did_you_mean", names=listed))
        devices = list(self._devices_by_name[names[0]])
        shown = devices[0].name
        place = self._place_devices(target)
        if isinstance(place, _Candidates):
            return place
        if place is not None:
            devices = [d for d in devices if d in place]
            if not devices:
                return _Candidates(reason=self._say("no_such_name_there", name=shown, place=self._place_words(target)))
        if len(devices) > 1:
            devices = self._narrow(devices, target, mic_area)
        if len(devices) > 1 and request.intent != "get_state":
            listed = self.language.text("replies.list_and").join(
                self._say("several_called_item", name=d.name, area=d.area or self._say("no_area_word"), id=d.id) for d in devices
            )
            return _Candidates(reason=self._say("several_called", name=shown, listed=listed))
        return _Candidates(tuple(devices))

    def _narrow(self, devices: list[DeviceConfig], target: Target, mic_area: str | None) -> list[DeviceConfig]:
        types, classes = _alternatives(target.device_type), _alternatives(target.device_class)
        for keep in (
            lambda d: not types or d.type in types,
            lambda d: not classes or (d.device_class or "").lower() in classes,
            lambda d: bool(mic_area) and (d.area or "").lower() == (mic_area or "").lower(),
        ):
            narrowed = [d for d in devices if keep(d)]
            if narrowed:
                devices = narrowed
            if len(devices) == 1:
                break
        return devices

    def _kind(self, request: Request, mic_area: str | None) -> _Candidates:
        target = request.target
        place = self._place_devices(target)
        place_words = self._place_words(target)
        if place is None:
            if target.everywhere:
                place, place_words = list(self.home.devices), self._say("in_home")
            elif mic_area and self.home.area(mic_area):
                place = self.home.devices_in_area(mic_area)
                place_words = self._say("in_area", area=self.home.area(mic_area).name)  # type: ignore[union-attr]
            elif request.intent == "get_state":
                place, place_words = list(self.home.devices), self._say("in_home")  # a question asks the home
            elif mic_area is None:
                # "all" makes a request home-wide; without it and without a room, no guess.
                return _Candidates(reason=self._say("which_room"))
            else:
                return _Candidates(reason=self._say("no_such_area", area=mic_area))
        if isinstance(place, _Candidates):
            return place
        types = _alternatives(target.device_type) or _alternatives(default_types(request.intent))
        classes = _alternatives(target.device_class)
        devices = [
            d
            for d in place
            if (not types or d.type in types) and (not classes or self._has_class(d, classes))
        ]
        if not devices:
            if target.device_class:
                kind = self._say("class_plural", device_class=target.device_class.split("|")[0].replace("_", " "))
            else:
                kind = self.language.text(f"types.{sorted(types)[0]}.plural") if types else self._say("any_devices")
            return _Candidates(reason=self._say("none_of_kind", kind=kind, place=place_words))
        return _Candidates(tuple(self._one_called(devices, target)))

    def _one_called(self, devices: list[DeviceConfig], target: Target) -> list[DeviceConfig]:
        """"The lamp" among a room's lights is the one light called a lamp: a kind said in
        the singular by a word other than the type's own ("lamp", "tv", "heater", not "light")
        picks out the one device of the room whose name or alias holds that word, when exactly
        one does. A floor keeps them all ("the lamp on the first floor": its lights)."""
        said = target.kind_said or ""
        one_word = len(said.split()) == 1 and not said.endswith("s")
        if not one_word or len(devices) < 2 or target.everywhere or target.floor:
            return devices
        if said in self._type_words:
            return devices
        called = [d for d in devices if any(said in n.lower().split() for n in (d.name, *d.aliases))]
        return called if len(called) == 1 else devices

    @staticmethod
    def _has_class(device: DeviceConfig, classes: frozenset[str]) -> bool:
        if device.device_class:
            return device.device_class.lower() in classes
        # A temperature question also means thermostats, which carry no device class.
        return bool(TYPES[device.type].implied_classes & classes)

    def _place_devices(self, target: Target) -> list[DeviceConfig] | _Candidates | None:
        """Devices in the area or floor said; None when neither was said."""
        if target.area:
            if self.home.area(target.area) is None:
                return _Candidates(reason=self._say("no_area_called", area=target.area))
            return self.home.devices_in_area(target.area)
        if target.floor:
            if self.home.floor(target.floor) is None:
                return _Candidates(reason=self._say("no_floor_called", floor=target.floor))
            return self.home.devices_on_floor(target.floor)
        return None

    def _place_words(self, target: Target) -> str:
        if target.area:
            area = self.home.area(target.area)
            return self._say("in_area", area=area.name if area else target.area)
        if target.floor:
            floor = self.home.floor(target.floor)
            return self._say("on_floor", floor=floor.name if floor else target.floor)
        return self._say("here")

    # -- actions --------------------------------------------------------------------------

    @staticmethod
    def _action(intent: str, device_type: str) -> str | None:
        return TYPES[device_type].action_of_intent(intent)

    def _problem(self, device: DeviceConfig, action: str | None, request: Request) -> str | None:
        if action is None or action not in self.home.allowed_actions(device):
            said = action or ("turn_on" if request.intent == "on" else "turn_off")
            key = f"{words_key(said)}.cannot"
            verb = self.language.text(key) if self.language.has(key) else said.replace("_", " ")
            return self._say("cannot", device=device.name, verb=verb)
        problem = self.home.validate_command(Command(device.id, action, request.value))
        return self._say("refused", problem=problem) if problem else None
