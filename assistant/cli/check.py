"""`assistant check`: validate devices.yaml and summarise the home."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from assistant.cli.common import config_option, load_home_or_exit


@click.command("check")
@config_option
def command(config_path: Path) -> None:
    """Validate devices.yaml and print a summary of the home."""
    home = load_home_or_exit(config_path)
    types = Counter(d.type for d in home.devices)
    click.echo(f"{config_path}: OK")
    click.echo(f"home: {home.name} (temperatures in °{home.temperature_unit})")
    click.echo(f"floors: {len(home.floors)}" + (f" ({', '.join(f.name for f in home.floors)})" if home.floors else ""))
    click.echo(f"areas: {len(home.areas)}" + (f" ({', '.join(a.name for a in home.areas)})" if home.areas else ""))
    click.echo(f"devices: {len(home.devices)} (" + ", ".join(f"{n} {t}" for t, n in sorted(types.items())) + ")")
    broker = home.data.mqtt
    auth = "with a password" if broker.username else "anonymous"
    tls = ", TLS" if broker.tls else ""
    click.echo(f"broker: {broker.host}:{broker.port} ({auth}{tls}); assistant topics under {broker.base_topic}")
