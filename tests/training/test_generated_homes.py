"""Generated homes: seeded, 3 to 300 devices, names that can fit several devices."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from assistant.config import Home
from assistant.training.homes import MAX_DEVICES, MIN_DEVICES, generate_home

HOME_COUNT = 60


@pytest.fixture(scope="module")
def homes() -> list[Home]:
    rng = random.Random(9)
    return [generate_home(rng, i) for i in range(HOME_COUNT)]


def test_sizes_stay_within_3_and_300_devices(homes: list[Home]) -> None:
    assert all(MIN_DEVICES <= len(h.devices) <= MAX_DEVICES for h in homes)


def test_small_homes_are_made(homes: list[Home]) -> None:
    assert min(len(h.devices) for h in homes) <= 10


def test_large_homes_are_made(homes: list[Home]) -> None:
    assert max(len(h.devices) for h in homes) >= 100


def test_the_same_seed_makes_the_same_home() -> None:
    first, second = generate_home(random.Random(4), 0), generate_home(random.Random(4), 0)
    assert first.data == second.data


def test_some_names_fit_several_devices(homes: list[Home]) -> None:
    shared = [h for h in homes if any(n > 1 for n in Counter(d.name for d in h.devices).values())]
    assert len(shared) >= HOME_COUNT // 4


def test_every_device_type_appears(homes: list[Home]) -> None:
    from assistant.devices import TYPES

    assert {d.type for h in homes for d in h.devices} == set(TYPES)


def test_some_homes_have_floors(homes: list[Home]) -> None:
    assert any(h.floors for h in homes)


def test_some_thermostats_get_ranges(homes: list[Home]) -> None:
    assert any(d.type == "climate" and d.min_temperature is not None for h in homes for d in h.devices)


def test_a_thermostat_range_is_low_to_high(homes: list[Home]) -> None:
    ranged = [d for h in homes for d in h.devices if d.type == "climate" and d.min_temperature is not None]
    assert all(d.max_temperature is not None and d.min_temperature < d.max_temperature for d in ranged)
