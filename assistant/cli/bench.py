"""`assistant bench`: benchmarks that print tables. Each benchmark lives in assistant/bench/."""

from __future__ import annotations

import importlib
import importlib.util

import click

# name -> module in assistant.bench defining a click command called `command`
BENCHMARKS = ("intents", "audio", "llm", "service")


class _LazyBench(click.Group):
    """Imports a benchmark's module only when it runs (the audio and LLM ones load big models)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in BENCHMARKS if importlib.util.find_spec(f"assistant.bench.{name}")]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        return importlib.import_module(f"assistant.bench.{name}").command


@click.group("bench", cls=_LazyBench)
def command() -> None:
    """Measure accuracy, latency, CPU and memory; prints tables."""
