"""What every simulator shares: one MQTT client with a last will, handlers per topic filter."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

Handler = Callable[[str, str], None]  # (topic, payload text)


@dataclass(frozen=True)
class Will:
    topic: str
    payload: str


class SimulatedFirmware:
    """One MQTT client, as one real device (or bridge) holds; subclasses add topic handlers and
    publish what the firmware publishes. `changed` is notified after every handled message."""

    def __init__(self, host: str, port: int, client_id: str, will: Will | None = None) -> None:
        self.host, self.port = host, port
        self.client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id=client_id)
        if will:
            self.client.will_set(will.topic, will.payload, qos=1, retain=True)
        self._handlers: list[tuple[str, Handler]] = []
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self._subscribed = threading.Event()
        # (topic, payload) of messages the firmware did not act on, and why.
        self.ignored: list[tuple[str, str, str]] = []

    def handle(self, topic_filter: str, handler: Handler) -> None:
        self._handlers.append((topic_filter, handler))

    def start(self) -> None:
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = lambda *args: self._subscribed.set()
        self.client.on_message = self._on_message
        self.client.connect(self.host, self.port)
        self.client.loop_start()
        if not self._subscribed.wait(10):
            raise RuntimeError(f"{type(self).__name__} could not subscribe")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def crash(self) -> None:
        """Drop the connection without a goodbye: the broker publishes the last will."""
        self.client._sock_close()  # type: ignore[attr-defined]  # no DISCONNECT packet, as a power cut
        self.client.loop_stop()

    def on_connected(self) -> None:
        """Publish what the firmware publishes when it comes online."""

    def publish(self, topic: str, payload: str, retain: bool = False) -> None:
        # Never waits: this runs on the client's network thread when answering a command.
        self.client.publish(topic, payload, qos=1, retain=retain)

    def ignore(self, topic: str, payload: str, reason: str) -> None:
        with self.changed:
            self.ignored.append((topic, payload, reason))
            self.changed.notify_all()

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(condition, timeout)

    def _on_connect(self, client: paho.Client, userdata: object, flags: object, reason: object, props: object) -> None:
        client.subscribe([(topic_filter, 1) for topic_filter, _ in self._handlers])
        self.on_connected()

    def _on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        # Retained commands are acted on too, as real firmware does ("ghost switching").
        text = bytes(message.payload).decode("utf-8", errors="replace")
        for topic_filter, handler in self._handlers:
            if paho.topic_matches_sub(topic_filter, message.topic):
                with self.changed:
                    handler(message.topic, text)
                    self.changed.notify_all()
                return
