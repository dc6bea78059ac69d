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
    "run",
    "audio",
    "models",
    "service",
    "status",
    "import",
    "train",
)
# Subcommands whose module is named otherwise ('import' is a Python keyword).
MODULE_OF_COMMAND = {"import": "importer"}


class _LazyCommands(click.Group):
    """Imports a subcommand's module only when it is used: audio, MQTT and LLM imports are slow."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMAND_MODULES:
            return None
        return importlib.import_module(f"assistant.cli.{MODULE_OF_COMMAND.get(name, name)}").command


@click.group(cls=_LazyCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Offline smart-home voice assistant."""
    level = os.environ.get("ASSISTANT_LOG_LEVEL") or ("DEBUG" if verbose > 1 else "INFO" if verbose else "WARNING")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
