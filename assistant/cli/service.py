"""`assistant service` (not built yet)."""

import click


@click.command("service")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'assistant service' is not built yet")
