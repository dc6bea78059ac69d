"""Mutations for the fuzz tests (issue 14): real state payloads and devices.yaml lines made
wrong in the ways devices and people make them wrong. Seeded by the caller's random.Random."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml

SEED = 14
# Values a device (or a corrupted message) may put where a real one was.
ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 10**400, -(10**400), 1e308, float("nan"), float("inf"), "", "ON", "off",
    "NaN", "1e999", "\x00", "é" * 50, [], [1, "ON"], {}, {"state": {"state": "ON"}}, "x" * 5000,
)  # fmt: skip


MQTT_TESTS = Path(__file__).parent.parent / "mqtt"


def seed_payloads() -> list[tuple[str, str]]:
    """(topic, payload) of every real state message the MQTT tests use."""
    cases = [yaml.safe_load((MQTT_TESTS / name).read_text(encoding="utf-8"))
             for name in ("state_cases.yaml", "state_audit_cases.yaml")]
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


# What a slip of the keyboard (or of a tool) leaves in a devices.yaml line.
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
