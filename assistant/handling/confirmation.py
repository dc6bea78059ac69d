"""Risky actions (unlock, open the garage door or gate, `confirm: true`) wait for a yes.

The gate holds at most one question at a time. A spoken "yes" (or a message on the confirm
topic, or on the terminal for `assistant send`) within the time limit lets the commands
through; "no", silence past the limit, a wrong PIN or a different request drops them. With a PIN
set, the PIN must be said instead of "yes".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from assistant.commands import Command
from assistant.config.home import Home
from assistant.feedback.replies import confirmation_question, confirmation_settled
from assistant.language import Language

Outcome = Literal["confirmed", "refused", "expired", "wrong_pin", "superseded"]


@dataclass(frozen=True)
class PendingConfirmation:
    commands: tuple[Command, ...]
    question: str
    deadline: float  # time.monotonic() after which the question lapses
    home: Home  # the home asked in: its language words the answer and the outcome


@dataclass(frozen=True)
class Decision:
    """How a pending question ended; `commands` are the ones to run (empty unless confirmed)."""

    outcome: Outcome
    commands: tuple[Command, ...]
    asked: tuple[Command, ...]
    reply: str


def split_risky(home: Home, commands: list[Command], flagged: list[Command]) -> tuple[list[Command], list[Command]]:
    """(commands that may run now, commands that need a yes first)."""
    safe: list[Command] = []
    risky: list[Command] = []
    for command in commands:
        device = home.device(command.device)
        needs = command in flagged or (device is not None and home.needs_confirmation(device, command.action))
        (risky if needs else safe).append(command)
    return safe, risky


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def spoken_digits(language: Language, text: str) -> str:
    """The digits said in a sentence: 'one two 3 4' -> '1234'."""
    digits = language.table("confirmation.digits")
    return "".join(str(digits.get(word, word if word.isdigit() else "")) for word in _words(text))


class ConfirmationGate:
    """One pending question at a time; safe to answer from the MQTT thread and the voice loop."""

    def __init__(self, timeout: float, pin: str | None = None) -> None:
        self.timeout = timeout
        self.pin = pin
        self._pending: PendingConfirmation | None = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> PendingConfirmation | None:
        return self._pending

    def ask(self, home: Home, commands: list[Command], now: float) -> str:
        """Hold these commands until an answer; returns the question to say."""
        question = confirmation_question(home, commands, self.pin is not None)
        with self._lock:
            self._pending = PendingConfirmation(tuple(commands), question, now + self.timeout, home)
        return question

    def answer(self, text: str, now: float) -> Decision | None:
        """Settle the pending question with this answer; None when nothing is pending."""
        return self._settle(now, lambda pending: self._judge(pending.home.language, text))

    def approve(self, now: float) -> Decision | None:
        """Settle the pending question as confirmed by other means than an answer (the command
        line's --yes); None when nothing is pending. Too late is still too late."""
        return self._settle(now, lambda _: "confirmed")

    def refuse(self, now: float) -> Decision | None:
        """Settle the pending question as refused (a "no" on the terminal)."""
        return self._settle(now, lambda _: "refused")

    def _settle(self, now: float, judge: Callable[[PendingConfirmation], Outcome]) -> Decision | None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None:
            return None
        outcome = judge(pending)
        # Too late is too late; but a new request is still a request, even where nobody dropped
        # the lapsed question in time (`assistant run` has no housekeeping tick).
        if now > pending.deadline and outcome != "superseded":
            return Decision("expired", (), pending.commands, confirmation_settled(pending.home, "expired"))
        commands = pending.commands if outcome == "confirmed" else ()
        return Decision(outcome, commands, pending.commands, confirmation_settled(pending.home, outcome))

    def expire(self, now: float) -> Decision | None:
        """Drop the pending question if its time is up."""
        with self._lock:
            pending = self._pending
            if pending is None or now <= pending.deadline:
                return None
            self._pending = None
            return Decision("expired", (), pending.commands, confirmation_settled(pending.home, "lapsed"))

    def _judge(self, language: Language, text: str) -> Outcome:
        words = set(_words(text))
        said_yes = bool(words & set(language.words("confirmation.yes")))
        if words & set(language.words("confirmation.no")):
            return "refused"
        if self.pin is not None:
            digits = spoken_digits(language, text)
            if digits == self.pin:
                return "confirmed"
            return "wrong_pin" if digits or said_yes else "superseded"
        return "confirmed" if said_yes else "superseded"
