"""Sentence cases as data: positives give exactly their commands, negatives give none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.commands import Command
from assistant.understanding import TemplateUnderstander

DATA = Path(__file__).parent / "data"

POSITIVES: list[dict[str, Any]] = yaml.safe_load((DATA / "positives.yaml").read_text())["positives"]
NEGATIVES: dict[str, list[str]] = yaml.safe_load((DATA / "negatives.yaml").read_text())["negatives"]


def _command(written: str) -> Command:
    """'living_room_lamp set_brightness 50' -> Command."""
    device, action, *value = written.split(" ", 2)
    return Command(device, action, yaml.safe_load(value[0]) if value else None)


@pytest.mark.parametrize("case", POSITIVES, ids=[c["text"] for c in POSITIVES])
def test_positive_sentence_gives_its_commands(understander: TemplateUnderstander, case: dict[str, Any]) -> None:
    result = understander.parse(case["text"], case["area"])
    assert set(result.commands) == {_command(c) for c in case["expect"]}
    assert len(result.commands) == len(case["expect"])
    assert result.handled_by == "templates"


@pytest.mark.parametrize(
    "text", [s for group in NEGATIVES.values() for s in group], ids=lambda s: str(s)
)
def test_negative_sentence_gives_no_command_and_a_reason(understander: TemplateUnderstander, text: str) -> None:
    result = understander.parse(str(text), "Living Room")
    assert result.commands == []
    assert result.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("turn on the fan and the lamp", "Sorry, there are no fans in the Living Room."),
        ("lock the door and make coffee", "Sorry, there are no locks in the Living Room."),
    ],
)
def test_joined_command_that_cannot_run_says_why_of_its_parts(
    understander: TemplateUnderstander, text: str, reason: str
) -> None:
    result = understander.parse(text, "Living Room")
    assert (result.commands, result.reason) == ([], reason)
