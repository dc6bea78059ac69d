"""What the assistant tells the rest of the home over MQTT (mapping: docs/events.md).

- `<base>availability`: "online" (retained) while running, "offline" as the last will and on
  a clean stop.
- `<base>utterance`: one JSON event per utterance (transcript, commands, handled_by, timings).
- Rhasspy Hermes messages: hermes/hotword/<id>/detected, hermes/asr/textCaptured,
  hermes/intent/<IntentName> (one per command), hermes/nlu/intentNotRecognized.

Events are best effort: when the broker is away they are logged and skipped, never queued
to arrive late.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.commands import Command
from assistant.mqtt.connection import DeliveryError, LastWill, MqttConnection

log = logging.getLogger(__name__)

ONLINE = "online"
OFFLINE = "offline"
# Events wait at most this long for the broker's acknowledgement, to keep the loop moving.
EVENT_ACK_TIMEOUT_S = 1.0


def availability_topic(base_topic: str) -> str:
    return f"{base_topic}availability"


def last_will(base_topic: str) -> LastWill:
    return LastWill(availability_topic(base_topic), OFFLINE, retain=True)


def intent_name(action: str) -> str:
    """The Hermes intent name of a contract action: set_brightness -> SetBrightness."""
    return "".join(part.capitalize() for part in action.split("_"))


@dataclass
class UtteranceEvent:
    """Everything one utterance led to; published as JSON and kept in the status file."""

    session_id: str
    time: float  # seconds since the epoch, when it was heard
    transcript: str
    area: str | None
    handled_by: str
    commands: list[dict[str, Any]]
    reason: str | None
    # per stage, in milliseconds: "wake", "stt", "understand", "deliver", ...
    timings: dict[str, float] = field(default_factory=dict)
    delivered: list[dict[str, Any]] = field(default_factory=list)
    not_delivered: list[dict[str, Any]] = field(default_factory=list)
    confirmation: dict[str, Any] | None = None
    reply: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["timings"] = {stage: round(ms, 1) for stage, ms in self.timings.items()}
        return data


class EventPublisher:
    """Publishes the assistant's own messages on a connection; never on a device topic."""

    def __init__(self, connection: MqttConnection, base_topic: str, site_id: str = "default", hermes: bool = True) -> None:
        self.connection = connection
        self.base_topic = base_topic
        self.site_id = site_id
        self.hermes = hermes

    def _publish(self, topic: str, payload: dict[str, Any] | str, retain: bool = False, qos: int | None = None) -> bool:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        try:
            self.connection.publish(topic, text, qos=qos, retain=retain, timeout=EVENT_ACK_TIMEOUT_S)
        except DeliveryError as error:
            log.info("event %s not published: %s", topic, error)
            return False
        return True

    def online(self) -> None:
        # QoS 0: this runs in the network thread on every (re)connect, where waiting for the
        # acknowledgement would block the very thread that receives it.
        self._publish(availability_topic(self.base_topic), ONLINE, retain=True, qos=0)

    def offline(self) -> None:
        self._publish(availability_topic(self.base_topic), OFFLINE, retain=True)

    def utterance(self, event: UtteranceEvent) -> None:
        self._publish(f"{self.base_topic}utterance", event.to_dict())

    def confirmation(self, details: dict[str, Any]) -> None:
        """A risky request was asked about or settled: asked, confirmed, refused, expired, ..."""
        self._publish(f"{self.base_topic}confirmation", details)

    def reload(self, accepted: bool, problems: list[str]) -> None:
        self._publish(f"{self.base_topic}reload", {"accepted": accepted, "problems": problems})

    # -- Rhasspy Hermes ------------------------------------------------------------------

    def hotword_detected(self, wakeword_id: str, session_id: str | None = None) -> None:
        if not self.hermes:
            return
        payload = {
            "modelId": wakeword_id,
            "modelVersion": "",
            "modelType": "personal",
            "currentSensitivity": 1.0,
            "siteId": self.site_id,
            "sessionId": session_id,
        }
        self._publish(f"hermes/hotword/{wakeword_id}/detected", payload)

    def text_captured(self, event: UtteranceEvent, wakeword_id: str | None = None) -> None:
        if not self.hermes:
            return
        payload = {
            "text": event.transcript,
            "likelihood": 1.0,
            "seconds": round(event.timings.get("stt", 0.0) / 1000, 3),
            "siteId": self.site_id,
            "sessionId": event.session_id,
            "wakewordId": wakeword_id,
        }
        self._publish("hermes/asr/textCaptured", payload)

    def understood(self, event: UtteranceEvent, commands: list[Command], device_names: dict[str, str]) -> None:
        """hermes/intent/<Name> for each command, or hermes/nlu/intentNotRecognized."""
        if not self.hermes:
            return
        payload: dict[str, Any]  # the not-recognized and the intent payloads differ in shape
        if not commands:
            payload = {
                "input": event.transcript,
                "siteId": self.site_id,
                "sessionId": event.session_id,
                "customData": event.reason,
            }
            self._publish("hermes/nlu/intentNotRecognized", payload)
            return
        for command in commands:
            name = intent_name(command.action)
            slots = [self._slot("device", command.device, device_names.get(command.device, command.device))]
            if command.value is not None:
                slots.append(self._slot("value", command.value, str(command.value)))
            payload = {
                "input": event.transcript,
                "rawInput": event.transcript,
                "intent": {"intentName": name, "confidenceScore": 1.0},
                "slots": slots,
                "siteId": self.site_id,
                "sessionId": event.session_id,
                "customData": json.dumps({"handled_by": event.handled_by, "command": command.to_dict()}),
            }
            self._publish(f"hermes/intent/{name}", payload)

    @staticmethod
    def _slot(name: str, value: object, raw: str) -> dict[str, Any]:
        return {
            "entity": name,
            "slotName": name,
            "value": {"kind": "Unknown", "value": value},
            "rawValue": raw,
            "confidence": 1.0,
        }
