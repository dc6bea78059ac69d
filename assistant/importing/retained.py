"""Read the retained messages under some topic filters: what bridges publish for newcomers."""

from __future__ import annotations

import threading
import time

from assistant.mqtt import MqttConnection
from assistant.mqtt.connection import ReceivedMessage

# The broker sends retained messages right after the subscription is acknowledged; once none
# has come for this long, all have (generous: a busy host may stall the network thread).
QUIET_S = 1.0


def read_retained(
    connection: MqttConnection, topic_filters: list[str], limit_s: float = 5.0, quiet_s: float = QUIET_S
) -> dict[str, bytes]:
    """topic -> payload of every retained message on the filters (empty payloads are deletions)."""
    found: dict[str, bytes] = {}
    arrived = threading.Condition()
    last = [time.monotonic()]

    def collect(message: ReceivedMessage) -> None:
        if message.retained and message.payload:
            with arrived:
                found[message.topic] = message.payload
                last[0] = time.monotonic()
                arrived.notify_all()

    deadline = time.monotonic() + limit_s
    connection.subscribe(topic_filters, collect, timeout=limit_s)
    with arrived:
        last[0] = time.monotonic()
        while time.monotonic() < deadline:
            quiet_left = last[0] + quiet_s - time.monotonic()
            if quiet_left <= 0:
                break
            arrived.wait(min(quiet_left, max(0.0, deadline - time.monotonic())))
    connection.unsubscribe(collect)
    return dict(found)
