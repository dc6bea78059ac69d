"""The generated corpus: deterministic, a third or more `nothing`, frames that resolve as meant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.training.corpus import Example, generate, summarize
from assistant.training.frame_text import NOTHING, parse_frame

COUNT = 3000


@pytest.fixture(scope="module")
def corpus() -> list[Example]:
    return generate(seed=11, count=COUNT)


def test_generation_is_deterministic() -> None:
    assert [e.json() for e in generate(seed=3, count=150)] == [e.json() for e in generate(seed=3, count=150)]


def test_another_seed_gives_another_corpus() -> None:
    assert [e.sentence for e in generate(seed=3, count=50)] != [e.sentence for e in generate(seed=4, count=50)]


def test_the_corpus_has_the_count_asked_for(corpus: list[Example]) -> None:
    assert len(corpus) == COUNT


def test_at_least_a_third_of_frames_are_nothing(corpus: list[Example]) -> None:
    assert 3 * sum(1 for e in corpus if e.frame == NOTHING) >= len(corpus)


def test_negated_and_cancelled_sentences_are_nothing(corpus: list[Example]) -> None:
    assert {e.frame for e in corpus if e.source in ("negated", "cancelled")} == {NOTHING}


@pytest.mark.parametrize("source", ["absent", "lacking", "out_of_range", "negated", "cancelled", "nothing"])
def test_non_requests_move_nothing_in_their_home(corpus: list[Example], source: str) -> None:
    moved = [e for e in corpus if e.source == source and e.commands]
    assert moved == []


def test_every_frame_reads_back_into_as_many_requests_as_lines(corpus: list[Example]) -> None:
    counts = [(len(parse_frame(e.frame)), 0 if e.frame == NOTHING else len(e.frame.splitlines())) for e in corpus]
    assert [c for c in counts if c[0] != c[1]] == []


def test_clear_cut_requests_resolve_to_the_intended_commands(corpus: list[Example]) -> None:
    clear = [e for e in corpus if e.source == "request" and e.intended]
    wrong = [(e.sentence, e.area, e.frame, e.commands, e.intended) for e in clear if _key(e.commands) != _key(e.intended or [])]
    assert len(clear) > 200
    assert wrong == []


def test_most_requests_act_in_their_home(corpus: list[Example]) -> None:
    requests = [e for e in corpus if e.source == "request"]
    assert sum(1 for e in requests if e.commands) >= 0.8 * len(requests)


def test_some_names_fit_several_devices(corpus: list[Example]) -> None:
    # Such frames stay as said; the Resolver asks (or names the candidates) instead of acting.
    assert any(e.source == "request" and not e.commands and "name=" in e.frame for e in corpus)


def test_some_sentences_carry_a_speech_recognition_slip(corpus: list[Example]) -> None:
    assert 0.05 * len(corpus) < sum(1 for e in corpus if e.slipped) < 0.3 * len(corpus)


def test_every_writer_is_used(corpus: list[Example]) -> None:
    assert {e.writer for e in corpus} == {"writer1", "writer2", "writer3"}


def test_the_summary_counts_nothing(corpus: list[Example]) -> None:
    assert summarize(corpus).nothing_frames == sum(1 for e in corpus if e.frame == NOTHING)


def _key(commands: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(c["device"], c["action"], c["value"]) for c in commands}


def test_the_command_line_writes_json_lines_and_a_summary(tmp_path: Path) -> None:
    output = tmp_path / "corpus.jsonl"
    result = CliRunner().invoke(main, ["train", "corpus", "--count", "120", "--seed", "2", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert len(output.read_text().splitlines()) == 120
    assert "per action" in result.output
    assert json.loads(output.read_text().splitlines()[0])["frame"]
