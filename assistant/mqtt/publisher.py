"""Commands to MQTT messages: refuse what the home does not allow, drop what is too old.

Freshness: a command heard at `heard_at` (time.monotonic()) may be handed to the broker only
until `heard_at + broker.stale_after`. While the broker is away the publisher waits for a
reconnect up to that moment, then drops the command; it is never delivered late.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from assistant.commands import Command
from assistant.config.home import Home
from assistant.mqtt.availability import AvailabilityTracker
from assistant.mqtt.connection import DeliveryError, MqttConnection
from assistant.mqtt.presets import PayloadError, messages_for

log = logging.getLogger(__name__)

# How long the first command waits for the retained availability messages (a round trip).
AVAILABILITY_SETTLE_S = 1.0


@dataclass(frozen=True)
class Delivery:
    """What happened to one command (or one of its messages)."""

    command: Command
    topic: str | None
    payload: str | None
    delivered: bool
    error: str | None = None
    # True when it was dropped for being too old, so callers can count staleness apart.
    stale: bool = False


class CommandPublisher:
    """Publishes valid commands of one home over one connection."""

    def __init__(self, home: Home, connection: MqttConnection, availability: AvailabilityTracker | None = None) -> None:
        self.home = home
        self.connection = connection
        self.availability = availability

    def publish(self, commands: list[Command], heard_at: float | None = None) -> list[Delivery]:
        """One Delivery per message (get_state publishes nothing and yields none).

        `heard_at` is the time.monotonic() at which the request was heard; None: now.
        """
        fresh_until = (time.monotonic() if heard_at is None else heard_at) + self.connection.broker.stale_after
        deliveries: list[Delivery] = []
        for command in commands:
            deliveries += self._publish_one(command, fresh_until)
        return deliveries

    def _publish_one(self, command: Command, fresh_until: float) -> list[Delivery]:
        refusal = self.home.validate_command(command)
        if refusal is not None:
            log.warning("refused %s: %s", command, refusal)
            return [Delivery(command, None, None, False, f"refused: {refusal}")]
        device = self.home.device(command.device)
        assert device is not None  # validate_command checked it
        if self._offline(device.id):
            # Not published: the device cannot act now, and a message it picked up later (a
            # Zigbee2MQTT end device polling, a bridge queueing) would act late.
            offline = self.home.language.say("replies.offline", device=self.home.language.device_name(device.name))
            log.warning("not sent %s: %s", command, offline)
            return [Delivery(command, None, None, False, offline)]
        try:
            messages = messages_for(device, command)
        except PayloadError as exc:
            return [Delivery(command, None, None, False, str(exc))]
        out = []
        for message in messages:
            stale_reason = self._wait_until_deliverable(fresh_until)
            if stale_reason is not None:
                log.warning("%s (%s)", stale_reason, command)
                out.append(Delivery(command, message.topic, message.payload, False, stale_reason, stale=True))
                continue
            try:
                self.connection.publish(message.topic, message.payload, retain=device.mqtt.retain)
            except DeliveryError as exc:
                out.append(Delivery(command, message.topic, message.payload, False, str(exc)))
                continue
            out.append(Delivery(command, message.topic, message.payload, True))
        return out

    def _offline(self, device_id: str) -> bool:
        if self.availability is None:
            return False
        self.availability.settle(AVAILABILITY_SETTLE_S)
        return self.availability.offline(device_id)

    def _wait_until_deliverable(self, fresh_until: float) -> str | None:
        """None once the broker can take a message in time; else why the message is dropped."""
        stale_after = self.connection.broker.stale_after
        left = fresh_until - time.monotonic()
        if left <= 0:
            return f"dropped: heard more than {stale_after:g} s ago"
        if not self.connection.wait_connected(left):
            return (
                f"dropped: the MQTT broker at {self.connection.address} was unreachable "
                f"until the command was {stale_after:g} s old"
            )
        if time.monotonic() > fresh_until:
            return f"dropped: heard more than {stale_after:g} s ago"
        return None
