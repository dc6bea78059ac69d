"""The publisher: refuses what the home does not allow, and never delivers a stale command."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

import pytest
from mqtt_support import Connect, Listener, home_on_broker, load_cases

from assistant.commands import Command
from assistant.config import Home
from assistant.mqtt import CommandPublisher, MqttConnection, ReceivedMessage

REFUSALS: list[dict[str, Any]] = load_cases("refusals.yaml")
# A valid command published after the one under test: once it has arrived, anything published
# before it would have arrived too (one connection, QoS 1, in order).
MARKER = Command("kitchen_light", "turn_off")
MARKER_MESSAGE = ("cmnd/kitchen_light/POWER", b"OFF")


@pytest.mark.parametrize("case", REFUSALS, ids=lambda case: f"{case['device']}-{case['action']}")
def test_invalid_command_is_refused_and_never_published(
    case: dict[str, Any], example_home: Home, mosquitto: Any, listener: Listener, connect: Connect
) -> None:
    home = home_on_broker(example_home, mosquitto.host, mosquitto.port)
    publisher = CommandPublisher(home, connect(home))
    refused, marker = publisher.publish([Command(case["device"], case["action"], case.get("value")), MARKER])
    assert not refused.delivered
    assert refused.topic is None
    assert (refused.error or "").startswith("refused: ")
    assert case["reason"] in (refused.error or "")
    assert marker.delivered
    assert listener.wait_count(1) == [MARKER_MESSAGE]


def _disconnected(connection: MqttConnection, broker: Any) -> None:
    changes: queue.Queue[bool] = queue.Queue()
    connection.add_listener(changes.put)
    broker.stop()
    assert changes.get(timeout=10) is False


def test_command_heard_too_long_ago_is_dropped(
    example_home: Home, mosquitto: Any, listener: Listener, connect: Connect
) -> None:
    home = home_on_broker(example_home, mosquitto.host, mosquitto.port, stale_after=2.0)
    publisher = CommandPublisher(home, connect(home))
    [old] = publisher.publish([Command("coffee_maker", "turn_on")], heard_at=time.monotonic() - 3.0)
    assert (old.delivered, old.stale) == (False, True)
    assert publisher.publish([MARKER])[0].delivered
    assert listener.wait_count(1) == [MARKER_MESSAGE]


def test_outage_longer_than_freshness_drops_the_command(
    example_home: Home, mosquitto: Any, listener: Listener, connect: Connect
) -> None:
    home = home_on_broker(example_home, mosquitto.host, mosquitto.port, stale_after=1.0)
    connection = connect(home, reconnect_delay=(0.1, 0.2))
    publisher = CommandPublisher(home, connection)
    _disconnected(connection, mosquitto)
    [dropped] = publisher.publish([Command("coffee_maker", "turn_on")], heard_at=time.monotonic())
    assert (dropped.delivered, dropped.stale) == (False, True)
    assert "unreachable" in (dropped.error or "")
    mosquitto.start()
    assert connection.wait_connected(10)
    assert listener.wait_subscribed()
    # the dropped command must not follow once the broker is back
    assert publisher.publish([MARKER])[0].delivered
    assert listener.wait_count(1) == [MARKER_MESSAGE]


def test_short_outage_delivers_the_command_once_back(example_home: Home, mosquitto: Any, connect: Connect) -> None:
    home = home_on_broker(example_home, mosquitto.host, mosquitto.port, stale_after=30.0)
    connection = connect(home, reconnect_delay=(0.1, 0.2))
    # The connection's own subscription is renewed before it publishes again, so it sees what
    # the broker took (a separate listener might reconnect after the publish).
    received: queue.Queue[ReceivedMessage] = queue.Queue()
    connection.subscribe("cmnd/#", received.put)
    publisher = CommandPublisher(home, connection)
    _disconnected(connection, mosquitto)
    threading.Timer(0.3, mosquitto.start).start()
    [delivery] = publisher.publish([Command("coffee_maker", "turn_on")], heard_at=time.monotonic())
    assert (delivery.delivered, delivery.error) == (True, None)
    assert received.get(timeout=5) == ReceivedMessage("cmnd/coffee_maker/POWER", b"ON", False)
