"""`python -m bench`, from a checkout: benchmarks that print tables, one module each in bench/."""

from __future__ import annotations

import importlib
import logging
import os

import click

# name -> module in bench/ defining a click command called `command`
BENCHMARKS = ("intents", "audio", "llm", "service")


class _LazyBench(click.Group):
    """Imports a benchmark's module only when it runs (the audio and LLM ones load big models)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(BENCHMARKS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in BENCHMARKS:
            return None
        return importlib.import_module(f"bench.{name}").command


@click.group("bench", cls=_LazyBench, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def command(verbose: int) -> None:
    """Measure accuracy, latency, CPU and memory; prints tables."""
    level = os.environ.get("ASSISTANT_LOG_LEVEL") or ("DEBUG" if verbose > 1 else "INFO" if verbose else "WARNING")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


if __name__ == "__main__":
    command(prog_name="python -m bench")
