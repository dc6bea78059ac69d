"""The confirmation gate on its own: answers, questions, time limit, which commands are risky."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.commands import Command
from assistant.config import Home, load_home
from assistant.feedback.replies import confirmation_question
from assistant.handling.confirmation import ConfirmationGate, spoken_digits, split_risky

CASES = yaml.safe_load((Path(__file__).parent / "confirmation_cases.yaml").read_text(encoding="utf-8"))
UNLOCK = [Command("front_door", "unlock")]


@pytest.fixture(scope="module")
def home(example_config: Path) -> Home:
    return load_home(example_config)


@pytest.mark.parametrize("case", CASES["answers"], ids=lambda c: f"{c['answer']}|pin={c.get('pin')}")
def test_an_answer_settles_the_question(home: Home, case: dict[str, Any]) -> None:
    gate = ConfirmationGate(timeout=10, pin=case.get("pin"))
    gate.ask(home, UNLOCK, now=0.0)
    decision = gate.answer(case["answer"], now=1.0)
    assert decision is not None
    assert decision.outcome == case["outcome"]
    assert decision.commands == (tuple(UNLOCK) if case["outcome"] == "confirmed" else ())


@pytest.mark.parametrize("case", CASES["questions"], ids=lambda c: c["question"])
def test_the_question_names_what_will_happen(home: Home, case: dict[str, Any]) -> None:
    commands = [Command.from_dict(c) for c in case["commands"]]
    assert confirmation_question(home, commands, pin_required="pin" in case) == case["question"]


@pytest.mark.parametrize("case", CASES["risky"], ids=lambda c: f"{c['device']}.{c['action']}")
def test_risky_commands_are_held(home: Home, case: dict[str, Any]) -> None:
    command = Command.from_dict(case)
    safe, risky = split_risky(home, [command], flagged=[])
    assert (risky, safe) == (([command], []) if case["risky"] else ([], [command]))


def test_a_command_the_understander_flagged_is_held(home: Home) -> None:
    lamp = Command("kitchen_light", "turn_on")
    assert split_risky(home, [lamp], flagged=[lamp]) == ([], [lamp])


def test_a_yes_after_the_time_limit_does_nothing(home: Home) -> None:
    gate = ConfirmationGate(timeout=10)
    gate.ask(home, UNLOCK, now=0.0)
    decision = gate.answer("yes", now=10.5)
    assert decision is not None
    assert (decision.outcome, decision.commands) == ("expired", ())


def test_a_new_request_after_the_time_limit_is_no_answer(home: Home) -> None:
    gate = ConfirmationGate(timeout=10)
    gate.ask(home, UNLOCK, now=0.0)
    decision = gate.answer("turn on the kitchen light", now=30.0)
    assert decision is not None
    assert (decision.outcome, decision.commands) == ("superseded", ())
    assert gate.pending is None


def test_an_unanswered_question_lapses(home: Home) -> None:
    gate = ConfirmationGate(timeout=10)
    gate.ask(home, UNLOCK, now=0.0)
    assert gate.expire(now=5.0) is None
    lapsed = gate.expire(now=10.5)
    assert lapsed is not None
    assert lapsed.outcome == "expired"
    assert gate.pending is None


def test_an_answer_with_nothing_pending_is_no_answer() -> None:
    assert ConfirmationGate(timeout=10).answer("yes", now=0.0) is None


def test_a_question_is_answered_once(home: Home) -> None:
    gate = ConfirmationGate(timeout=10)
    gate.ask(home, UNLOCK, now=0.0)
    gate.answer("no", now=1.0)
    assert gate.answer("yes", now=2.0) is None


def test_spoken_digits_read_words_and_numbers(home: Home) -> None:
    assert spoken_digits(home.language, "one two 3 four, oh") == "12340"
