"""The `assistant` command line. Each subcommand lives in its own module of this package."""

from __future__ import annotations

import importlib
import logging
import os

import click

# Subcommand modules; each defines a click command or group called `command`.
COMMAND_MODULES = (
    "check",
    "devices",
    "parse",
    "send",
    "bench",
    "run",
    "audio",
    "models",
    "service",
    "status",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Offline smart-home voice assistant."""
    level = os.environ.get("ASSISTANT_LOG_LEVEL") or ("DEBUG" if verbose > 1 else "INFO" if verbose else "WARNING")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


for _name in COMMAND_MODULES:
    _module = importlib.import_module(f"assistant.cli.{_name}")
    main.add_command(_module.command)
