"""Every writer's pattern loads and expands, with slots that fit its meaning."""

from __future__ import annotations

import random

import pytest

from assistant.training.corpus import CannotFill, CorpusGenerator, intent_of
from assistant.training.frame_text import parse_frame
from assistant.training.patterns_file import Pattern, PatternError, load_patterns, parse_patterns
from assistant.training.slips import Slips

PATTERNS = load_patterns()
WRITERS = ("writer1", "writer2", "writer3")


@pytest.fixture(scope="module")
def generator() -> CorpusGenerator:
    return CorpusGenerator(seed=5, home_count=40, slips=Slips({}))


def test_every_writer_is_read() -> None:
    assert sorted({p.writer for p in PATTERNS}) == list(WRITERS)


def test_all_782_patterns_are_read() -> None:
    assert len(PATTERNS) == 782


@pytest.mark.parametrize("writer", WRITERS)
def test_each_writer_has_requests_and_non_requests(writer: str) -> None:
    mine = [p for p in PATTERNS if p.writer == writer]
    assert {p.is_nothing for p in mine} == {True, False}


def _expanded(generator: CorpusGenerator, pattern: Pattern) -> tuple[str, str] | None:
    """(sentence, frame) in the first of the generated homes the pattern fits."""
    for index, home in enumerate(generator.homes):
        try:
            example = generator._example("nothing" if pattern.is_nothing else "request", index, home, pattern)
        except CannotFill:
            continue
        return example.sentence, example.frame
    return None


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if all(intent_of(m) for m in p.means)], ids=lambda p: f"{p.writer}:{p.say}")
def test_every_expressible_pattern_expands_consistently(generator: CorpusGenerator, pattern: Pattern) -> None:
    expanded = _expanded(generator, pattern)
    assert expanded is not None, "fits none of 40 generated homes"
    sentence, frame = expanded
    assert "{" not in sentence
    # Every request of the meaning is a line of the frame, with the intent it names.
    assert [r.intent for r in parse_frame(frame)] == [intent_of(m) for m in pattern.means]


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.means and all(intent_of(m) for m in p.means)], ids=lambda p: f"{p.writer}:{p.say}")
def test_every_word_the_frame_quotes_was_said(generator: CorpusGenerator, pattern: Pattern) -> None:
    expanded = _expanded(generator, pattern)
    assert expanded is not None
    sentence, frame = expanded
    said = [w for r in parse_frame(frame) for w in (r.target.name, r.target.area, r.target.floor, r.target.kind_said) if w]
    assert [w for w in said if w.lower() not in sentence] == []


def test_relative_changes_other_than_volume_are_the_only_unexpressible_patterns() -> None:
    unexpressible = [m for p in PATTERNS for m in p.means if intent_of(m) is None]
    assert {(m.do, m.what) for m in unexpressible} <= {(d, w) for d in ("up", "down") for w in ("brightness", "speed", "temperature", "position")}


def test_a_bare_on_in_yaml_means_the_generic_on() -> None:
    pattern = parse_patterns("t", '- {say: "{name} on", means: [{do: on, name: name}]}')[0]
    assert pattern.means[0].do == "on"


def test_a_meaning_naming_a_missing_slot_is_refused() -> None:
    with pytest.raises(PatternError):
        parse_patterns("t", '- {say: "lights on", means: [{do: turn_on, name: name}]}')


def test_an_unknown_slot_is_refused() -> None:
    with pytest.raises(PatternError):
        parse_patterns("t", '- {say: "{device} on", means: [{do: turn_on}]}')


def test_a_slip_leaves_every_slot_in_place() -> None:
    slips = Slips({"switch": ("swich",), "please": ("pleas",)})
    slipped = {slips.slip("could you switch the {name} on please", random.Random(seed)) for seed in range(30)}
    assert all("{name} on" in s for s in slipped)


def test_a_slip_never_drops_on_or_off() -> None:
    slips = Slips({})
    slipped = {slips.slip("turn the {name} on", random.Random(seed)) for seed in range(30)}
    assert all(s.endswith(" on") for s in slipped)
