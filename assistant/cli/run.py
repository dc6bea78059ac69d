"""`assistant run` (not built yet)."""

import click


@click.command("run")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant run' is not built yet")
