"""`python -m bench llm`: templates only, LLM only and both, on the HA corpus and on our own
paraphrase set; latency of LLM-handled sentences, tokens per request, process RSS, and a count
of invalid commands (must be zero).
"""

from __future__ import annotations

import random
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from assistant.commands import ParseResult
from assistant.config import Home, load_home
from assistant.understanding import RoutedUnderstander, TemplateUnderstander
from assistant.understanding.llm import LlmStats, LlmUnderstander, ModelError
from bench.intents import percentile
from tests.support.checkout import EXAMPLE_HOME, HA_CORPUS, PROJECT
from tests.support.corpus import CorpusRun, load_scorer, read_jsonl, score
from tests.support.paraphrases import Paraphrase, load_paraphrases

DEFAULT_PARAPHRASES = PROJECT / "tests" / "llm" / "data" / "paraphrases_eval.yaml"
MODES = ("templates", "llm", "both")


@dataclass
class LlmCosts:
    """What the model cost on the sentences it actually ran on."""

    ms: list[float] = field(default_factory=list)
    prompt_tokens: list[int] = field(default_factory=list)
    evaluated_tokens: list[int] = field(default_factory=list)
    generated_tokens: list[int] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)

    def add(self, stats: LlmStats) -> None:
        self.ms.append(stats.ms)
        self.prompt_tokens.append(stats.prompt_tokens)
        self.evaluated_tokens.append(stats.evaluated_tokens)
        self.generated_tokens.append(stats.generated_tokens)
        self.candidates.append(stats.candidates)

    def row(self, label: str) -> str:
        if not self.ms:
            return f"{label:<28} (the model ran on no sentence)"

        def mean(values: list[int]) -> float:
            return sum(values) / len(values)

        return (
            f"{label:<28} n={len(self.ms):<4} P50 {percentile(self.ms, 0.5):6.0f} ms  "
            f"P95 {percentile(self.ms, 0.95):6.0f} ms  prompt {mean(self.prompt_tokens):5.0f} tok "
            f"(evaluated {mean(self.evaluated_tokens):5.1f})  generated {mean(self.generated_tokens):4.1f} tok  "
            f"candidates scored {mean(self.candidates):4.1f}"
        )


@dataclass
class Understanders:
    """The three ways to understand, for one home, sharing one loaded model."""

    home: Home
    parsers: dict[str, Callable[[str, str | None], ParseResult]]
    costs: LlmCosts
    invalid: list[str]

    @classmethod
    def build(cls, home: Home, llm: LlmUnderstander, costs: LlmCosts, invalid: list[str]) -> Understanders:
        """Understanders for `home`; the one loaded model is reloaded for it (no second copy)."""
        templates = TemplateUnderstander(home)
        if llm.home is not home:
            llm.reload(home)

        def llm_parse(text: str, area: str | None) -> ParseResult:
            result = llm.parse(text, area)
            stats = llm.last_stats
            if stats is not None and stats.model_ran:
                costs.add(stats)
            return result

        class _Counted:
            parse = staticmethod(llm_parse)

        both = RoutedUnderstander(templates, _Counted(), None)
        return cls(home, {"templates": templates.parse, "llm": llm_parse, "both": both.parse}, costs, invalid)

    def parse(self, mode: str, text: str, area: str | None) -> ParseResult:
        result = self.parsers[mode](text, area)
        for command in result.commands:
            problem = self.home.validate_command(command)
            if problem:
                self.invalid.append(f"{mode}: {text!r} -> {command.to_dict()}: {problem}")
        return result


def _corpus_runs(
    records: list[dict[str, Any]],
    corpus: Path,
    modes: Sequence[str],
    llm: LlmUnderstander,
    costs: LlmCosts,
    invalid: list[str],
) -> dict[str, CorpusRun]:
    runs = {mode: CorpusRun(records) for mode in modes}
    by_home: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_home[record["home"]].append(record)
    for home_file, home_records in by_home.items():
        understanders = Understanders.build(load_home(corpus.parent / home_file), llm, costs, invalid)
        for record in home_records:
            for mode in modes:
                result = understanders.parse(mode, record["text"], record.get("area"))
                runs[mode].predictions[record["id"]] = [c.to_dict() for c in result.commands]
    return runs


def _paraphrase_table(items: list[Paraphrase], understanders: Understanders, show: int) -> list[str]:
    passed: dict[str, dict[str, list[int]]] = {m: defaultdict(lambda: [0, 0]) for m in MODES}
    missed_by_templates = [0, 0]
    false_actions = {m: 0 for m in MODES}
    failures: list[str] = []
    for item in items:
        results = {m: understanders.parse(m, item.text, item.area) for m in MODES}
        for mode, result in results.items():
            counts = passed[mode][item.category]
            good = item.matches(result.commands)
            counts[0] += good
            counts[1] += 1
            if not item.expect and result.commands:
                false_actions[mode] += 1
            if mode == "both" and not good and len(failures) < show:
                failures.append(f"  {item.text!r}: got {[c.to_dict() for c in result.commands]}")
        if item.expect and not item.matches(results["templates"].commands):
            missed_by_templates[1] += 1
            missed_by_templates[0] += item.matches(results["both"].commands)
    categories = sorted({i.category for i in items})
    lines = [f"{'paraphrases':<14}" + "".join(f"{m:>16}" for m in MODES)]
    for category in [*categories, "all"]:
        cells = []
        for mode in MODES:
            by_category = passed[mode]
            got, total = (
                (sum(c[0] for c in by_category.values()), sum(c[1] for c in by_category.values()))
                if category == "all" else tuple(by_category[category])
            )
            cells.append(f"{got:>4}/{total:<3} {100 * got / max(total, 1):5.1f}%")
        lines.append(f"{category:<14}" + "".join(f"{c:>16}" for c in cells))
    negatives = sum(1 for i in items if not i.expect)
    lines.append(
        f"understood by both, of the {missed_by_templates[1]} commands templates miss: "
        f"{missed_by_templates[0]} ({100 * missed_by_templates[0] / max(missed_by_templates[1], 1):.1f}%)"
    )
    lines.append(
        "false actions on non-commands (and on names that need a question): "
        + ", ".join(f"{m} {false_actions[m]}/{negatives}" for m in MODES)
    )
    return lines + failures


def _corpus_table(runs: dict[str, CorpusRun], corpus: Path) -> list[str]:
    scorer = load_scorer(corpus)
    accuracies = {mode: score(run, scorer) for mode, run in runs.items()}
    categories = sorted({c for a in accuracies.values() for c in a.per_category})
    lines = [f"{'corpus':<14}" + "".join(f"{m:>16}" for m in runs)]
    for category in categories:
        cells = []
        for accuracy in accuracies.values():
            got, total = accuracy.per_category.get(category, (0, 0))
            cells.append(f"{got:>4}/{total:<3} {100 * got / max(total, 1):5.1f}%")
        lines.append(f"{category:<14}" + "".join(f"{c:>16}" for c in cells))
    lines.append(f"{'all':<14}" + "".join(f"{a.passed:>4}/{a.total:<3} {a.percent:5.1f}%" .rjust(16) for a in accuracies.values()))
    return lines


@click.command("llm")
@click.option("--corpus", "corpus_path", type=click.Path(dir_okay=False, path_type=Path), default=HA_CORPUS, show_default=True)
@click.option("--paraphrases", "paraphrases_paths", type=click.Path(dir_okay=False, path_type=Path), multiple=True, default=[DEFAULT_PARAPHRASES], show_default=True, help="Sentence sets (repeatable), e.g. tests/eval/blind/eval_A.yaml with --config tests/eval/blind/home.yaml.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=EXAMPLE_HOME, show_default=True, help="The home the paraphrases are about.")
@click.option("--limit", default=150, show_default=True, help="Corpus records for the LLM-only run (a random sample; 0: all). Templates and both always run on every record.")
@click.option("--seed", default=7, show_default=True)
@click.option("--skip-corpus", is_flag=True, help="Only the paraphrase set.")
@click.option("--show", default=0, help="Print this many failing paraphrases (both).")
def command(corpus_path: Path, paraphrases_paths: tuple[Path, ...], config_path: Path, limit: int, seed: int, skip_corpus: bool, show: int) -> None:
    """LLM understanding: accuracy, latency, tokens, RSS."""
    started = time.perf_counter()
    costs = LlmCosts()
    invalid: list[str] = []
    home = load_home(config_path)
    try:
        llm = LlmUnderstander(home, home.data.assistant.llm)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    understanders = Understanders.build(home, llm, costs, invalid)
    items = [item for path in paraphrases_paths for item in load_paraphrases(path)]
    click.echo("\n".join(_paraphrase_table(items, understanders, show)))
    click.echo(costs.row("LLM-handled (paraphrases)"))

    if not skip_corpus:
        if not corpus_path.is_file():
            raise click.ClickException(f"no corpus at {corpus_path} (is ../shared next to the project?)")
        records = read_jsonl(corpus_path)
        corpus_costs = LlmCosts()
        runs = _corpus_runs(records, corpus_path, ("templates", "both"), llm, corpus_costs, invalid)
        sample = records if limit <= 0 else random.Random(seed).sample(records, min(limit, len(records)))
        llm_costs = LlmCosts()
        llm_runs = _corpus_runs(sample, corpus_path, ("templates", "llm", "both"), llm, llm_costs, invalid)
        click.echo(f"\nHA corpus, all {len(records)} records:")
        click.echo("\n".join(_corpus_table(runs, corpus_path)))
        click.echo(corpus_costs.row("LLM-handled (corpus, both)"))
        click.echo(f"\nHA corpus, random sample of {len(sample)} (seed {seed}), LLM only alongside:")
        click.echo("\n".join(_corpus_table(llm_runs, corpus_path)))
        click.echo(llm_costs.row("LLM-handled (sample)"))

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    click.echo(f"\nprocess peak RSS {rss_mb:.0f} MB; invalid commands: {len(invalid)}; {time.perf_counter() - started:.0f} s")
    for line in invalid[:10]:
        click.echo(f"  INVALID {line}")
