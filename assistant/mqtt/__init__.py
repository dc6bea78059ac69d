"""MQTT: the broker connection, payload presets, publishing commands and tracking state."""

from assistant.mqtt.connection import BrokerUnavailable, DeliveryError, LastWill, MqttConnection, ReceivedMessage
from assistant.mqtt.presets import OutgoingMessage, PayloadError, messages_for, state_topics
from assistant.mqtt.publisher import CommandPublisher, Delivery
from assistant.mqtt.state import StateTracker

__all__ = [
    "BrokerUnavailable",
    "CommandPublisher",
    "Delivery",
    "DeliveryError",
    "LastWill",
    "MqttConnection",
    "OutgoingMessage",
    "PayloadError",
    "ReceivedMessage",
    "StateTracker",
    "messages_for",
    "state_topics",
]
