"""`assistant status`: what the running service last reported (broker, config, utterances)."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import fail
from assistant.service.status import find_status_file, read_status

# A service rewrites its status at least this often; older means it is not running.
STALE_AFTER_S = 30.0


def _ago(timestamp: float) -> str:
    seconds = max(time.time() - timestamp, 0)
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by the service user
        return True
    return True


def _utterance_line(event: dict[str, Any]) -> str:
    when = datetime.fromtimestamp(event["time"]).strftime("%H:%M:%S")
    timings = ", ".join(f"{stage} {ms:.0f} ms" for stage, ms in event.get("timings", {}).items())
    done = len(event.get("delivered", []))
    failed = len(event.get("not_delivered", []))
    outcome = f"{done} delivered" + (f", {failed} NOT delivered" if failed else "")
    if event.get("confirmation"):
        outcome += f", confirmation {event['confirmation'].get('outcome', 'asked')}"
    return f"  {when} \"{event['transcript']}\" -> {event['handled_by']}: {outcome} ({timings})"


@click.command("status")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The service's state folder (default: $STATE_DIRECTORY, ~/.local/state/assistant, /var/lib/assistant).")
@click.option("-n", "--recent", type=click.IntRange(0, 100), default=5, show_default=True, help="Utterances to show.")
def command(state_dir: Path | None, recent: int) -> None:  # fmt: skip
    """Show the broker connection, the configuration and recent utterances with timings."""
    path = find_status_file(state_dir)
    try:
        status = read_status(path)
    except (OSError, ValueError) as error:
        fail(f"no service status at {path} ({getattr(error, 'strerror', None) or error}); is the service running?")
    running = _alive(int(status["pid"])) and time.time() - float(status["updated_at"]) < STALE_AFTER_S
    state = "running" if running else "NOT running"
    click.echo(f"service: {state} (pid {status['pid']}, started {_ago(status['started_at'])}, updated {_ago(status['updated_at'])})")
    broker = status["broker"]
    link = "connected" if broker["connected"] else "DISCONNECTED"
    click.echo(f"broker: {broker['address']} {link} since {_ago(broker['since'])} "
               f"({broker['connects']} connects, {broker['disconnects']} drops)")  # fmt: skip
    config = status["config"]
    click.echo(f"config: {config['path']}, {config['devices']} devices, loaded {_ago(config['loaded_at'])}")
    for problem in config.get("last_refused", []):
        click.echo(f"  last reload refused: {problem}")
    utterances = status.get("recent", [])[-recent:] if recent else []
    click.echo(f"recent utterances: {len(utterances)}")
    for event in utterances:
        click.echo(_utterance_line(event))
    if not running:
        raise SystemExit(1)
