"""State round-trips: a device publishes its state, get_state answers from it."""

from __future__ import annotations

import queue
from typing import Any

import pytest
from mqtt_support import Connect, home_on_broker, load_cases

from assistant.config import Home
from assistant.mqtt import MqttConnection, StateTracker
from assistant.mqtt.state import parse_payload

CASES: list[dict[str, Any]] = load_cases("state_cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case['device']}-{case['topic']}")
def test_answer_comes_from_the_last_state(
    case: dict[str, Any], preset_home: Home, mosquitto: Any, connect: Connect
) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    connection: MqttConnection = connect(home)
    retained = bool(case.get("retain"))
    if retained:  # published before anyone listens: the broker replays it on subscribe
        connection.publish(case["topic"], case["payload"], retain=True)
    tracker = StateTracker(home, connection)
    assert tracker.start()
    if not retained:
        connection.publish(case["topic"], case["payload"])
    assert tracker.wait_for([case["device"]], timeout=5)
    assert tracker.answer(case["device"]) == case["answer"]


def test_silent_device_is_not_guessed(preset_home: Home, mosquitto: Any, connect: Connect) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    tracker = StateTracker(home, connect(home))
    assert tracker.start()
    assert tracker.answer("t_light") == "I haven't heard from the kitchen light."


def test_partial_updates_are_merged(preset_home: Home, mosquitto: Any, connect: Connect) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    connection: MqttConnection = connect(home)
    tracker = StateTracker(home, connection)
    assert tracker.start(["t_light"])
    connection.publish("stat/kitchen_light/RESULT", '{"Dimmer": 60}')
    connection.publish("stat/kitchen_light/POWER", "ON")
    # a marker on the same connection: once it is back, both updates above were handled
    seen: queue.Queue[object] = queue.Queue()
    connection.subscribe("home/unrelated", seen.put)
    connection.publish("home/unrelated", "marker")
    seen.get(timeout=5)
    assert tracker.answer("t_light") == "The kitchen light is on at 60% brightness."


def test_state_is_followed_after_a_reconnect(preset_home: Home, mosquitto: Any, connect: Connect) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    connection: MqttConnection = connect(home, reconnect_delay=(0.1, 0.2))
    changes: queue.Queue[bool] = queue.Queue()
    connection.add_listener(changes.put)
    tracker = StateTracker(home, connection)
    assert tracker.start()
    mosquitto.stop()
    assert changes.get(timeout=10) is False
    mosquitto.start()
    assert changes.get(timeout=10) is True
    connection.publish("home/front_door", "unlocked")
    assert tracker.wait_for(["g_lock"], timeout=5)
    assert tracker.answer("g_lock") == "The front door is unlocked."


def test_unknown_device_question_is_answered_plainly(preset_home: Home, mosquitto: Any, connect: Connect) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    assert StateTracker(home, connect(home)).answer("garden_gnome") == "There is no device 'garden_gnome' in this home."


@pytest.mark.parametrize(
    ("topic", "payload", "fields"),
    [
        ("home/x", b"21.5", {"state": 21.5}),
        ("home/x", b"locked", {"state": "locked"}),
        ("stat/plug/POWER", b"ON", {"power": "ON"}),
        ("zigbee2mqtt/x", b'{"State": "ON", "Color": {"x": 0.3}}', {"state": "ON", "color": {"x": 0.3}, "color.x": 0.3, "x": 0.3}),
        # a nested on/off is its block's own, never the device's (Tasmota's ENERGY.Power is watts)
        ("tele/plug/SENSOR", b'{"ENERGY": {"Power": 1}}', {"energy": {"Power": 1}, "energy.power": 1}),
        ("zigbee2mqtt/x", b'{"update": {"state": "idle"}}', {"update": {"state": "idle"}, "update.state": "idle"}),
        ("stat/plug/POWER2", b"ON", {"power2": "ON"}),
        ("esphome/fan/kitchen/speed_level/state", b"40", {"speed_level": 40}),
        ("home/x", b"\xff\xfe", {"state": "\ufffd\ufffd"}),
    ],
)
def test_payloads_are_read_as_devices_send_them(topic: str, payload: bytes, fields: dict[str, Any]) -> None:
    assert parse_payload(topic, payload) == fields


def test_stopped_tracker_no_longer_follows_state(preset_home: Home, mosquitto: Any, connect: Connect) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    connection: MqttConnection = connect(home)
    tracker = StateTracker(home, connection)
    assert tracker.start(["g_lock"])
    tracker.stop()
    seen: queue.Queue[object] = queue.Queue()
    connection.subscribe("home/front_door", seen.put)
    connection.publish("home/front_door", "locked")
    seen.get(timeout=5)  # the same message reached a live subscription: the tracker had its chance
    assert tracker.answer("g_lock") == "I haven't heard from the front door."
