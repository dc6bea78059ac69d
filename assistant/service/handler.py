"""One utterance in, one reply out: understand, hold risky commands for a yes, deliver, report.

`ServiceHandler` has the voice loop's handler shape (assistant/pipeline/handler.py), so the
loop hands it each transcript; the service's text inputs and the confirm topic use it too.
Calls are serialised: the voice thread and the service loop may both call it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from assistant.commands import Command
from assistant.config.home import Home
from assistant.feedback.replies import describe, done_sentence
from assistant.mqtt import CommandPublisher, Delivery, StateTracker
from assistant.pipeline.handler import HandlerReply, HeardUtterance, Outcome
from assistant.service.confirmation import ConfirmationGate, Decision, split_risky
from assistant.service.events import EventPublisher, UtteranceEvent
from assistant.understanding.router import Understander

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """Everything that depends on devices.yaml and intents/; replaced whole on reload."""

    home: Home
    understander: Understander
    publisher: CommandPublisher
    states: StateTracker | None = None


@dataclass(frozen=True)
class Handled:
    reply: HandlerReply
    event: UtteranceEvent


def heard_now(transcript: str, area: str | None = None) -> HeardUtterance:
    """A sentence that did not come through the microphone (text topic, stdin, tests)."""
    return HeardUtterance(transcript, area, time.monotonic())


def _delivery_dict(delivery: Delivery) -> dict[str, object]:
    out: dict[str, object] = {**delivery.command.to_dict(), "topic": delivery.topic}
    if not delivery.delivered:
        out["error"] = delivery.error
        out["stale"] = delivery.stale
    return out


class ServiceHandler:
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
        self._lock = threading.Lock()

    def paused(self) -> threading.Lock:
        """Hold it (`with handler.paused():`) to keep utterances waiting, e.g. during a reload."""
        return self._lock

    def handle(self, utterance: HeardUtterance) -> HandlerReply:
        return self.process(utterance).reply

    def process(self, utterance: HeardUtterance) -> Handled:
        with self._lock:
            runtime = self._runtime()
            event = self._new_event(utterance.transcript, utterance.area or runtime.home.data.assistant.area)
            event.timings.update(utterance.timings)
            if utterance.wake_word:
                self.events.hotword_detected(utterance.wake_word, event.session_id)
            self.events.text_captured(event, utterance.wake_word)
            decision = self.gate.answer(utterance.transcript, time.monotonic()) if self.gate.pending else None
            if decision is not None and decision.outcome != "superseded":
                outcome, text = self._settle(runtime, decision, event, utterance.heard_at)
            else:
                if decision is not None:  # a new request instead of an answer: the question lapses
                    event.confirmation = self._decision_dict(decision)
                outcome, text = self._understand(runtime, utterance, event)
            return self._finish(event, outcome, text)

    def answer(self, text: str) -> HandlerReply | None:
        """An answer from the confirm topic; None when no question was pending."""
        with self._lock:
            decision = self.gate.answer(text, time.monotonic())
            if decision is None:
                return None
            event = self._new_event(text, None)
            outcome, reply = self._settle(self._runtime(), decision, event, time.monotonic())
            return self._finish(event, outcome, reply).reply

    def expire(self) -> str | None:
        """Drop a question nobody answered in time; the sentence to say, if one lapsed."""
        with self._lock:
            decision = self.gate.expire(time.monotonic())
            if decision is None:
                return None
            log.warning("no answer to %r in time; not done", [c.to_dict() for c in decision.asked])
            self.events.confirmation(self._decision_dict(decision))
            return decision.reply

    @staticmethod
    def _new_event(transcript: str, area: str | None) -> UtteranceEvent:
        return UtteranceEvent(uuid.uuid4().hex, time.time(), transcript, area, "none", [], None)

    def _finish(self, event: UtteranceEvent, outcome: Outcome, text: str) -> Handled:
        event.reply = text
        self.events.utterance(event)
        self._record(event)
        commands = [Command.from_dict(c) for c in event.commands]
        return Handled(HandlerReply(text, outcome, commands, timings=dict(event.timings)), event)

    def _understand(self, runtime: Runtime, utterance: HeardUtterance, event: UtteranceEvent) -> tuple[Outcome, str]:
        result = runtime.understander.parse(utterance.transcript, event.area)
        event.handled_by = result.handled_by
        event.commands = [c.to_dict() for c in result.commands]
        event.reason = result.reason
        event.timings["understand"] = result.ms
        if not result.commands:
            self._announce(runtime, event, [])
            return "nothing", result.reason or "Sorry, I did not understand."
        safe, risky = split_risky(runtime.home, result.commands, result.needs_confirmation)
        outcome, reply = self._deliver(runtime, safe, event, utterance.heard_at) if safe else ("done", "")
        if risky:
            question = self.gate.ask(runtime.home, risky, time.monotonic())
            event.confirmation = {"outcome": "asked", "question": question, "commands": [c.to_dict() for c in risky]}
            self.events.confirmation(event.confirmation)
            reply = f"{reply} {question}".strip()
        return outcome, reply

    def _settle(self, runtime: Runtime, decision: Decision, event: UtteranceEvent, heard_at: float) -> tuple[Outcome, str]:
        event.handled_by = "confirmation"
        event.commands = [c.to_dict() for c in decision.commands]
        event.confirmation = self._decision_dict(decision)
        self.events.confirmation(event.confirmation)
        if not decision.commands:
            return "nothing", decision.reply
        # The yes is the moment the person asked for it, so freshness counts from the answer.
        return self._deliver(runtime, list(decision.commands), event, heard_at)

    def _announce(self, runtime: Runtime, event: UtteranceEvent, commands: list[Command]) -> None:
        names = {d.id: d.name for d in runtime.home.devices}
        self.events.understood(event, commands, names)

    def _deliver(self, runtime: Runtime, commands: list[Command], event: UtteranceEvent, heard_at: float) -> tuple[Outcome, str]:
        # Hermes intents go out only for commands that run: a held unlock is not announced.
        self._announce(runtime, event, commands)
        started = time.perf_counter()
        deliveries = runtime.publisher.publish(commands, heard_at)
        event.timings["deliver"] = (time.perf_counter() - started) * 1000
        event.delivered += [_delivery_dict(d) for d in deliveries if d.delivered]
        failed = [d for d in deliveries if not d.delivered]
        event.not_delivered += [_delivery_dict(d) for d in failed]
        if failed:
            missed = sorted({describe(runtime.home, d.command) for d in failed})
            stale = any(d.stale for d in failed)
            why = "the broker was unreachable for too long" if stale else (failed[0].error or "it failed")
            return "failed", f"I could not {', '.join(missed)}: {why}."
        actions = [c for c in commands if c.action != "get_state"]
        questions = [c for c in commands if c.action == "get_state"]
        answers = [runtime.states.answer(c.device) for c in questions] if runtime.states else []
        return "done", " ".join([done_sentence(runtime.home, actions), *answers]).strip()

    @staticmethod
    def _decision_dict(decision: Decision) -> dict[str, object]:
        return {"outcome": decision.outcome, "commands": [c.to_dict() for c in decision.asked]}
