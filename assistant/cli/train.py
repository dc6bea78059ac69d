"""`assistant train`: the understanding model's training corpus and its LoRA adapter (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.cli.common import EXIT_BAD_INPUT, fail


@click.group("train")
def command() -> None:
    """Build the training corpus and train the understanding model."""


@command.command("corpus")
@click.option("--count", type=click.IntRange(min=1), default=20000, show_default=True, help="Examples to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed and count give the same corpus.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="A .jsonl file.")
def corpus(count: int, seed: int, output: Path) -> None:
    """Generate examples (sentence, microphone area, frame) as JSON lines, then a summary."""
    from assistant.training.corpus import generate, intent_of, summarize
    from assistant.training.patterns_file import load_patterns

    examples = generate(seed, count)
    try:
        with output.open("w", encoding="utf-8") as handle:
            for example in examples:
                handle.write(json.dumps(example.json(), ensure_ascii=False) + "\n")
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror}", EXIT_BAD_INPUT)
    click.echo(summarize(examples).table())
    patterns = load_patterns()
    left_out = sum(1 for p in patterns if not all(intent_of(m) for m in p.means))
    click.echo(f"\npatterns: {len(patterns)}, left out (relative changes the frame cannot say): {left_out}")
    click.echo(f"wrote {len(examples)} examples to {output}")


@command.command("model")
@click.option("--corpus", "corpus_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A corpus from `assistant train corpus`; default: generate --count examples.")
@click.option("--count", type=click.IntRange(min=1), default=12000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--steps", type=click.IntRange(min=1), default=None, help="Stop after this many steps (default: one epoch).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--rank", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--learning-rate", type=float, default=1e-3, show_default=True)
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("build/adapter"), show_default=True,
              help="A folder for the adapter (PEFT files and adapter.gguf).")
def model(corpus_file: Path | None, count: int, seed: int, steps: int | None, batch_size: int, rank: int,
          learning_rate: float, output: Path) -> None:
    """LoRA-train the base model on the corpus and export the adapter as GGUF (needs the `train` extra)."""
    from assistant.training.lora import TrainError, TrainSettings, train

    settings = TrainSettings(seed=seed, count=count, steps=steps, batch_size=batch_size, rank=rank,
                             learning_rate=learning_rate, output=output, corpus=corpus_file)
    try:
        result = train(settings)
    except TrainError as error:
        fail(str(error), EXIT_BAD_INPUT)
    click.echo(result.table())
