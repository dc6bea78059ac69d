"""Generated homes for the training corpus: seeded, varied, never the blind evaluation home.

Names come from `data/words.yaml` (rooms, floors, device nouns per type, adjectives, makers,
owners). Sizes run from 3 to 300 devices, log-uniformly, so small flats and large houses are
both common; some names repeat across rooms ("ceiling light" in every room) so that a name
can fit several devices.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.config import Home
from assistant.config.schema import AreaConfig, DeviceConfig, DeviceMqtt, FloorConfig, HomeFile, HomeInfo
from assistant.devices import TYPES

MIN_DEVICES, MAX_DEVICES = 3, 300
# Share of devices that get an alias, of names reused in another room, of homes in Fahrenheit.
ALIAS_SHARE, REUSED_NAME_SHARE, FAHRENHEIT_SHARE = 0.25, 0.15, 0.1
# Climate ranges: (lowest minimum, highest minimum, lowest maximum, highest maximum).
CELSIUS_RANGES, FAHRENHEIT_RANGES = (5, 18, 24, 32), (40, 64, 76, 90)


@dataclass(frozen=True)
class Words:
    """The word lists of data/words.yaml."""

    rooms: tuple[tuple[str, ...], ...]
    floors: tuple[tuple[str, ...], ...]
    nouns: dict[tuple[str, str | None], tuple[str, ...]]  # (type, device class) -> nouns
    adjectives: tuple[str, ...]
    brands: tuple[str, ...]
    owners: tuple[str, ...]
    colors: tuple[str, ...]
    absent: tuple[str, ...]
    negations: tuple[str, ...]
    cancellations: tuple[str, ...]
    imperative_starts: frozenset[str]


@cache
def words() -> Words:
    raw: dict[str, Any] = yaml.safe_load(resources.files("assistant.training").joinpath("data/words.yaml").read_text())
    nouns: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for key, listed in raw["nouns"].items():
        type_name, _, device_class = key.partition(":")
        if type_name not in TYPES:
            raise ValueError(f"words.yaml: unknown device type {type_name!r}")
        nouns[(type_name, device_class or None)] = tuple(listed)
    return Words(
        rooms=tuple(tuple(r) for r in raw["rooms"]),
        floors=tuple(tuple(f) for f in raw["floors"]),
        nouns=nouns,
        adjectives=tuple(raw["adjectives"]),
        brands=tuple(raw["brands"]),
        owners=tuple(raw["owners"]),
        colors=tuple(raw["colors"]),
        absent=tuple(raw["absent"]),
        negations=tuple(raw["negations"]),
        cancellations=tuple(raw["cancellations"]),
        imperative_starts=frozenset(raw["imperative_starts"]),
    )


def _device_name(rng: random.Random, type_name: str, noun: str, room: str) -> str:
    form = rng.random()
    if form < 0.35 or type_name in ("scene", "script"):
        return noun
    if form < 0.6:
        return f"{room} {noun}"
    if form < 0.8:
        return f"{rng.choice(words().adjectives)} {noun}"
    if form < 0.92:
        return f"{rng.choice(words().brands)} {noun}"
    return f"{rng.choice(words().owners)} {noun}"


def _features(rng: random.Random, type_name: str) -> list[str]:
    return [f for f in TYPES[type_name].features if rng.random() < 0.6]


def generate_home(rng: random.Random, index: int) -> Home:
    """One home: floors, rooms with aliases, 3 to 300 devices of every type."""
    vocabulary = words()
    size = round(math.exp(rng.uniform(math.log(MIN_DEVICES), math.log(MAX_DEVICES))))
    room_count = max(1, min(len(vocabulary.rooms), size // rng.randint(2, 6) + 1))
    rooms = rng.sample(vocabulary.rooms, room_count)
    floor_names = rng.sample(vocabulary.floors, rng.randint(1, 3)) if room_count > 2 else []
    floors = [FloorConfig(name=f[0], aliases=list(f[1:])) for f in floor_names]
    areas = [
        AreaConfig(
            name=r[0],
            aliases=[a for a in r[1:] if rng.random() < 0.7],
            floor=rng.choice(floors).name if floors else None,
        )
        for r in rooms
    ]
    fahrenheit = rng.random() < FAHRENHEIT_SHARE
    kinds = list(vocabulary.nouns)
    devices: list[DeviceConfig] = []
    names_used: list[tuple[str, str, str | None]] = []  # (name, type, class) to reuse elsewhere
    for number in range(size):
        area = rng.choice(areas)
        if names_used and rng.random() < REUSED_NAME_SHARE:
            name, type_name, device_class = rng.choice(names_used)
        else:
            type_name, device_class = rng.choice(kinds)
            name = _device_name(rng, type_name, rng.choice(vocabulary.nouns[(type_name, device_class)]), area.name)
            names_used.append((name, type_name, device_class))
        aliases = []
        if rng.random() < ALIAS_SHARE:
            aliases = [f"{area.name} {rng.choice(vocabulary.nouns[(type_name, device_class)])}"]
        low_min, high_min, low_max, high_max = FAHRENHEIT_RANGES if fahrenheit else CELSIUS_RANGES
        ranged = type_name == "climate" and rng.random() < 0.8
        devices.append(
            DeviceConfig(
                id=f"d{number}",
                name=name,
                aliases=[a for a in aliases if a != name],
                area=area.name if rng.random() < 0.97 else None,
                type=type_name,
                device_class=device_class,
                features=_features(rng, type_name),
                mqtt=DeviceMqtt(topic=f"home{index}/d{number}"),
                min_temperature=rng.randint(low_min, high_min) if ranged else None,
                max_temperature=rng.randint(low_max, high_max) if ranged else None,
            )
        )
    data = HomeFile(
        home=HomeInfo(name=f"home {index}", temperature_unit="F" if fahrenheit else "C"),
        floors=floors,
        areas=areas,
        devices=devices,
    )
    return Home(data)
