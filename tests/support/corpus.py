"""The HA intents corpus (JSONL records, one home file each) and its own score.py."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any


@dataclass
class CorpusRun:
    """Predictions for every corpus record and how long each parse took."""

    records: list[dict[str, Any]]
    predictions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Accuracy:
    passed: int
    total: int
    per_category: dict[str, tuple[int, int]]
    failures: list[str]

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 0.0


def load_scorer(corpus: Path) -> ModuleType:
    """The corpus folder's score.py, used as is (it is the benchmark's own rule)."""
    spec = importlib.util.spec_from_file_location("corpus_score", corpus.parent / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no score.py next to {corpus}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(run: CorpusRun, scorer: ModuleType) -> Accuracy:
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for record in run.records:
        passed = bool(scorer.record_passes(record, run.predictions.get(record["id"])))
        counts = per_category[record.get("category", "?")]
        counts[0] += passed
        counts[1] += 1
        if not passed:
            failures.append(f"{record['id']} {record['text']!r}: got {json.dumps(run.predictions.get(record['id']))}")
    passed_total = sum(c[0] for c in per_category.values())
    return Accuracy(passed_total, len(run.records), {k: (v[0], v[1]) for k, v in per_category.items()}, failures)
