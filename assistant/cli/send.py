"""`assistant send` (not built yet)."""

import click


@click.command("send")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant send' is not built yet")
