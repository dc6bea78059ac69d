"""Issue 14's state audit (state_audit_cases.yaml) on a real broker, asking devices that do not
retain their state (the simulators answer as the firmware does), and availability: an offline
device's state answer and commands."""

from __future__ import annotations

import queue
from typing import Any

import pytest
from mqtt_support import Connect, Listener, load_cases

from assistant.commands import Command
from assistant.config import Home
from assistant.config.schema import HomeFile
from assistant.mqtt import CommandPublisher, MqttConnection, StateTracker
from assistant.mqtt.availability import AvailabilityTracker
from assistant.mqtt.queries import state_queries
from simulators import Zigbee2MqttBridge
from simulators.tasmota import TasmotaDevice, TasmotaFirmware
from simulators.zigbee2mqtt import Zigbee2MqttDevice

CASES: list[dict[str, Any]] = load_cases("state_audit_cases.yaml")
LOCK_EXPOSES = [
    {"type": "lock", "features": [
        {"type": "binary", "name": "state", "property": "state", "access": 7, "value_on": "LOCK", "value_off": "UNLOCK"},
        {"type": "enum", "name": "lock_state", "property": "lock_state", "access": 1, "values": ["locked", "unlocked"]},
    ]},
]  # fmt: skip


def one_device_home(device: dict[str, Any], broker: Any, **mqtt: Any) -> Home:
    data = HomeFile.model_validate(
        {"devices": [{"id": "dut", **device}], "mqtt": {"host": broker.host, "port": broker.port, **mqtt}}
    )
    return Home(data)


def settle(connection: MqttConnection) -> None:
    """Wait until everything this connection published before has been handled by its callbacks."""
    seen: queue.Queue[object] = queue.Queue()
    connection.subscribe("test/marker", seen.put)
    connection.publish("test/marker", "marker")
    seen.get(timeout=5)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_audit_row_is_answered_right(case: dict[str, Any], mosquitto: Any, connect: Connect) -> None:
    home = one_device_home(case["device"], mosquitto)
    connection = connect(home)
    tracker = StateTracker(home, connection)
    assert tracker.start(ask=False)
    for topic, payload in case["messages"]:
        connection.publish(topic, payload)
    settle(connection)
    assert tracker.answer("dut") == case["answer"]


# -- asking ----------------------------------------------------------------------------------

Z2M_LOCK = {"name": "Front Door Lock", "type": "lock", "mqtt": {"preset": "zigbee2mqtt", "topic": "zigbee2mqtt/front door lock"}}
TASMOTA_PLUG = {"name": "Coffee Maker", "type": "switch", "mqtt": {"preset": "tasmota", "topic": "coffee_maker"}}


def test_zigbee2mqtt_device_is_asked_when_no_state_is_known(
    mosquitto: Any, connect: Connect, start_simulator: Any
) -> None:
    bridge = Zigbee2MqttBridge(mosquitto.host, mosquitto.port, [
        Zigbee2MqttDevice("front door lock", LOCK_EXPOSES, {"state": "LOCK", "lock_state": "locked"})])  # fmt: skip
    start_simulator(bridge)
    home = one_device_home(Z2M_LOCK, mosquitto)
    tracker = StateTracker(home, connect(home))
    assert tracker.start(ask=False)
    assert tracker.refresh(["dut"], timeout=2)
    assert tracker.answer("dut") == "The front door lock is locked."


def test_zigbee2mqtt_query_asks_for_the_keys_the_type_reads() -> None:
    home = Home(HomeFile.model_validate({"devices": [{"id": "dut", **Z2M_LOCK}]}))
    (query,) = state_queries(home.devices[0])
    assert (query.topic, query.payload) == ("zigbee2mqtt/front door lock/get", '{"state":""}')


def test_multi_gang_query_asks_for_its_endpoint() -> None:
    device = {"name": "Left", "type": "switch", "mqtt": {"preset": "zigbee2mqtt", "topic": "zigbee2mqtt/wall",
              "payloads": {"turn_on": '{"state_left": "ON"}'}}}  # fmt: skip
    home = Home(HomeFile.model_validate({"devices": [{"id": "dut", **device}]}))
    assert state_queries(home.devices[0])[0].payload == '{"state_left":""}'


def test_retained_presets_are_not_asked() -> None:
    device = {"name": "Lamp", "type": "light", "mqtt": {"preset": "ha_json", "topic": "home/lamp"}}
    home = Home(HomeFile.model_validate({"devices": [{"id": "dut", **device}]}))
    assert state_queries(home.devices[0]) == []


def test_tasmota_device_is_asked_with_an_empty_state_command(
    mosquitto: Any, connect: Connect, start_simulator: Any
) -> None:
    plug = TasmotaDevice("coffee_maker", relays=1, energy=True)
    plug.power[0] = True
    start_simulator(TasmotaFirmware(mosquitto.host, mosquitto.port, plug))
    home = one_device_home(TASMOTA_PLUG, mosquitto)
    tracker = StateTracker(home, connect(home))
    assert tracker.start(ask=False)
    assert tracker.refresh(["dut"], timeout=2)
    assert tracker.answer("dut") == "The coffee maker is on."


def test_start_asks_for_the_states_it_needs(
    mosquitto: Any, connect: Connect, start_simulator: Any, wire: Listener
) -> None:
    home = one_device_home(Z2M_LOCK, mosquitto)
    tracker = StateTracker(home, connect(home))
    assert tracker.start(ask=True)
    assert wire.wait_for("zigbee2mqtt/front door lock/get") == ['{"state":""}']


def test_a_stopped_tracker_is_not_kept_by_its_connection(mosquitto: Any, connect: Connect) -> None:
    # A reload replaces the tracker on the same connection: the old one must not pile up.
    home = one_device_home(Z2M_LOCK, mosquitto)
    connection = connect(home)
    tracker = StateTracker(home, connection)
    assert tracker.start(ask=True)
    tracker.stop()
    assert tracker._on_connection not in connection._listeners


def test_a_known_state_is_not_asked_for_again(mosquitto: Any, connect: Connect, wire: Listener) -> None:
    home = one_device_home(Z2M_LOCK, mosquitto)
    connection = connect(home)
    tracker = StateTracker(home, connection)
    assert tracker.start(ask=False)
    connection.publish("zigbee2mqtt/front door lock", '{"state":"UNLOCK"}')
    settle(connection)
    assert tracker.refresh(["dut"], timeout=1)
    settle(connection)
    assert [t for t, _, _ in wire.messages if t.endswith("/get")] == []


def test_a_state_older_than_the_setting_is_asked_for_again(
    mosquitto: Any, connect: Connect, start_simulator: Any
) -> None:
    bridge = Zigbee2MqttBridge(mosquitto.host, mosquitto.port, [
        Zigbee2MqttDevice("front door lock", LOCK_EXPOSES, {"state": "LOCK", "lock_state": "locked"})])  # fmt: skip
    home = one_device_home(Z2M_LOCK, mosquitto, state_max_age=0.001)
    connection = connect(home)
    tracker = StateTracker(home, connection)
    assert tracker.start(ask=False)
    connection.publish("zigbee2mqtt/front door lock", '{"state":"UNLOCK","lock_state":"unlocked"}')
    settle(connection)
    start_simulator(bridge)  # the lock was locked since, and nobody heard it
    assert tracker.refresh(["dut"], timeout=2)
    assert tracker.answer("dut") == "The front door lock is locked."


def test_a_device_that_does_not_answer_is_not_guessed(mosquitto: Any, connect: Connect) -> None:
    home = one_device_home(Z2M_LOCK, mosquitto)
    tracker = StateTracker(home, connect(home))
    assert tracker.start(ask=False)
    assert not tracker.refresh(["dut"], timeout=0.3)
    assert tracker.answer("dut") == "I haven't heard from the front door lock."


# -- offline devices -------------------------------------------------------------------------


def _offline_lock(mosquitto: Any, connect: Connect) -> tuple[Home, MqttConnection, AvailabilityTracker]:
    home = one_device_home(Z2M_LOCK, mosquitto)
    connection = connect(home)
    availability = AvailabilityTracker(home, connection)
    assert availability.start()
    connection.publish("zigbee2mqtt/front door lock/availability", '{"state":"offline"}')
    settle(connection)
    return home, connection, availability


def test_a_command_to_an_offline_device_is_not_published(mosquitto: Any, connect: Connect, wire: Listener) -> None:
    home, connection, availability = _offline_lock(mosquitto, connect)
    (delivery,) = CommandPublisher(home, connection, availability).publish([Command("dut", "lock")])
    settle(connection)
    assert [t for t, _, _ in wire.messages if t.endswith("/set")] == []
    assert not delivery.delivered
    assert delivery.error == "the front door lock is offline"


def test_a_command_to_a_device_back_online_is_published(mosquitto: Any, connect: Connect) -> None:
    home, connection, availability = _offline_lock(mosquitto, connect)
    connection.publish("zigbee2mqtt/front door lock/availability", '{"state":"online"}')
    settle(connection)
    (delivery,) = CommandPublisher(home, connection, availability).publish([Command("dut", "lock")])
    assert delivery.delivered


def test_a_device_never_heard_from_is_not_offline(mosquitto: Any, connect: Connect) -> None:
    home = one_device_home(Z2M_LOCK, mosquitto)
    connection = connect(home)
    availability = AvailabilityTracker(home, connection)
    assert availability.start()
    (delivery,) = CommandPublisher(home, connection, availability).publish([Command("dut", "lock")])
    assert delivery.delivered
