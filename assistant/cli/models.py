"""`assistant models` (not built yet)."""

import click


@click.command("models")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant models' is not built yet")
