"""No traceback from any state payload or any devices.yaml (issue 14's fuzz target).

Seeded, so a failure repeats: real payloads (the state cases' and the audit's) mutated with
wrong types, missing keys, huge numbers, NaN, non-UTF-8 bytes, deep nesting and lists, each read
by every device type under every preset; the example devices.yaml with lines and values deleted,
duplicated and garbled, through the loader (a home or a ConfigError, nothing else). The mutations
are tests/support/fuzzing.py; tests/service/test_fuzzed_service.py feeds them to a running
service.
"""

from __future__ import annotations

import random
import typing
from pathlib import Path

from assistant.config import Home
from assistant.config.loader import ConfigError, parse_home_text
from assistant.config.schema import HomeFile, PresetName
from assistant.devices import TYPES
from assistant.mqtt.availability import availability_source, read_availability
from assistant.mqtt.presets import state_topics
from assistant.mqtt.queries import state_queries
from assistant.mqtt.state import DeviceState, describe_state, parse_payload
from support.fuzzing import SEED, mutated_config, mutated_payload, seed_payloads

STATE_MESSAGES = 10_000
CONFIG_FILES = 1_000
# Device classes that change how a sensor or binary sensor is read.
CLASSES = ("", "temperature", "power", "humidity", "moisture", "door", "contact", "occupancy", "smoke")


def every_type_and_preset() -> Home:
    """One device per type, preset and (for sensors and binary sensors) device class."""
    presets = typing.get_args(PresetName)
    devices = []
    for type_name, kind in TYPES.items():
        classes = CLASSES if type_name in ("sensor", "binary_sensor") else ("",)
        for preset in presets:
            for device_class in classes:
                devices.append({
                    "id": f"{type_name}_{preset}_{device_class or 'none'}",
                    "name": f"{type_name} {preset} {device_class}".strip(),
                    "type": type_name,
                    "device_class": device_class or None,
                    "features": list(kind.features),
                    "mqtt": {"preset": preset, "topic": f"fuzz/{type_name}_{preset}"},
                })  # fmt: skip
    return Home(HomeFile.model_validate({"devices": devices}))


def test_mutated_state_messages_never_raise() -> None:
    """Each message is read by every type under one preset (the presets take turns), so every
    type and preset reads thousands of them."""
    rng = random.Random(SEED)
    home = every_type_and_preset()
    presets = typing.get_args(PresetName)
    readers = {preset: [(d, availability_source(d)) for d in home.devices if d.mqtt.preset == preset] for preset in presets}
    seeds = seed_payloads()
    for index in range(STATE_MESSAGES):
        topic, payload = rng.choice(seeds)
        message = mutated_payload(payload, rng)
        fields = parse_payload(topic, message)
        state = DeviceState(fields, message.decode("utf-8", errors="replace"))
        for device, source in readers[presets[index % len(presets)]]:
            if device.device_class not in (None, rng.choice(CLASSES)):
                continue  # one device class a message, to keep the run short
            assert describe_state(device, state, home)
            if source is not None:
                read_availability(message, source)


# -- devices.yaml ----------------------------------------------------------------------------


def test_mutated_devices_yaml_gives_a_home_or_clear_problems(example_config: Path) -> None:
    rng = random.Random(SEED)
    lines = example_config.read_text(encoding="utf-8").splitlines()
    outcomes = {"home": 0, "problems": 0}
    for _ in range(CONFIG_FILES):
        try:
            data = parse_home_text(mutated_config(lines, rng), example_config)
        except ConfigError as error:
            assert error.problems, "a ConfigError names its problems"
            outcomes["problems"] += 1
            continue
        home = Home(data, example_config)
        for device in home.devices:  # what the state side reads from each device
            state_topics(device)
            state_queries(device)
            availability_source(device)
        outcomes["home"] += 1
    assert outcomes["problems"] > 0  # the mutations do break files...
    assert outcomes["home"] > 0  # ...and leave some valid (a value in range, a comment)
