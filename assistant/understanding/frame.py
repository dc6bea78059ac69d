"""What a sentence asks for, before it is resolved to device ids.

Both understanders (templates and the LLM) produce Requests; one Resolver turns them into
contract Commands against devices.yaml, so names, areas, floors and "all" mean the same thing
whichever understood the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.commands import Command, Value

# Generic intents that each device type maps to its own action (HA's TurnOn/TurnOff):
# "on" -> turn_on / open (cover) / lock (lock) / activate (scene, script) / start (vacuum)
# "off" -> turn_off / close (cover) / unlock (lock) / stop (vacuum)
GENERIC_INTENTS = ("on", "off")


@dataclass(frozen=True)
class Target:
    """Which devices a request is about, in the words the person used."""

    name: str | None = None  # a device name or alias as said ("reading lamp")
    area: str | None = None  # an area name or alias as said; None: the microphone's area
    floor: str | None = None  # a floor name or alias as said ("upstairs")
    device_type: str | None = None  # a contract type: "light", "cover", ...
    device_class: str | None = None  # "curtain", "door", "temperature", ...
    everywhere: bool = False  # "all" said with no area: the whole home
    kind_said: str | None = None  # the kind's word as said ("lamp"), when a kind was said


@dataclass(frozen=True)
class Request:
    """One thing asked: an action (or generic "on"/"off") on a target, with its value."""

    intent: str  # a contract action ("set_brightness", "get_state", ...) or "on"/"off"
    target: Target
    value: Value = None


@dataclass
class Resolution:
    """Commands for a set of requests, or why there are none."""

    commands: list[Command] = field(default_factory=list)
    reason: str | None = None
