"""The Zigbee2MQTT simulator answers as Zigbee2MQTT does (zigbee2mqtt_cases.yaml)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulators import Zigbee2MqttBridge
from simulators.probe import retained_message
from simulators.zigbee2mqtt import devices_from_bridge
from wire_recorder import WireRecorder

HERE = Path(__file__).parent
BRIDGE = yaml.safe_load((HERE / "homes" / "zigbee2mqtt_bridge.yaml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((HERE / "zigbee2mqtt_cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def bridge(mosquitto: Any, wire: WireRecorder, start_simulator: Callable[..., Any]) -> Zigbee2MqttBridge:
    simulator = Zigbee2MqttBridge(mosquitto.host, mosquitto.port, devices_from_bridge(BRIDGE["devices"]))
    start_simulator(simulator)
    wire.wait_for("zigbee2mqtt/garden/water valve/availability")
    return simulator


def _send(wire: WireRecorder, topic: str, payload: str) -> None:
    wire.client.publish(topic, payload, qos=1).wait_for_publish(5)


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return round(value, 2) if isinstance(value, float) else value


@pytest.mark.parametrize("case", CASES, ids=[f"{c['device']}: {c['send']}" for c in CASES])
def test_device_applies_what_zigbee2mqtt_accepts(case: dict, bridge: Zigbee2MqttBridge, wire: WireRecorder) -> None:
    name, topic = case["device"], f"zigbee2mqtt/{case['device']}"
    for payload in case.get("before", []):
        seen = len(wire.on(topic))
        _send(wire, f"{topic}/set", payload)
        wire.wait_for(topic, seen + 1)
    seen, ignored = len(wire.on(topic)), len(bridge.ignored)
    _send(wire, f"{topic}/set/{case['key']}" if "key" in case else f"{topic}/set", case["send"])
    if "refused" in case:
        assert bridge.wait_until(lambda: len(bridge.ignored) > ignored), "the device neither acted nor refused"
        assert case["refused"] in bridge.ignored[-1][2]
        assert len(wire.on(topic)) == seen, "a refused command published a state"
        return
    published = wire.wait_for(topic, seen + 1)
    assert len(published) == seen + 1, "no state was published"
    state = json.loads(published[-1])
    assert {key: _rounded(state.get(key)) for key in case["expect"]} == _rounded(case["expect"])


def test_state_is_published_not_retained(bridge: Zigbee2MqttBridge, wire: WireRecorder) -> None:
    _send(wire, "zigbee2mqtt/kitchen/coffee machine/set", '{"state": "ON"}')
    wire.wait_for("zigbee2mqtt/kitchen/coffee machine")
    retained = [r for t, _, r in wire.messages if t == "zigbee2mqtt/kitchen/coffee machine"]
    assert retained == [False]


def test_get_publishes_the_current_state(bridge: Zigbee2MqttBridge, wire: WireRecorder) -> None:
    _send(wire, "zigbee2mqtt/bedroom/blinds/set", '{"position": 70}')
    wire.wait_for("zigbee2mqtt/bedroom/blinds")
    _send(wire, "zigbee2mqtt/bedroom/blinds/get", '{"state": ""}')
    published = wire.wait_for("zigbee2mqtt/bedroom/blinds", 2)
    assert json.loads(published[-1])["position"] == 70


def test_sensor_reading_is_published(bridge: Zigbee2MqttBridge, wire: WireRecorder) -> None:
    bridge.report("kitchen/climate sensor", {"temperature": 21.4, "humidity": 48})
    published = wire.wait_for("zigbee2mqtt/kitchen/climate sensor")
    assert json.loads(published[-1])["temperature"] == 21.4


def test_availability_is_retained_online_then_offline(bridge: Zigbee2MqttBridge, wire: WireRecorder) -> None:
    topic = "zigbee2mqtt/front door lock/availability"
    bridge.set_online("front door lock", False)
    published = wire.wait_for(topic, 2)
    assert [json.loads(p)["state"] for p in published] == ["online", "offline"]


def test_availability_is_there_for_a_late_subscriber(bridge: Zigbee2MqttBridge, mosquitto: Any) -> None:
    message = retained_message(mosquitto, "zigbee2mqtt/front door lock/availability")
    assert json.loads(message or "null") == {"state": "online"}


def test_offline_device_does_nothing(bridge: Zigbee2MqttBridge, wire: WireRecorder) -> None:
    bridge.set_online("front door lock", False)
    _send(wire, "zigbee2mqtt/front door lock/set", '{"state": "UNLOCK"}')
    assert bridge.wait_until(lambda: bool(bridge.ignored))
    assert bridge.state("front door lock")["lock_state"] != "unlocked"


def test_only_working_devices_are_simulated() -> None:
    names = {d.friendly_name for d in devices_from_bridge(BRIDGE["devices"])}
    assert names.isdisjoint({"Coordinator", "attic/old lamp", "garage/new plug", "0xa4c138aa00000001"})
