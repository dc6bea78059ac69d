"""`assistant parse` (not built yet)."""

import click


@click.command("parse")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant parse' is not built yet")
