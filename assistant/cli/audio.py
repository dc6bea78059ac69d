"""`assistant audio` (not built yet)."""

import click


@click.command("audio")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant audio' is not built yet")
