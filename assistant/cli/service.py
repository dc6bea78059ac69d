"""`assistant service`: run the always-on service, or install it as a systemd unit."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import click

from assistant.cli.common import EXIT_BAD_INPUT, config_option, fail, load_home_or_exit
from assistant.service.install import InstallPlan, run_system_steps, write_files
from assistant.service.status import default_state_dir
from assistant.service.unit import UnitSettings

# Exists only while systemd is the init system (sd_booted()).
SYSTEMD_RUNNING = Path("/run/systemd/system")
# What the unit's ProtectHome=yes makes invisible to the service.
HIDDEN_BY_PROTECT_HOME = (Path("/home"), Path("/root"), Path("/run/user"))


@click.group("service")
def command() -> None:
    """The always-on service (systemd)."""


def _this_executable() -> Path:
    """The `assistant` script of this installation: beside the running Python (a venv need not be
    on PATH, and under `python -m` argv[0] is not the script), else on PATH."""
    beside = Path(sys.executable).parent / "assistant"
    found = beside if beside.is_file() else Path(shutil.which("assistant") or sys.argv[0])
    return found.absolute()


@command.command("install")
@config_option
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the files under this folder and print the remaining steps (no systemd needed).")
@click.option("--print", "print_only", is_flag=True, help="Print the unit and the steps; change nothing.")
@click.option("--user", default="assistant", show_default=True, help="The unprivileged user to run as.")
@click.option("--executable", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The assistant program for ExecStart (default: this one).")
@click.option("--watchdog", "watchdog_seconds", type=click.IntRange(2, 3600), default=30, show_default=True,
              help="WatchdogSec: systemd restarts the service when its loop stops for this long.")
def install(config_path: Path, root: Path | None, print_only: bool, user: str, executable: Path | None,
            watchdog_seconds: int) -> None:  # fmt: skip
    """Install the systemd unit, the config in /etc/assistant and the service user."""
    load_home_or_exit(config_path)  # never install a config the service would refuse
    settings = UnitSettings(executable=executable or _this_executable(), user=user, watchdog_seconds=watchdog_seconds)
    plan = InstallPlan(root=root or Path("/"), settings=settings, config_source=config_path)
    steps = [shlex.join(step) for step in plan.system_steps()]
    if any(settings.executable.is_relative_to(hidden) for hidden in HIDDEN_BY_PROTECT_HOME):
        click.echo(f"warning: {settings.executable} is under a home folder, which ProtectHome=yes hides from "
                   "the service: install the assistant elsewhere (e.g. a venv in /opt/assistant)", err=True)  # fmt: skip
    if print_only:
        click.echo(f"# {plan.unit_path}")
        click.echo(plan.unit_text())
        click.echo(f"# then copy {config_path} to {plan.config_target} and run as root:")
        click.echo("\n".join(steps))
        return
    if root is None and os.geteuid() != 0:
        fail("installing needs root: run it with sudo, or use --root DIR / --print", EXIT_BAD_INPUT)
    if root is None and not SYSTEMD_RUNNING.exists():
        # Checked before writing anything, so a failed install leaves no half-done system.
        fail("systemd is not running here: use --root DIR (then the printed steps) or --print", EXIT_BAD_INPUT)
    try:
        for line in write_files(plan):
            click.echo(line)
        if root is not None:
            click.echo("now run as root on the target system:")
            click.echo("\n".join(f"  {s}" for s in steps))
            return
        for line in run_system_steps(plan):
            click.echo(line)
    except (OSError, RuntimeError) as error:
        fail(str(error))
    click.echo("installed; follow it with: journalctl -fu assistant")


@command.command("run")
@config_option
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the status file goes (default: $STATE_DIRECTORY, else ~/.local/state/assistant).")
@click.option("--intents", "intents_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Your own sentence templates (default: intents/ next to devices.yaml).")
@click.option("--no-voice", is_flag=True, help="No microphone: sentences only from <base>text and --stdin.")
@click.option("--input", "input_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Listen to a WAV file instead of the microphone.")
@click.option("--device", help="Microphone by index or part of its name (`assistant audio devices`).")
@click.option("--wake-word", "wake_words", multiple=True, help="okay_nabu, hey_jarvis (default), hey_mycroft, alexa; repeatable.")
@click.option("--no-wake", is_flag=True, help="No wake word: every utterance is a command (push-to-talk, tests).")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"), show_default=True)
@click.option("--no-speech", is_flag=True, help="No spoken replies.")
@click.option("--stdin", "read_stdin", is_flag=True, help="Also take sentences from standard input, one per line.")
@click.option("--run-for", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop after this many seconds (tests, benchmarks); default: until stopped.")
@click.option("--no-watch", is_flag=True, help="Reload only on SIGHUP, not when the files change.")
def run(config_path: Path, state_dir: Path | None, intents_dir: Path | None, no_voice: bool, input_path: Path | None,
        device: str | None, wake_words: tuple[str, ...], no_wake: bool, models_dir: Path, no_speech: bool, read_stdin: bool, run_for: float | None,
        no_watch: bool) -> None:  # fmt: skip
    """Run the always-on service: voice, <base>text and <base>confirm, events, reload on SIGHUP."""
    from assistant.service.app import ServiceOptions  # loads the understanders only when run
    from assistant.service.runner import VoiceInput, run_service

    load_home_or_exit(config_path)  # a broken file at start: every problem, exit 2
    options = ServiceOptions(config_path, state_dir or default_state_dir(), intents_dir, not no_watch)
    voice = None if no_voice else VoiceInput(input_path, device, wake_words, no_wake, models_dir, not no_speech)
    sys.exit(run_service(options, voice, read_stdin, run_for))
