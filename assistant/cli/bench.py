"""`assistant bench` (not built yet)."""

import click


@click.command("bench")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant bench' is not built yet")
