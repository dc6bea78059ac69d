"""`assistant bench intents`: template accuracy on the HA corpus, false actions on our negative
set, and parse latency on the corpus homes and on generated homes of 10, 100 and 1000 devices.
"""

from __future__ import annotations

import importlib.util
import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import yaml

from assistant.config import Home, load_home, parse_home_text
from assistant.understanding import TemplateUnderstander

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus" / "ha_intents_en.jsonl"
NEGATIVES = PROJECT / "tests" / "understanding" / "data" / "negatives.yaml"
HOME_SIZES = (10, 100, 1000)


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
        raise click.ClickException(f"no score.py next to {corpus}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_corpus(corpus: Path) -> CorpusRun:
    """Parses every record with templates only, loading each record's home once."""
    run = CorpusRun(read_jsonl(corpus))
    by_home: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in run.records:
        by_home[record["home"]].append(record)
    for home_file, records in by_home.items():
        understander = TemplateUnderstander(load_home(corpus.parent / home_file))
        for record in records:
            result = understander.parse(record["text"], record.get("area"))
            run.predictions[record["id"]] = [c.to_dict() for c in result.commands]
            run.latencies_ms.append(result.ms)
    return run


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


def false_actions(home: Home, sentences: Sequence[str], area: str | None) -> list[str]:
    """Negative sentences that nevertheless produced a command."""
    understander = TemplateUnderstander(home)
    return [s for s in sentences if understander.parse(s, area).commands]


def load_negatives(path: Path = NEGATIVES) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(s) for group in data["negatives"].values() for s in group]


# -- generated homes --------------------------------------------------------------------------

ROOMS = ("Bedroom", "Bathroom", "Kitchen", "Office", "Study", "Hall", "Lounge", "Den", "Nursery", "Library")
PREFIXES = ("North", "South", "East", "West", "Upper", "Lower", "Blue", "Green", "Red", "Guest", "Old")
# (type, name word, features, device_class) for the ten devices of each generated area
AREA_DEVICES: tuple[tuple[str, str, list[str], str | None], ...] = (
    ("light", "Ceiling Light", ["brightness", "color"], None),
    ("light", "Lamp", ["brightness"], None),
    ("light", "Strip", ["brightness", "color"], None),
    ("switch", "Plug", [], "outlet"),
    ("fan", "Fan", ["speed"], None),
    ("cover", "Blinds", ["position"], "blind"),
    ("climate", "Thermostat", [], None),
    ("lock", "Door", [], None),
    ("media_player", "Speaker", [], None),
    ("sensor", "Temperature", [], "temperature"),
)


def generated_home(devices: int) -> Home:
    """A home of `devices` devices, ten per area, every area on one of two floors."""
    areas = [f"{prefix} {room}" for prefix in PREFIXES for room in ROOMS][: max(1, devices // len(AREA_DEVICES))]
    items: list[dict[str, Any]] = []
    for area in areas:
        for kind, word, features, device_class in AREA_DEVICES:
            if len(items) >= devices:
                break
            ident = f"{area}_{word}".lower().replace(" ", "_")
            items.append(
                {
                    "id": ident,
                    "name": f"{area} {word}",
                    "area": area,
                    "type": kind,
                    "features": features,
                    "device_class": device_class,
                    "mqtt": {"topic": f"home/{ident}"},
                }
            )
    data = {
        "floors": [{"name": "Ground Floor", "aliases": ["downstairs"]}, {"name": "First Floor", "aliases": ["upstairs"]}],
        "areas": [{"name": a, "floor": "Ground Floor" if i % 2 else "First Floor"} for i, a in enumerate(areas)],
        "devices": items,
        "assistant": {"area": areas[0]},
    }
    return Home(parse_home_text(yaml.safe_dump(data, sort_keys=False), Path(f"<generated {devices}>")))


SENTENCE_MAKERS: tuple[Callable[[random.Random, list[str], list[str]], str], ...] = (
    lambda r, names, areas: f"turn on the {r.choice(names)}",
    lambda r, names, areas: f"turn off the lights in the {r.choice(areas)}",
    lambda r, names, areas: f"set the {r.choice(areas)} lamp to forty percent",
    lambda r, names, areas: f"is the {r.choice(areas)} door locked",
    lambda r, names, areas: f"what is the temperature in the {r.choice(areas)}",
    lambda r, names, areas: f"open the blinds in the {r.choice(areas)} halfway",
    lambda r, names, areas: f"set the {r.choice(areas)} thermostat to twenty one and a half degrees",
    lambda r, names, areas: "turn off all the lights",
    lambda r, names, areas: f"turn on the {r.choice(names)} and the {r.choice(names)}",
    lambda r, names, areas: "what is the weather like tomorrow",
)


def latency_on_generated(devices: int, sentences: int = 200, seed: int = 7) -> tuple[float, list[float]]:
    """Milliseconds to load the templates for a generated home, and to parse each sentence."""
    home = generated_home(devices)
    started = time.perf_counter()
    understander = TemplateUnderstander(home)
    load_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(seed)
    names = [d.name for d in home.devices if d.type in ("light", "switch", "fan")]
    areas = [a.name for a in home.areas]
    texts = [SENTENCE_MAKERS[i % len(SENTENCE_MAKERS)](rng, names, areas) for i in range(sentences)]
    return load_ms, [understander.parse(text, home.data.assistant.area).ms for text in texts]


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else 0.0


def _latency_row(label: str, values: Sequence[float], load_ms: float | None = None) -> str:
    load = f"{load_ms:>9.0f}" if load_ms is not None else f"{'-':>9}"
    return f"  {label:<22} {len(values):>5} {percentile(values, 0.5):>8.2f} {percentile(values, 0.95):>8.2f} {statistics.fmean(values):>8.2f} {load}"


@click.command("intents")
@click.option("--corpus", "corpus_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_CORPUS, show_default=True, help="A benchmark JSONL in the HA corpus format.")
@click.option("--show", default=0, help="Print this many failing records.")
@click.option("--sizes", default=",".join(map(str, HOME_SIZES)), show_default=True, help="Generated home sizes to time.")
def command(corpus_path: Path, show: int, sizes: str) -> None:
    """Template accuracy (overall, per category), false actions, parse latency."""
    if not corpus_path.is_file():
        raise click.ClickException(f"{corpus_path} not found (the shared corpus is not next to this checkout?)")
    scorer = load_scorer(corpus_path)
    run = run_corpus(corpus_path)
    accuracy = score(run, scorer)
    click.echo(f"corpus {corpus_path}: {accuracy.passed}/{accuracy.total} = {accuracy.percent:.1f}%")
    for category, (passed, total) in sorted(accuracy.per_category.items()):
        click.echo(f"  {category:<12} {passed:>4}/{total:<4} {100.0 * passed / total:6.1f}%")
    for failure in accuracy.failures[:show]:
        click.echo(f"  FAIL {failure}")

    example = load_home(PROJECT / "devices.yaml")
    negatives = load_negatives()
    wrong = false_actions(example, negatives, example.data.assistant.area)
    click.echo(f"negatives {NEGATIVES.name}: {len(wrong)}/{len(negatives)} false actions = {100.0 * len(wrong) / len(negatives):.2f}%")
    for sentence in wrong:
        click.echo(f"  FALSE ACTION {sentence!r}")

    click.echo("parse latency (ms), templates only, after loading:")
    click.echo(f"  {'home':<22} {'n':>5} {'P50':>8} {'P95':>8} {'mean':>8} {'load ms':>9}")
    click.echo(_latency_row("HA corpus homes", run.latencies_ms))
    for size in (int(s) for s in sizes.split(",") if s.strip()):
        load_ms, latencies = latency_on_generated(size)
        click.echo(_latency_row(f"generated {size} devices", latencies, load_ms))
