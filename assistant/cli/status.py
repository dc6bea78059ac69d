"""`assistant status` (not built yet)."""

import click


@click.command("status")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant status' is not built yet")
