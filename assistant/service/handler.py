"""One utterance in, one reply out: understand, hold risky commands for a yes, deliver, report.

This is the seam the voice loop calls with each transcript (and the text inputs use too).
It runs on one thread (the service's loop); answers from the confirm topic are queued to it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from assistant.commands import Command, ParseResult
from assistant.config.home import Home
from assistant.mqtt.publisher import CommandPublisher, Delivery
from assistant.mqtt.state import StateTracker
from assistant.service.confirmation import ConfirmationGate, Decision, describe, split_risky
from assistant.service.events import EventPublisher, UtteranceEvent

log = logging.getLogger(__name__)


class Understander(Protocol):
    def parse(self, text: str, area: str | None) -> ParseResult: ...


@dataclass(frozen=True)
class Runtime:
    """Everything that depends on devices.yaml and intents/; replaced whole on reload."""

    home: Home
    understander: Understander
    publisher: CommandPublisher
    states: StateTracker | None = None


@dataclass(frozen=True)
class Utterance:
    transcript: str
    area: str | None = None  # None: the home's `assistant.area`
    heard_at: float = field(default_factory=time.monotonic)  # when the speech ended
    timings: dict[str, float] = field(default_factory=dict)  # ms per stage before understanding
    wakeword_id: str | None = None
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Handled:
    reply: str
    event: UtteranceEvent


def _delivery_dict(delivery: Delivery) -> dict[str, object]:
    out: dict[str, object] = {**delivery.command.to_dict(), "topic": delivery.topic}
    if not delivery.delivered:
        out["error"] = delivery.error
        out["stale"] = delivery.stale
    return out


class UtteranceHandler:
    """Turns utterances into delivered commands, questions and events."""

    def __init__(
        self,
        runtime: Callable[[], Runtime],
        gate: ConfirmationGate,
        events: EventPublisher,
        record: Callable[[UtteranceEvent], None],
    ) -> None:
        self._runtime = runtime  # the current runtime: a reload swaps it between utterances
        self.gate = gate
        self.events = events
        self._record = record

    def handle(self, utterance: Utterance) -> Handled:
        runtime = self._runtime()
        event = UtteranceEvent(
            session_id=utterance.session_id,
            time=time.time(),
            transcript=utterance.transcript,
            area=utterance.area or runtime.home.data.assistant.area,
            handled_by="none",
            commands=[],
            reason=None,
            timings=dict(utterance.timings),
        )
        self.events.text_captured(event, utterance.wakeword_id)
        decision = self.gate.answer(utterance.transcript, time.monotonic()) if self.gate.pending else None
        if decision is not None and decision.outcome != "superseded":
            reply = self._settle(runtime, decision, event, utterance.heard_at)
        else:
            if decision is not None:  # a new request instead of an answer: the question lapses
                event.confirmation = self._decision_dict(decision)
            reply = self._understand(runtime, utterance, event)
        event.reply = reply
        self.events.utterance(event)
        self._record(event)
        return Handled(reply, event)

    def answer(self, text: str) -> str | None:
        """An answer from the confirm topic; None when no question was pending."""
        decision = self.gate.answer(text, time.monotonic())
        if decision is None:
            return None
        runtime = self._runtime()
        event = UtteranceEvent(uuid.uuid4().hex, time.time(), text, None, "confirmation", [], None)
        event.reply = self._settle(runtime, decision, event, time.monotonic())
        self.events.utterance(event)
        self._record(event)
        return event.reply

    def expire(self) -> str | None:
        """Drop a question nobody answered in time; the sentence to say, if one lapsed."""
        decision = self.gate.expire(time.monotonic())
        if decision is None:
            return None
        log.warning("no answer to %r in time; not done", [c.to_dict() for c in decision.asked])
        self.events.confirmation(self._decision_dict(decision))
        return decision.reply

    def _understand(self, runtime: Runtime, utterance: Utterance, event: UtteranceEvent) -> str:
        result = runtime.understander.parse(utterance.transcript, event.area)
        event.handled_by = result.handled_by
        event.commands = [c.to_dict() for c in result.commands]
        event.reason = result.reason
        event.timings["understand"] = result.ms
        if not result.commands:
            self._announce(runtime, event, [])
            return result.reason or "Sorry, I did not understand."
        safe, risky = split_risky(runtime.home, result.commands, result.needs_confirmation)
        reply = self._deliver(runtime, safe, event, utterance.heard_at) if safe else ""
        if risky:
            question = self.gate.ask(runtime.home, risky, time.monotonic())
            event.confirmation = {"question": question, "commands": [c.to_dict() for c in risky]}
            self.events.confirmation({"outcome": "asked", **event.confirmation})
            reply = f"{reply} {question}".strip()
        return reply

    def _settle(self, runtime: Runtime, decision: Decision, event: UtteranceEvent, heard_at: float) -> str:
        event.handled_by = "confirmation"
        event.commands = [c.to_dict() for c in decision.commands]
        event.confirmation = self._decision_dict(decision)
        self.events.confirmation(event.confirmation)
        if not decision.commands:
            return decision.reply
        # The yes is the moment the person asked for it, so freshness counts from the answer.
        return self._deliver(runtime, list(decision.commands), event, heard_at)

    def _announce(self, runtime: Runtime, event: UtteranceEvent, commands: list[Command]) -> None:
        names = {d.id: d.name for d in runtime.home.devices}
        self.events.understood(event, commands, names)

    def _deliver(self, runtime: Runtime, commands: list[Command], event: UtteranceEvent, heard_at: float) -> str:
        # Hermes intents go out only for commands that run: a held unlock is not announced.
        self._announce(runtime, event, commands)
        started = time.perf_counter()
        deliveries = runtime.publisher.publish(commands, heard_at)
        event.timings["deliver"] = (time.perf_counter() - started) * 1000
        event.delivered += [_delivery_dict(d) for d in deliveries if d.delivered]
        failed = [d for d in deliveries if not d.delivered]
        event.not_delivered += [_delivery_dict(d) for d in failed]
        questions = [c for c in commands if c.action == "get_state"]
        answers = [runtime.states.answer(c.device) for c in questions] if runtime.states else []
        if failed:
            missed = sorted({describe(runtime.home, d.command) for d in failed})
            stale = any(d.stale for d in failed)
            why = "the broker was unreachable for too long" if stale else (failed[0].error or "it failed")
            return f"I could not {', '.join(missed)}: {why}."
        return " ".join(answers) if answers else "Done."

    @staticmethod
    def _decision_dict(decision: Decision) -> dict[str, object]:
        return {"outcome": decision.outcome, "commands": [c.to_dict() for c in decision.asked]}
