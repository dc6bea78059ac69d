"""The blind evaluation set never reaches anything the assistant is trained or tuned on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.understanding.llm.examples import EXAMPLES

PROJECT = Path(__file__).resolve().parents[2]
BLIND = PROJECT / "tests" / "eval" / "blind"
TRAINING_PATTERNS = sorted((PROJECT / "training" / "patterns").glob("*.yaml"))
TUNING_SETS = [PROJECT / "tests" / "llm" / "data" / "paraphrases_tune.yaml"]


def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9{}]+", text.lower().replace("'", "")))


def blind_cases() -> list[dict[str, object]]:
    return [r for path in sorted(BLIND.glob("eval_*.yaml")) for r in yaml.safe_load(path.read_text())]


def blind_sentences() -> set[str]:
    return {normalised(str(r["text"])) for r in blind_cases()}


def test_the_blind_set_has_at_least_300_cases() -> None:
    # A sentence heard in another room is another case: the room changes what it means.
    assert len({(normalised(str(r["text"])), r["area"]) for r in blind_cases()}) >= 300


def test_at_least_a_third_of_the_blind_set_must_move_nothing() -> None:
    cases = blind_cases()
    assert 3 * sum(1 for r in cases if not r.get("expect")) >= len(cases)


@pytest.mark.parametrize("path", TRAINING_PATTERNS, ids=lambda p: p.name)
def test_no_blind_sentence_is_a_training_pattern(path: Path) -> None:
    patterns = {normalised(p["say"]) for p in yaml.safe_load(path.read_text())}
    assert sorted(patterns & blind_sentences()) == []


@pytest.mark.parametrize("path", TUNING_SETS, ids=lambda p: p.name)
def test_no_blind_sentence_is_in_a_tuning_set(path: Path) -> None:
    tuned = {normalised(r["text"]) for r in yaml.safe_load(path.read_text())}
    assert sorted(tuned & blind_sentences()) == []


def test_no_blind_sentence_is_a_few_shot_example() -> None:
    examples = {normalised(sentence) for sentence, _ in EXAMPLES}
    assert sorted(examples & blind_sentences()) == []


def test_the_generator_knows_every_blind_sentence_only_by_its_fingerprint() -> None:
    from assistant.training.corpus import held_out_keys, sentence_key

    missing = [r for r in blind_cases() if sentence_key(str(r["text"])) not in held_out_keys()]
    assert len(missing) == 0, f"{len(missing)} blind sentences lack a line in assistant/training/data/held_out.sha256"


def test_no_blind_sentence_is_in_a_generated_training_corpus() -> None:
    # The generator never reads the blind set; this checks its patterns, word lists and
    # negated forms do not happen to make an eval sentence either (20,000 examples, ~30 s).
    # Only the count is reported, so that reading a failure keeps the reader blind.
    from assistant.training.corpus import generate

    generated = {normalised(e.sentence) for e in generate(seed=0, count=20000)}
    leaked = generated & blind_sentences()
    assert len(leaked) == 0, f"{len(leaked)} blind eval sentences are in a generated corpus of 20,000"


def test_the_leak_check_catches_a_copied_sentence() -> None:
    copied = next(iter(blind_sentences()))
    assert {normalised(copied.upper() + "!")} & blind_sentences() == {copied}
