"""Few-shot examples, written against roles that this home's own devices fill.

A 135M model copies far better than it generalises, so the examples use the home's real names:
each example needs some roles ("dimmable" = a light with brightness), and is left out when the
home has no device for one. These sentences are the tuning set's neighbours; the benchmark's
paraphrase eval set (tests/llm/data/paraphrases_eval.yaml) must never be copied here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.config import DeviceConfig, Home

# (sentence, answer); {role} is replaced by a device name, {role_area} by its area.
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("turn on the {light}", "{light}: turn on"),
    ("I can hardly see anything in the {light_area}", "lights in {light_area}: turn on"),
    ("what's the weather going to be like tomorrow", "nothing"),
    ("shut the {switch} off", "{switch}: turn off"),
    ("put the {dimmable} at 30 percent", "{dimmable}: brightness 30"),
    ("no more light in here please", "lights: turn off"),
    ("is the {lock} locked", "{lock}: check"),
    ("I'm cold, heat the place up to 23", "{climate}: temperature 23"),
    ("lower the {position_cover} to half way", "{position_cover}: position 50"),
    ("make the {colored} green", "{colored}: colour green"),
    ("get the {vacuum} cleaning", "{vacuum}: start"),
    ("crank up the {media}", "{media}: volume up"),
    ("I love my {light}, it was a present", "nothing"),
    ("everything off on the {floor}", "lights on {floor}: turn off"),
    ("I'm leaving, lights off everywhere and lock up", "all lights: turn off\nall locks: lock"),
    ("play some jazz by miles davis", "nothing"),
)


@dataclass(frozen=True)
class Role:
    """Which devices may stand for a placeholder in an example."""

    name: str
    fits: Callable[[DeviceConfig, Home], bool]


ROLES: tuple[Role, ...] = (
    Role("light", lambda d, h: d.type == "light"),
    Role("switch", lambda d, h: d.type == "switch"),
    Role("dimmable", lambda d, h: "set_brightness" in h.allowed_actions(d)),
    Role("colored", lambda d, h: "set_color" in h.allowed_actions(d)),
    Role("lock", lambda d, h: d.type == "lock"),
    Role("climate", lambda d, h: d.type == "climate"),
    Role("position_cover", lambda d, h: "set_position" in h.allowed_actions(d)
         and not h.needs_confirmation(d, "set_position")),
    Role("vacuum", lambda d, h: d.type == "vacuum"),
    Role("media", lambda d, h: d.type == "media_player"),
)


def fill_roles(home: Home) -> dict[str, str]:
    """Placeholder -> text, from this home's devices; roles no device fills are absent."""
    values: dict[str, str] = {}
    used: set[str] = set()
    for role in ROLES:
        # Prefer a device no other role took, so the examples show several devices.
        fitting = [d for d in home.devices if role.fits(d, home)]
        fitting.sort(key=lambda d: d.id in used)
        if fitting:
            values[role.name] = fitting[0].name
            used.add(fitting[0].id)
    lights_with_area = [d for d in home.devices if d.type == "light" and d.area]
    if lights_with_area:
        values["light_area"] = home.area(lights_with_area[-1].area).name  # type: ignore[union-attr]
    if home.floors:
        values["floor"] = home.floors[-1].names[-1]
    return values


def examples_for(home: Home, allowed: Callable[[str], bool]) -> list[tuple[str, str]]:
    """The examples this home can fill, whose answers the grammar accepts."""
    values = fill_roles(home)
    out = []
    for sentence, answer in EXAMPLES:
        try:
            filled = (sentence.format(**values), answer.format(**values))
        except KeyError:
            continue
        if allowed(filled[1]):
            out.append(filled)
    return out
