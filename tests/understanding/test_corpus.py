"""The public HA corpus, through the batch command line, scored by the corpus's own score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from support.corpus import CorpusRun, load_scorer, read_jsonl, score

# May only move up: the last measured accuracy was 99.6% (852/855).
ACCURACY_FLOOR = 99.0
CATEGORY_FLOOR = 95.0


def _batch_predictions(corpus: Path, records: list[dict[str, Any]], workdir: Path) -> dict[str, Any]:
    """One `assistant parse --batch` run per home file (the batch path takes one --config)."""
    by_home: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_home[record["home"]].append(record)
    predictions: dict[str, Any] = {}
    for number, (home, group) in enumerate(sorted(by_home.items())):
        batch_in, batch_out = workdir / f"in{number}.jsonl", workdir / f"out{number}.jsonl"
        batch_in.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "area": r["area"]}) + "\n" for r in group))
        subprocess.run(
            [sys.executable, "-m", "assistant", "parse", "--config", str(corpus.parent / home),
             "--understand", "templates", "--batch", str(batch_in), "--output", str(batch_out)],
            check=True,
        )
        answers = read_jsonl(batch_out)
        assert len(answers) == len(group), "one answer line per input line"
        predictions.update({a["id"]: a["commands"] for a in answers})
    return predictions


def test_ha_corpus_accuracy_stays_above_its_floor(shared_dir: Path, tmp_path: Path) -> None:
    corpus = shared_dir / "corpus" / "ha_intents_en.jsonl"
    run = CorpusRun(read_jsonl(corpus))
    run.predictions = _batch_predictions(corpus, run.records, tmp_path)
    accuracy = score(run, load_scorer(corpus))
    shown = "\n".join(accuracy.failures[:20])
    assert accuracy.percent >= ACCURACY_FLOOR, f"{accuracy.percent:.1f}% < {ACCURACY_FLOOR}%:\n{shown}"
    for category, (passed, total) in accuracy.per_category.items():
        assert 100.0 * passed / total >= CATEGORY_FLOOR, f"{category}: {passed}/{total}\n{shown}"
