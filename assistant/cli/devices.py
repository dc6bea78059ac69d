"""`assistant devices`: every device with the names it answers to."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.common import config_option, load_home_or_exit


@click.command("devices")
@config_option
def command(config_path: Path) -> None:
    """List each device with the names it answers to and what it can do."""
    home = load_home_or_exit(config_path)
    for device in home.devices:
        names = ", ".join([device.name, *device.aliases])
        where = f" in {device.area}" if device.area else ""
        actions = ", ".join(home.allowed_actions(device))
        click.echo(f"{device.id}: {device.type}{where}; answers to: {names}")
        click.echo(f"    actions: {actions}; topic: {device.mqtt.topic} ({device.mqtt.preset})")
