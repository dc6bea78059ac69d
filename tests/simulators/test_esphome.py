"""The ESPHome simulator answers as ESPHome's MQTT components do (esphome_cases.yaml)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulators import EsphomeComponent, EsphomeNode
from simulators.probe import retained_message
from wire_recorder import WireRecorder

DATA = yaml.safe_load((Path(__file__).parent / "esphome_cases.yaml").read_text(encoding="utf-8"))
PREFIX = DATA["node"]["prefix"]


@pytest.fixture
def node(mosquitto: Any, wire: WireRecorder, start_simulator: Callable[..., Any]) -> EsphomeNode:
    components = [EsphomeComponent(kind, object_id) for kind, object_id in DATA["node"]["components"]]
    simulator = start_simulator(EsphomeNode(mosquitto.host, mosquitto.port, PREFIX, components))
    wire.wait_for(f"{PREFIX}/sensor/temperature/state")
    return simulator  # type: ignore[no-any-return]


def _send(wire: WireRecorder, leaf: str, payload: str) -> None:
    wire.client.publish(f"{PREFIX}/{leaf}", payload, qos=1).wait_for_publish(5)


@pytest.mark.parametrize("case", DATA["cases"], ids=[" ".join(c["send"]) for c in DATA["cases"]])
def test_component_answers_as_esphome(case: dict, node: EsphomeNode, wire: WireRecorder) -> None:
    for leaf, payload in case.get("before", []):  # each answered on the state topic the case checks
        topic = f"{PREFIX}/{case['expect'][0]}"
        seen = len(wire.on(topic))
        _send(wire, leaf, payload)
        wire.wait_for(topic, seen + 1)
    ignored = len(node.ignored)
    if "refused" in case:
        _send(wire, *case["send"])
        assert node.wait_until(lambda: len(node.ignored) > ignored), "the node neither acted nor refused"
        assert case["refused"] in node.ignored[-1][2]
        return
    state_topic, want = case["expect"]
    topic = f"{PREFIX}/{state_topic}"
    seen = len(wire.on(topic))
    _send(wire, *case["send"])
    published = wire.wait_for(topic, seen + 1)
    assert len(published) > seen, "no state was published"
    if isinstance(want, dict):
        got = json.loads(published[-1])
        assert {k: got.get(k) for k in want} == want
    else:
        assert published[-1] == want


def test_status_is_online_retained(node: EsphomeNode, mosquitto: Any) -> None:
    assert retained_message(mosquitto, f"{PREFIX}/status") == "online"


def test_status_turns_offline_when_the_node_drops(node: EsphomeNode, wire: WireRecorder) -> None:
    node.crash()
    assert wire.wait_for(f"{PREFIX}/status", 2)[-1] == "offline"


def test_states_are_retained(node: EsphomeNode, mosquitto: Any) -> None:
    assert retained_message(mosquitto, f"{PREFIX}/lock/front_door/state") == "LOCKED"


def test_sensor_reading_is_published(node: EsphomeNode, wire: WireRecorder) -> None:
    node.report("sensor", "temperature", "21.7")
    assert wire.wait_for(f"{PREFIX}/sensor/temperature/state", 2)[-1] == "21.7"
