"""The first-word index only skips templates that cannot match: it never loses a reading."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hassil import Intents, recognize_all

from assistant.understanding import TemplateUnderstander
from assistant.understanding.sentences_loader import EXPLAIN_ONLY_INTENTS

DATA = Path(__file__).parent / "data"
SENTENCES = [case["text"] for case in yaml.safe_load((DATA / "positives.yaml").read_text())["positives"]] + [
    "please turn off the lights",
    "can you lock the front door",
    "TV pause",
    "50% bedroom light",
]


def _readings(text: str, intents: Intents, understander: TemplateUnderstander) -> set[tuple[str, str]]:
    return {
        (r.intent.name, repr(sorted((k, str(e.value)) for k, e in r.entities.items())))
        for r in recognize_all(text, intents, slot_lists=understander.slot_lists)
        if r.intent.name not in EXPLAIN_ONLY_INTENTS
    }


@pytest.mark.parametrize("text", SENTENCES)
def test_filtered_templates_read_a_sentence_as_all_templates_do(understander: TemplateUnderstander, text: str) -> None:
    everything = _readings(text, understander.intents, understander)
    assert _readings(text, understander.index.for_text(text), understander) == everything
