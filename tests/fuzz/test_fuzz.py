"""No traceback from any state payload or any devices.yaml (issue 14's fuzz target).

Seeded, so a failure repeats: real payloads (the state cases' and the audit's) mutated with
wrong types, missing keys, huge numbers, NaN, non-UTF-8 bytes, deep nesting and lists, each read
by every device type under every preset; the example devices.yaml with lines and values deleted,
duplicated and garbled, through the loader (a home or a ConfigError, nothing else); then a real
service on the test broker, fed mutated states, still answers a question.
"""

from __future__ import annotations

import json
import random
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from assistant.config import Home
from assistant.config.loader import ConfigError, parse_home_text
from assistant.config.schema import HomeFile, PresetName
from assistant.devices import TYPES
from assistant.mqtt.availability import availability_source, read_availability
from assistant.mqtt.presets import state_topics
from assistant.mqtt.queries import state_queries
from assistant.mqtt.state import DeviceState, describe_state, parse_payload
from assistant.service.app import AssistantService
from assistant.handling.utterance import heard_now

SEED = 14
STATE_MESSAGES = 10_000
CONFIG_FILES = 1_000
# Device classes that change how a sensor or binary sensor is read.
CLASSES = ("", "temperature", "power", "humidity", "moisture", "door", "contact", "occupancy", "smoke")
ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 10**400, -(10**400), 1e308, float("nan"), float("inf"), "", "ON", "off",
    "NaN", "1e999", "\x00", "é" * 50, [], [1, "ON"], {}, {"state": {"state": "ON"}}, "x" * 5000,
)  # fmt: skip


MQTT_TESTS = Path(__file__).parent.parent / "mqtt"


def seed_payloads() -> list[tuple[str, str]]:
    """(topic, payload) of every real state message the MQTT tests use."""
    cases = [yaml.safe_load((MQTT_TESTS / name).read_text(encoding="utf-8")) for name in ("state_cases.yaml", "state_audit_cases.yaml")]
    found = [(c["topic"], c["payload"]) for c in cases[0]]
    found += [(topic, payload) for c in cases[1] for topic, payload in c["messages"]]
    return found


def _mutate_value(value: Any, rng: random.Random, depth: int = 0) -> Any:
    if isinstance(value, dict) and depth < 6:
        out = {k: _mutate_value(v, rng, depth + 1) if rng.random() < 0.4 else v for k, v in value.items()}
        if out and rng.random() < 0.3:
            out.pop(rng.choice(list(out)))  # a missing key
        if rng.random() < 0.2:
            out[rng.choice(["state", "POWER", "Power", "speed", "contact", "ENERGY", "update"])] = rng.choice(ODD_VALUES)
        return out
    if isinstance(value, list) and depth < 6:
        return [_mutate_value(v, rng, depth + 1) for v in value]
    return rng.choice(ODD_VALUES)


def _deep(rng: random.Random) -> bytes:
    depth = rng.choice([50, 1000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    return (opener * depth + "1" + closer * depth).encode()


def mutated_payload(payload: str, rng: random.Random) -> bytes:
    """One mutation of a real payload."""
    kind = rng.randrange(7)
    try:
        data = json.loads(payload)
    except ValueError:
        data = payload
    if kind == 0:  # wrong types, missing keys, odd values inside the real structure
        return json.dumps(_mutate_value(data, rng), allow_nan=True).encode()
    if kind == 1:  # non-UTF-8 bytes spliced in
        raw = bytearray(payload.encode())
        for _ in range(rng.randint(1, 5)):
            raw.insert(rng.randint(0, len(raw)), rng.choice([0xFF, 0xFE, 0xC0, 0x80, 0xED]))
        return bytes(raw)
    if kind == 2:
        return _deep(rng)
    if kind == 3:  # a list where an object was
        return json.dumps([data, data] if rng.random() < 0.5 else list(range(rng.randint(0, 30)))).encode()
    if kind == 4:  # cut short
        return payload.encode()[: rng.randint(0, len(payload))]
    if kind == 5:  # huge or not-a-number numbers in place of the first number
        return payload.replace("1", rng.choice(["1e999", "NaN", "-Infinity", "9" * 400]), 1).encode()
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))  # noise


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

GARBAGE = ("", ":", "- ", "  ", "{", "]", "&a", "*a", "!!python/object:os.system", "~", "null", "[]", "{}",
           "\t", "'", '"', "#", "+", "zigbee2mqtt/+/x", "-1", "1e999", "nan", "yes", "é")  # fmt: skip


def mutated_config(lines: list[str], rng: random.Random) -> str:
    out = list(lines)
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(out))
        kind = rng.randrange(5)
        if kind == 0:
            del out[index]
        elif kind == 1:
            out.insert(index, out[index])
        elif kind == 2 and ":" in out[index]:  # a value garbled
            key, _, _ = out[index].partition(":")
            out[index] = f"{key}: {rng.choice(GARBAGE)}"
        elif kind == 3:  # characters garbled
            chars = list(out[index])
            for _ in range(rng.randint(1, 3)):
                if chars:
                    chars[rng.randrange(len(chars))] = rng.choice(GARBAGE) or " "
            out[index] = "".join(chars)
        else:  # indentation changed
            out[index] = (" " * rng.choice([0, 1, 2, 3, 6])) + out[index].lstrip()
    return "\n".join(out)


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


# -- the service afterwards ------------------------------------------------------------------

SERVICE_MESSAGES = 2_000


def _publish_all(broker: Any, messages: list[tuple[str, bytes]]) -> None:
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        for topic, payload in messages:
            client.publish(topic, payload, qos=1)
        client.publish("fuzz/done", "done", qos=1).wait_for_publish(10)
    finally:
        client.disconnect()
        client.loop_stop()


def test_the_service_still_answers_after_fuzzed_states_and_configs(
    start_service: Callable[..., AssistantService], make_home: Callable[..., Path], mosquitto: Any
) -> None:
    path = make_home()
    service = start_service(path)
    assert service.connection.wait_connected(10)
    home = service.runtime.home
    rng = random.Random(SEED)
    topics = sorted({t for d in home.devices for t in state_topics(d)}
                    | {s.topic for d in home.devices if (s := availability_source(d))})  # fmt: skip
    seeds = seed_payloads()
    _publish_all(mosquitto, [(rng.choice(topics), mutated_payload(rng.choice(seeds)[1], rng))
                             for _ in range(SERVICE_MESSAGES)])  # fmt: skip
    lines = path.read_text(encoding="utf-8").splitlines()
    good = path.read_text(encoding="utf-8")
    for _ in range(20):  # broken and odd files handed to the running service's reload
        path.write_text(mutated_config(lines, rng), encoding="utf-8")
        service.reloader.reload_now("fuzz")
    path.write_text(good, encoding="utf-8")
    service.reloader.reload_now("fuzz")
    _publish_all(mosquitto, [("home/kitchen/temperature", b"21.5"), ("tele/coffee_maker/LWT", b"Online")])
    reply = service.handler.process(heard_now("what is the temperature in the kitchen")).reply
    assert reply.text == "The kitchen temperature is 21.5 °C."
