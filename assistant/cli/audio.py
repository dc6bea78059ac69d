"""`assistant audio`: the sound devices, and a quick check of the microphone."""

from __future__ import annotations

import click

from assistant.cli.common import fail


@click.group("audio")
def command() -> None:
    """Audio devices."""


@command.command("devices")
def devices() -> None:
    """List the input devices (use the index or part of the name with `assistant run --device`)."""
    from assistant.audio.microphone import AudioDeviceError, list_input_devices

    try:
        found = list_input_devices()
    except AudioDeviceError as exc:
        fail(str(exc))
    if not found:
        click.echo("no audio input devices (no microphone); `assistant run --input FILE` works without one")
    for device in found:
        default = " (default)" if device.is_default else ""
        click.echo(f"{device.index}: {device.name}, {device.channels} channel(s), {device.default_rate:.0f} Hz{default}")
