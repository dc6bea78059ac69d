"""Reading what a broker holds for a subscriber that comes later (retained messages)."""

from __future__ import annotations

import queue
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion


def retained_message(broker: Any, topic: str, timeout: float = 5.0) -> str | None:
    """The retained payload on `topic` (a new subscriber receives it at once), or None."""
    received: queue.Queue[paho.MQTTMessage] = queue.Queue()
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    client.on_connect = lambda c, *_: c.subscribe(topic, qos=1)
    client.on_message = lambda c, u, message: received.put(message)
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        message = received.get(timeout=timeout)
        return bytes(message.payload).decode() if message.retain else None
    except queue.Empty:
        return None
    finally:
        client.disconnect()
        client.loop_stop()
