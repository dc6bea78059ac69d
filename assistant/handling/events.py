"""What the handler tells the rest of the home about each utterance (mapping: docs/events.md).

- `<base>utterance`: one JSON event per utterance (transcript, commands, handled_by, timings).
- `<base>confirmation`: a risky request was asked about or settled.
- Rhasspy Hermes messages: hermes/hotword/<id>/detected, hermes/asr/textCaptured,
  hermes/intent/<IntentName> (one per command), hermes/nlu/intentNotRecognized.

The handler talks to an `EventSink`: `MqttEvents` publishes, `NoEvents` (for `assistant send`)
keeps quiet. The service's own messages (availability, reload) are in service/events.py.

Events are best effort: when the broker is away they are logged and skipped, never queued
to arrive late.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from assistant.commands import Command
from assistant.handling.utterance import AnsweredBy
from assistant.mqtt.connection import DeliveryError, MqttConnection

log = logging.getLogger(__name__)

# Events wait at most this long for the broker's acknowledgement, to keep the loop moving.
EVENT_ACK_TIMEOUT_S = 1.0


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
    handled_by: AnsweredBy
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


class EventSink(Protocol):
    """Where the handler reports what it heard, understood, asked and did."""

    def hotword_detected(self, wakeword_id: str, session_id: str | None = None) -> None: ...

    def text_captured(self, event: UtteranceEvent, wakeword_id: str | None = None) -> None: ...

    def understood(self, event: UtteranceEvent, commands: list[Command], device_names: dict[str, str]) -> None: ...

    def confirmation(self, details: dict[str, Any]) -> None: ...

    def utterance(self, event: UtteranceEvent) -> None: ...


class NoEvents:
    """An EventSink that tells nobody (`assistant send`: the terminal shows the outcome)."""

    def hotword_detected(self, wakeword_id: str, session_id: str | None = None) -> None:
        """Nobody listens."""

    def text_captured(self, event: UtteranceEvent, wakeword_id: str | None = None) -> None:
        """Nobody listens."""

    def understood(self, event: UtteranceEvent, commands: list[Command], device_names: dict[str, str]) -> None:
        """Nobody listens."""

    def confirmation(self, details: dict[str, Any]) -> None:
        """Nobody listens."""

    def utterance(self, event: UtteranceEvent) -> None:
        """Nobody listens."""


class MqttEvents:
    """An EventSink that publishes on a connection, under the base topic and hermes/; never on a
    device topic."""

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

    def utterance(self, event: UtteranceEvent) -> None:
        self._publish(f"{self.base_topic}utterance", event.to_dict())

    def confirmation(self, details: dict[str, Any]) -> None:
        """A risky request was asked about or settled: asked, confirmed, refused, expired, ..."""
        self._publish(f"{self.base_topic}confirmation", details)

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
