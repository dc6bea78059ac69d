"""`python -m bench intents`: template accuracy on the HA corpus, false actions on our negative
set, and parse latency on the corpus homes and on generated homes of 10, 100 and 1000 devices.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import yaml

from assistant.config import Home, load_home
from assistant.understanding import TemplateUnderstander
from tests.support.checkout import EXAMPLE_HOME, HA_CORPUS, PROJECT
from tests.support.corpus import CorpusRun, load_scorer, read_jsonl, score
from tests.support.homes import generated_home

NEGATIVES = PROJECT / "tests" / "understanding" / "data" / "negatives.yaml"
HOME_SIZES = (10, 100, 1000)


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


def false_actions(home: Home, sentences: Sequence[str], area: str | None) -> list[str]:
    """Negative sentences that nevertheless produced a command."""
    understander = TemplateUnderstander(home)
    return [s for s in sentences if understander.parse(s, area).commands]


def load_negatives(path: Path = NEGATIVES) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(s) for group in data["negatives"].values() for s in group]


# -- parse latency on generated homes ---------------------------------------------------------

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
@click.option("--corpus", "corpus_path", type=click.Path(dir_okay=False, path_type=Path), default=HA_CORPUS, show_default=True, help="A benchmark JSONL in the HA corpus format.")
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

    example = load_home(EXAMPLE_HOME)
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
