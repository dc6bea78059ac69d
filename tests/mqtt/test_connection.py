"""Connecting: clear one-sentence errors, passwords, reconnects that keep subscriptions."""

from __future__ import annotations

import queue
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mqtt_support import Connect, Listener, home_on_broker

from assistant.config import Home
from assistant.mqtt import BrokerUnavailable, DeliveryError, MqttConnection, ReceivedMessage


def test_unreachable_broker_is_one_clear_sentence(example_home: Home, mosquitto: Any) -> None:
    mosquitto.stop()  # nothing listens on its port now
    connection = MqttConnection(home_on_broker(example_home, mosquitto.host, mosquitto.port).data.mqtt)
    with pytest.raises(BrokerUnavailable) as caught:
        connection.connect(timeout=2)
    assert str(caught.value) == f"Cannot reach the MQTT broker at {mosquitto.address} (connection refused)"


def test_password_protected_broker_accepts_the_right_password(
    example_home: Home, secure_mosquitto: Any, connect: Connect
) -> None:
    home = home_on_broker(
        example_home, secure_mosquitto.host, secure_mosquitto.port, username="hub", password="correct horse"
    )
    assert connect(home).connected


def test_password_file_is_read(example_home: Home, secure_mosquitto: Any, connect: Connect, tmp_path: Path) -> None:
    (tmp_path / "mqtt-password").write_text("correct horse\n")
    home = home_on_broker(
        example_home, secure_mosquitto.host, secure_mosquitto.port, username="hub", password_file=Path("mqtt-password")
    )
    assert connect(home, config_dir=tmp_path).connected


def test_wrong_password_is_one_clear_sentence(example_home: Home, secure_mosquitto: Any) -> None:
    home = home_on_broker(example_home, secure_mosquitto.host, secure_mosquitto.port, username="hub", password="wrong")
    with pytest.raises(BrokerUnavailable) as caught:
        MqttConnection(home.data.mqtt).connect(timeout=5)
    assert str(caught.value) == f"The MQTT broker at {secure_mosquitto.address} refused the username or password"


def test_missing_credentials_are_named(example_home: Home, secure_mosquitto: Any) -> None:
    home = home_on_broker(example_home, secure_mosquitto.host, secure_mosquitto.port)
    with pytest.raises(BrokerUnavailable, match="requires a username and password"):
        MqttConnection(home.data.mqtt).connect(timeout=5)


def test_missing_password_file_is_one_clear_sentence(example_home: Home, mosquitto: Any, tmp_path: Path) -> None:
    home = home_on_broker(example_home, mosquitto.host, mosquitto.port, username="hub", password_file=Path("nope"))
    with pytest.raises(BrokerUnavailable, match=r"Cannot read the MQTT password file .*nope \(No such file"):
        MqttConnection(home.data.mqtt, config_dir=tmp_path).connect(timeout=5)


def test_reconnects_and_keeps_its_subscriptions(example_home: Home, mosquitto: Any, connect: Connect) -> None:
    connection: MqttConnection = connect(home_on_broker(example_home, mosquitto.host, mosquitto.port))
    changes: queue.Queue[bool] = queue.Queue()
    connection.add_listener(changes.put)
    received: queue.Queue[ReceivedMessage] = queue.Queue()
    assert connection.subscribe("probe/#", received.put)
    mosquitto.stop()
    assert changes.get(timeout=10) is False
    mosquitto.start()
    assert changes.get(timeout=10) is True
    # our own publish comes back only if the subscription was renewed after the reconnect
    connection.publish("probe/after", "hello")
    assert received.get(timeout=5) == ReceivedMessage("probe/after", b"hello", False)


def test_publish_while_disconnected_fails_at_once(example_home: Home, mosquitto: Any, connect: Connect) -> None:
    connection: MqttConnection = connect(home_on_broker(example_home, mosquitto.host, mosquitto.port))
    changes: queue.Queue[bool] = queue.Queue()
    connection.add_listener(changes.put)
    mosquitto.stop()
    assert changes.get(timeout=10) is False
    with pytest.raises(DeliveryError, match="not connected"):
        connection.publish("some/topic", "x")


def test_connect_can_be_retried_after_the_broker_appears(example_home: Home, mosquitto: Any) -> None:
    mosquitto.stop()
    connection = MqttConnection(home_on_broker(example_home, mosquitto.host, mosquitto.port).data.mqtt)
    with pytest.raises(BrokerUnavailable):
        connection.connect(timeout=2)
    mosquitto.start()
    connection.connect(timeout=5)
    try:
        assert connection.connected
    finally:
        connection.close()


def test_refused_credentials_do_not_answer_a_later_try(example_home: Home, secure_mosquitto: Any) -> None:
    home = home_on_broker(example_home, secure_mosquitto.host, secure_mosquitto.port, username="hub", password="wrong")
    connection = MqttConnection(home.data.mqtt)
    for _ in range(2):  # the second try must get its own answer from the broker, not the first one's
        with pytest.raises(BrokerUnavailable, match="refused the username or password"):
            connection.connect(timeout=5)


# A process that connects with a last will, says so, and waits to be killed.
WILL_CLIENT = """
import sys, time
from assistant.config.schema import BrokerConfig
from assistant.mqtt import LastWill, MqttConnection
connection = MqttConnection(BrokerConfig(host=sys.argv[1], port=int(sys.argv[2]), keepalive=5),
                            last_will=LastWill("assistant/availability", "offline"))
connection.connect(timeout=5)
print("connected", flush=True)
time.sleep(60)
"""


def test_last_will_is_published_when_the_process_dies(mosquitto: Any, listener: Listener) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WILL_CLIENT, mosquitto.host, str(mosquitto.port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "connected\n"
    finally:
        process.kill()  # no goodbye: the broker must speak the will
        process.wait()
    assert listener.wait_count(1) == [("assistant/availability", b"offline")]
