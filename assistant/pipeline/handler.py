"""The seam between the voice loop and everything after the transcript.

The loop hands each transcript to a handler and speaks what it returns; it knows nothing of
MQTT. `CommandHandler` is the one `assistant run` uses: understand as `assistant send` does,
publish, answer questions. The service layer supplies its own handler with the same shape.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Literal, Protocol

from assistant.commands import Command, HandledBy
from assistant.config import Home
from assistant.feedback.replies import describe, done_sentence
from assistant.mqtt import CommandPublisher, Delivery, StateTracker
from assistant.understanding.router import Understander

log = logging.getLogger(__name__)

Outcome = Literal["done", "nothing", "failed"]


@dataclass(frozen=True)
class HeardUtterance:
    """One command as heard: its transcript, where, when the speech ended, stage timings (ms)."""

    transcript: str
    area: str | None
    heard_at: float  # time.monotonic() at the endpoint
    timings: dict[str, float] = field(default_factory=dict)
    wake_word: str | None = None


@dataclass
class HandlerReply:
    text: str
    outcome: Outcome
    commands: list[Command] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # Who understood it: "templates", "llm" or "none" (the benchmark splits latency by it).
    handled_by: HandledBy | None = None


class UtteranceHandler(Protocol):
    def handle(self, utterance: HeardUtterance) -> HandlerReply: ...


class CommandHandler:
    """Understand, publish (waiting for the broker's acknowledgement), and say what happened."""

    def __init__(
        self, home: Home, understander: Understander, publisher: CommandPublisher, states: StateTracker | None
    ) -> None:
        self.home = home
        self.understander = understander
        self.publisher = publisher
        self.states = states

    def handle(self, utterance: HeardUtterance) -> HandlerReply:
        started = time.perf_counter()
        area = utterance.area or self.home.data.assistant.area
        result = self.understander.parse(utterance.transcript, area)
        timings = {"understand": (time.perf_counter() - started) * 1000}
        if not result.commands:
            reason = result.reason or "Sorry, I did not understand."
            return HandlerReply(reason, "nothing", timings=timings, handled_by=result.handled_by)
        # Unlocking or opening a garage door the LLM understood is only done after a "yes";
        # this loop has no way to ask, so it says so (the service asks).
        held = [c for c in result.commands if c in result.needs_confirmation]
        if held and len(held) == len(result.commands):
            refusal = f"Sorry, I need a confirmation to {describe(self.home, held[0])}, and I cannot ask for one here."
            return HandlerReply(refusal, "nothing", timings=timings, handled_by=result.handled_by)
        commands = [c for c in result.commands if c not in held]
        actions = [c for c in commands if c.action != "get_state"]
        questions = [c for c in commands if c.action == "get_state"]
        published = time.perf_counter()
        deliveries = self.publisher.publish(actions, utterance.heard_at) if actions else []
        timings["publish"] = (time.perf_counter() - published) * 1000
        failed = [d for d in deliveries if not d.delivered]
        sentences = []
        if failed:
            sentences.append(f"Sorry, I could not do that: {failed[0].error}.")
        done = [c for c in actions if c not in {d.command for d in failed}]
        if done:
            sentences.append(done_sentence(self.home, done))
        if questions and self.states is not None:
            sentences += [self.states.answer(c.device) for c in questions]
        outcome: Outcome = "failed" if failed else "done"
        return HandlerReply(" ".join(sentences), outcome, commands, deliveries, timings, result.handled_by)
