"""One connection to the MQTT broker: connect with clear errors, reconnect, publish with PUBACK.

paho's network loop runs in its own thread. After the first successful connect it reconnects
by itself with backoff; subscriptions are renewed on every connect, and messages that were
in flight when the connection dropped are discarded rather than resent late (the caller has
already been told they were not delivered).
"""

from __future__ import annotations

import functools
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from assistant.config.schema import BrokerConfig

log = logging.getLogger(__name__)

# CONNACK reason codes that mean "who you are was refused" (MQTT 5 numbering, which paho
# also uses for MQTT 3.1.1's return codes 4 and 5).
BAD_CREDENTIALS = 134
NOT_AUTHORIZED = 135
# How often a waiting publish looks whether the connection dropped.
WAIT_SLICE_S = 0.05


class BrokerUnavailable(Exception):
    """The broker cannot be used; the message is one sentence for the user."""


class DeliveryError(Exception):
    """A publish was not acknowledged by the broker; it will not be resent."""


@dataclass(frozen=True)
class LastWill:
    """What the broker publishes for us when we vanish without saying goodbye."""

    topic: str
    payload: str
    retain: bool = True
    qos: int = 1


@dataclass(frozen=True)
class ReceivedMessage:
    topic: str
    payload: bytes
    retained: bool


MessageCallback = Callable[[ReceivedMessage], None]
ConnectionListener = Callable[[bool], None]


@dataclass(frozen=True)
class _Subscription:
    topic_filters: tuple[str, ...]
    callback: MessageCallback

    def matches(self, topic: str) -> bool:
        return topic in self._exact or any(paho.topic_matches_sub(f, topic) for f in self._patterns)

    @functools.cached_property
    def _exact(self) -> frozenset[str]:
        return frozenset(f for f in self.topic_filters if "+" not in f and "#" not in f)

    @functools.cached_property
    def _patterns(self) -> tuple[str, ...]:
        return tuple(f for f in self.topic_filters if "+" in f or "#" in f)


class MqttConnection:
    """A paho client configured from devices.yaml's `mqtt:` section."""

    def __init__(
        self,
        broker: BrokerConfig,
        *,
        last_will: LastWill | None = None,
        client_id: str | None = None,
        config_dir: Path | None = None,
        reconnect_delay: tuple[float, float] | None = None,
    ) -> None:
        self.broker = broker
        self.address = f"{broker.host}:{broker.port}"
        self._config_dir = config_dir
        self._client = paho.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=client_id or broker.client_id or "",
        )
        # Backoff capped below the freshness window, so a command heard during an outage
        # always gets at least one reconnect attempt before it goes stale.
        low, high = reconnect_delay or (0.5, max(1.0, min(broker.stale_after / 2, 30.0)))
        self._client.reconnect_delay_set(min_delay=low, max_delay=high)  # type: ignore[arg-type]
        if last_will:
            self._client.will_set(last_will.topic, last_will.payload, last_will.qos, last_will.retain)
        self._state = threading.Condition()
        self._connected = False
        self._connack: ReasonCode | None = None
        self._acked_subscriptions: set[int] = set()
        self._subscriptions: list[_Subscription] = []
        self._listeners: list[ConnectionListener] = []
        self._closing = False
        self._configured = False
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message

    # -- connecting ---------------------------------------------------------------------

    def connect(self, timeout: float = 5.0) -> None:
        """Connect and start the network thread; raises BrokerUnavailable with one sentence."""
        if not self._configured:  # paho refuses a second tls_set when connect is tried again
            self._configure_credentials()
            self._configured = True
        self._closing = False
        with self._state:
            self._connack = None  # a refusal from an earlier try must not answer this one
        try:
            self._client.connect_timeout = timeout
        except RuntimeError:  # paho refuses the change after a failed try; the earlier timeout stays
            log.debug("keeping the MQTT connect timeout of %g s", self._client.connect_timeout)
        try:
            self._client.connect(self.broker.host, self.broker.port, keepalive=self.broker.keepalive)
        except ConnectionRefusedError:
            raise BrokerUnavailable(f"Cannot reach the MQTT broker at {self.address} (connection refused)") from None
        except socket.gaierror:
            raise BrokerUnavailable(f"Cannot reach the MQTT broker at {self.address} (unknown host)") from None
        except TimeoutError:
            raise BrokerUnavailable(
                f"Cannot reach the MQTT broker at {self.address} (no answer within {timeout:g} s)"
            ) from None
        except ssl.SSLError as exc:
            raise BrokerUnavailable(
                f"Cannot reach the MQTT broker at {self.address} (TLS failed: {exc.reason or exc})"
            ) from None
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise BrokerUnavailable(f"Cannot reach the MQTT broker at {self.address} ({reason})") from None
        self._client.loop_start()
        with self._state:
            self._state.wait_for(lambda: self._connack is not None, timeout)
            connack = self._connack
        if connack is None:
            self._stop_loop()
            raise BrokerUnavailable(f"Cannot reach the MQTT broker at {self.address} (no answer within {timeout:g} s)")
        if connack.is_failure:
            self._stop_loop()
            raise BrokerUnavailable(self._refusal_sentence(connack))

    def _configure_credentials(self) -> None:
        broker = self.broker
        password = broker.password
        if broker.password_file is not None:
            path = self._resolve(broker.password_file)
            try:
                password = path.read_text(encoding="utf-8").splitlines()[0].strip() if path.stat().st_size else ""
            except OSError as exc:
                raise BrokerUnavailable(f"Cannot read the MQTT password file {path} ({exc.strerror or exc})") from None
        if broker.username:
            self._client.username_pw_set(broker.username, password)
        if broker.tls is not None:
            tls = broker.tls
            try:
                self._client.tls_set(
                    ca_certs=str(self._resolve(tls.ca_certs)) if tls.ca_certs else None,
                    certfile=str(self._resolve(tls.certfile)) if tls.certfile else None,
                    keyfile=str(self._resolve(tls.keyfile)) if tls.keyfile else None,
                )
            except (OSError, ssl.SSLError) as exc:
                raise BrokerUnavailable(f"Cannot load the MQTT TLS files ({exc})") from None
            self._client.tls_insecure_set(tls.insecure)

    def _resolve(self, path: Path) -> Path:
        path = path.expanduser()
        return path if path.is_absolute() or self._config_dir is None else self._config_dir / path

    def _refusal_sentence(self, connack: ReasonCode) -> str:
        if connack.value in (BAD_CREDENTIALS, NOT_AUTHORIZED):
            if self.broker.username:
                return f"The MQTT broker at {self.address} refused the username or password"
            return f"The MQTT broker at {self.address} requires a username and password"
        return f"The MQTT broker at {self.address} refused the connection ({str(connack).lower()})"

    def _stop_loop(self) -> None:
        self._closing = True
        self._client.disconnect()
        self._client.loop_stop()

    def close(self) -> None:
        """Say goodbye to the broker (no last will) and stop the network thread."""
        self._stop_loop()

    # -- state --------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        with self._state:
            return self._connected

    def wait_connected(self, timeout: float) -> bool:
        """True once connected; False if still not after `timeout` seconds."""
        with self._state:
            return self._state.wait_for(lambda: self._connected, max(timeout, 0.0))

    def add_listener(self, listener: ConnectionListener) -> None:
        """Call `listener(connected)` (from the network thread) whenever the connection changes."""
        self._listeners.append(listener)

    def remove_listener(self, listener: ConnectionListener) -> None:
        """Stop calling `listener`; nothing happens if it was not added."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _on_connect(
        self,
        client: paho.Client,
        userdata: object,
        flags: paho.ConnectFlags,
        reason: ReasonCode,
        properties: object,
    ) -> None:
        if not reason.is_failure:
            # Whatever is still queued was reported undelivered; sending it now would be late.
            dropped = client.drop_out_messages()
            if dropped:
                log.info("discarded %d message(s) that were in flight when the connection dropped", len(dropped))
            self._renew_subscriptions()
            log.info("connected to the MQTT broker at %s", self.address)
        else:
            log.warning("the MQTT broker at %s refused the connection: %s", self.address, reason)
        with self._state:
            self._connack = reason
            self._connected = not reason.is_failure
            self._state.notify_all()
        if not reason.is_failure:
            self._notify(True)

    def _on_disconnect(
        self,
        client: paho.Client,
        userdata: object,
        flags: paho.DisconnectFlags,
        reason: ReasonCode,
        properties: object,
    ) -> None:
        with self._state:
            was_connected = self._connected
            self._connected = False
            self._state.notify_all()
        if self._closing:
            log.info("disconnected from the MQTT broker at %s", self.address)
        elif was_connected:
            log.warning("lost the MQTT broker at %s (%s); reconnecting", self.address, reason)
        if was_connected:
            self._notify(False)

    def _notify(self, connected: bool) -> None:
        for listener in list(self._listeners):
            try:
                listener(connected)
            except Exception:  # a listener's bug must not stop the network thread
                log.exception("connection listener failed")

    # -- publishing ---------------------------------------------------------------------

    def publish(
        self,
        topic: str,
        payload: str | bytes,
        qos: int | None = None,
        retain: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Publish; with QoS 1 or 2 return only once the broker acknowledged it.

        Raises DeliveryError when not connected, on timeout, or when the connection drops
        first; such a message is never sent later.
        """
        qos = self.broker.qos if qos is None else qos
        timeout = self.broker.ack_timeout if timeout is None else timeout
        if not self.connected:
            raise DeliveryError(f"not connected to the MQTT broker at {self.address}")
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        if info.rc == paho.MQTT_ERR_NO_CONN:
            raise DeliveryError(f"the connection to the MQTT broker at {self.address} dropped")
        if info.rc != paho.MQTT_ERR_SUCCESS:
            raise DeliveryError(f"the MQTT client could not publish ({paho.error_string(info.rc)})")
        if qos == 0:
            return
        deadline = time.monotonic() + timeout
        while not info.is_published():
            if not self.connected:
                raise DeliveryError(f"the connection to the MQTT broker at {self.address} dropped before the ack")
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeliveryError(f"the MQTT broker at {self.address} did not acknowledge within {timeout:g} s")
            try:
                info.wait_for_publish(min(WAIT_SLICE_S, left))
            except (RuntimeError, ValueError) as exc:
                raise DeliveryError(f"the MQTT client could not publish ({exc})") from None

    # -- subscribing --------------------------------------------------------------------

    def subscribe(self, topic_filters: str | Iterable[str], callback: MessageCallback, timeout: float = 5.0) -> bool:
        """Deliver messages on these filters to `callback` (from the network thread), now and
        after every reconnect. Returns True once the broker acknowledged the subscription
        (retained messages follow right after), False if not connected or not in time."""
        filters = (topic_filters,) if isinstance(topic_filters, str) else tuple(dict.fromkeys(topic_filters))
        subscription = _Subscription(filters, callback)
        self._subscriptions.append(subscription)
        if not filters or not self.connected:
            return bool(not filters)
        return self._send_subscribe(filters, timeout)

    def unsubscribe(self, callback: MessageCallback) -> None:
        """Stop delivering to `callback`; filters no other callback uses are dropped at the broker."""
        removed = [s for s in self._subscriptions if s.callback == callback]
        self._subscriptions = [s for s in self._subscriptions if s.callback != callback]
        still_used = {f for s in self._subscriptions for f in s.topic_filters}
        unused = list(dict.fromkeys(f for s in removed for f in s.topic_filters if f not in still_used))
        if unused and self.connected:
            self._client.unsubscribe(unused)

    def _send_subscribe(self, filters: tuple[str, ...], timeout: float | None) -> bool:
        topics: list[tuple[str, int]] = [(f, self.broker.qos) for f in filters]
        result, mid = self._client.subscribe(topics)
        if result != paho.MQTT_ERR_SUCCESS or mid is None:
            return False
        if timeout is None:
            return True
        with self._state:
            return self._state.wait_for(lambda: mid in self._acked_subscriptions, timeout)

    def _renew_subscriptions(self) -> None:
        filters = tuple(dict.fromkeys(f for s in self._subscriptions for f in s.topic_filters))
        if filters:
            self._send_subscribe(filters, timeout=None)  # in the network thread: never wait here

    def _on_subscribe(
        self, client: paho.Client, userdata: object, mid: int, reasons: list[ReasonCode], properties: object
    ) -> None:
        refused = [r for r in reasons if r.is_failure]
        if refused:
            log.warning("the MQTT broker refused %d subscription(s): %s", len(refused), refused[0])
        with self._state:
            self._acked_subscriptions.add(mid)
            self._state.notify_all()

    def _on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        received = ReceivedMessage(message.topic, bytes(message.payload), bool(message.retain))
        for subscription in list(self._subscriptions):
            if subscription.matches(received.topic):
                try:
                    subscription.callback(received)
                except Exception:  # a callback's bug must not stop the network thread
                    log.exception("message callback for %s failed", received.topic)
