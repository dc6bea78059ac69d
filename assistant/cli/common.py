"""Options and error handling shared by the subcommands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, NoReturn

import click

from assistant.config import ConfigError, Home, load_home

# Exit codes: 1 a runtime failure (broker, model, audio), 2 bad input (config, arguments).
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("devices.yaml"),
        envvar="ASSISTANT_CONFIG",
        show_default=True,
        help="The home's devices.yaml.",
    )(func)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def load_home_or_exit(path: Path) -> Home:
    """The validated home, or every problem printed and exit code 2."""
    try:
        return load_home(path)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
