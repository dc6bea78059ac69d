"""One utterance in, one reply out: understand, hold risky commands for a yes, deliver, answer
questions, report the event.

The voice loop hands each transcript to `handle`; the service's text inputs and `assistant send`
call `process` (the reply and the event). A held question is answered by the next utterance, by
`answer` (the confirm topic, the terminal) or by `approve` (`send --yes`).
Calls are serialised: the voice thread and the service loop may both call it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.commands import Command
from assistant.config.home import Home
from assistant.feedback.replies import could_not, done_sentence, not_understood
from assistant.handling.confirmation import ConfirmationGate, Decision, split_risky
from assistant.handling.events import EventSink, UtteranceEvent
from assistant.handling.utterance import HandlerReply, HeardUtterance, Outcome
from assistant.mqtt import CommandPublisher, Delivery, MqttConnection, StateTracker
from assistant.mqtt.availability import AvailabilityTracker
from assistant.understanding.router import Understander

log = logging.getLogger(__name__)

# How long a question waits for a device's state (retained states come at once; a device
# that is asked answers within a few hundred milliseconds).
STATE_WAIT_S = 1.0


@dataclass(frozen=True)
class Runtime:
    """Everything that depends on devices.yaml and intents/; the service replaces it whole on reload."""

    home: Home
    understander: Understander
    publisher: CommandPublisher
    states: StateTracker | None = None

    @classmethod
    def on(cls, home: Home, understander: Understander, connection: MqttConnection, ask_at_start: bool = True) -> Runtime:
        """Publishing on `connection`, answering questions from the states it brings; with
        `ask_at_start` (a long-running assistant) asking the devices that do not retain state."""
        availability = AvailabilityTracker(home, connection)
        states = StateTracker(home, connection, availability)
        states.start(timeout=0, ask=ask_at_start)  # renewed on every connect; retained states follow at once
        return cls(home, understander, CommandPublisher(home, connection, availability), states)


@dataclass(frozen=True)
class Handled:
    reply: HandlerReply
    event: UtteranceEvent


@dataclass
class _Result:
    """What handling one utterance has come to so far."""

    outcome: Outcome = "done"
    sentences: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    question: str | None = None


def _delivery_dict(delivery: Delivery) -> dict[str, object]:
    out: dict[str, object] = {**delivery.command.to_dict(), "topic": delivery.topic}
    if not delivery.delivered:
        out["error"] = delivery.error
        out["stale"] = delivery.stale
    return out


def _decision_dict(decision: Decision) -> dict[str, object]:
    return {"outcome": decision.outcome, "commands": [c.to_dict() for c in decision.asked]}


class UtteranceHandler:
    """Turns utterances into delivered commands, answers, questions and events."""

    @classmethod
    def on(
        cls, home: Home, understander: Understander, connection: MqttConnection, events: EventSink, ask_at_start: bool = True
    ) -> UtteranceHandler:
        """One home on one connection, asking as devices.yaml's assistant.confirm says."""
        confirm = home.data.assistant.confirm
        runtime = Runtime.on(home, understander, connection, ask_at_start)
        return cls(runtime, ConfirmationGate(confirm.timeout, confirm.pin), events)

    def __init__(
        self,
        runtime: Runtime | Callable[[], Runtime],
        gate: ConfirmationGate,
        events: EventSink,
        record: Callable[[UtteranceEvent], None] | None = None,
    ) -> None:
        # The current runtime: the service's reload swaps it between utterances.
        self._runtime = runtime if callable(runtime) else lambda: runtime
        self.gate = gate
        self.events = events
        self._record = record
        self._lock = threading.Lock()

    @property
    def runtime(self) -> Runtime:
        return self._runtime()

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
                result = self._settle(runtime, decision, event, utterance.heard_at)
            else:
                if decision is not None:  # a new request instead of an answer: the question lapses
                    event.confirmation = _decision_dict(decision)
                result = self._understand(runtime, utterance, event)
            return self._finish(event, result)

    def answer(self, text: str) -> HandlerReply | None:
        """An answer from the confirm topic or the terminal; None when no question was pending."""
        return self._decide(text, lambda now: self.gate.answer(text, now))

    def approve(self) -> HandlerReply | None:
        """Confirm the pending question without an answer (`send --yes`); None when none was pending."""
        return self._decide("", self.gate.approve)

    def refuse(self) -> HandlerReply | None:
        """Drop the pending question's commands (a "no" on the terminal); None when none was pending."""
        return self._decide("", self.gate.refuse)

    def _decide(self, text: str, decide: Callable[[float], Decision | None]) -> HandlerReply | None:
        with self._lock:
            now = time.monotonic()
            decision = decide(now)
            if decision is None:
                return None
            event = self._new_event(text, None)
            # The yes is the moment the person asked for it, so freshness counts from the answer.
            result = self._settle(self._runtime(), decision, event, now)
            return self._finish(event, result).reply

    def expire(self) -> str | None:
        """Drop a question nobody answered in time; the sentence to say, if one lapsed."""
        with self._lock:
            decision = self.gate.expire(time.monotonic())
            if decision is None:
                return None
            log.warning("no answer to %r in time; not done", [c.to_dict() for c in decision.asked])
            self.events.confirmation(_decision_dict(decision))
            return decision.reply

    @staticmethod
    def _new_event(transcript: str, area: str | None) -> UtteranceEvent:
        return UtteranceEvent(uuid.uuid4().hex, time.time(), transcript, area, "none", [], None)

    def _finish(self, event: UtteranceEvent, result: _Result) -> Handled:
        event.reply = " ".join(s for s in result.sentences if s)
        self.events.utterance(event)
        if self._record is not None:
            self._record(event)
        commands = [Command.from_dict(c) for c in event.commands]
        reply = HandlerReply(event.reply, result.outcome, commands, result.deliveries, dict(event.timings),
                             event.handled_by, result.question)  # fmt: skip
        return Handled(reply, event)

    def _understand(self, runtime: Runtime, utterance: HeardUtterance, event: UtteranceEvent) -> _Result:
        started = time.perf_counter()
        parsed = runtime.understander.parse(utterance.transcript, event.area)
        event.timings["understand"] = (time.perf_counter() - started) * 1000
        event.handled_by = parsed.handled_by
        event.commands = [c.to_dict() for c in parsed.commands]
        event.reason = parsed.reason
        if not parsed.commands:
            self._announce(runtime, event, [])
            return _Result("nothing", [parsed.reason or not_understood(runtime.home)])
        safe, risky = split_risky(runtime.home, parsed.commands, parsed.needs_confirmation)
        result = self._deliver(runtime, safe, event, utterance.heard_at) if safe else _Result()
        if risky:
            result.question = self.gate.ask(runtime.home, risky, time.monotonic())
            event.confirmation = {"outcome": "asked", "question": result.question, "commands": [c.to_dict() for c in risky]}
            self.events.confirmation(event.confirmation)
            result.sentences.append(result.question)
        return result

    def _settle(self, runtime: Runtime, decision: Decision, event: UtteranceEvent, heard_at: float) -> _Result:
        event.handled_by = "confirmation"
        event.commands = [c.to_dict() for c in decision.commands]
        event.confirmation = _decision_dict(decision)
        self.events.confirmation(event.confirmation)
        if not decision.commands:
            return _Result("nothing", [decision.reply])
        return self._deliver(runtime, list(decision.commands), event, heard_at)

    def _announce(self, runtime: Runtime, event: UtteranceEvent, commands: list[Command]) -> None:
        names = {d.id: d.name for d in runtime.home.devices}
        self.events.understood(event, commands, names)

    def _deliver(self, runtime: Runtime, commands: list[Command], event: UtteranceEvent, heard_at: float) -> _Result:
        """Publish the actions (each fresh until `heard_at` + stale_after), answer the questions."""
        # Hermes intents go out only for commands that run: a held unlock is not announced.
        self._announce(runtime, event, commands)
        actions = [c for c in commands if c.action != "get_state"]
        questions = [c for c in commands if c.action == "get_state"]
        started = time.perf_counter()
        deliveries = runtime.publisher.publish(actions, heard_at) if actions else []
        event.timings["publish"] = (time.perf_counter() - started) * 1000
        event.delivered += [_delivery_dict(d) for d in deliveries if d.delivered]
        failed = [d for d in deliveries if not d.delivered]
        event.not_delivered += [_delivery_dict(d) for d in failed]
        result = _Result("failed" if failed else "done", deliveries=deliveries)
        missed = [d.command for d in failed]
        if missed:
            result.sentences.append(could_not(runtime.home, missed, failed[0].error, any(d.stale for d in failed)))
        result.sentences.append(done_sentence(runtime.home, [c for c in actions if c not in missed]))
        result.sentences += self._answers(runtime, questions)
        return result

    @staticmethod
    def _answers(runtime: Runtime, questions: list[Command]) -> list[str]:
        if not questions or runtime.states is None:
            return []
        device_ids = list(dict.fromkeys(c.device for c in questions))
        runtime.states.refresh(device_ids, STATE_WAIT_S)  # asks devices that do not retain state
        return [runtime.states.answer(device_id) for device_id in device_ids]
