"""What goes into the handler (a heard sentence) and what comes out (the reply)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from assistant.commands import Command, HandledBy
from assistant.mqtt import Delivery

Outcome = Literal["done", "nothing", "failed"]
# Who settled an utterance: the understanders, or "confirmation" (it answered a question).
AnsweredBy = HandledBy | Literal["confirmation"]


@dataclass(frozen=True)
class HeardUtterance:
    """One command as heard: its transcript, where, when the speech ended, stage timings (ms)."""

    transcript: str
    area: str | None
    heard_at: float  # time.monotonic() at the endpoint; freshness counts from here
    timings: dict[str, float] = field(default_factory=dict)
    wake_word: str | None = None


def heard_now(transcript: str, area: str | None = None) -> HeardUtterance:
    """A sentence that did not come through the microphone (text topic, stdin, `send`, tests)."""
    return HeardUtterance(transcript, area, time.monotonic())


@dataclass
class HandlerReply:
    text: str
    outcome: Outcome
    # What was understood (or, for an answer, confirmed), run or held.
    commands: list[Command] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # Who understood it: "templates", "llm", "none" or "confirmation" (the benchmark splits
    # latency by it).
    handled_by: AnsweredBy | None = None
    # The question asked about held commands (also part of `text`); the next utterance, the
    # confirm topic or the terminal answers it.
    question: str | None = None
