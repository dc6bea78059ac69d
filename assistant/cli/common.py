"""Options and error handling shared by the subcommands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NoReturn, get_args

import click

from assistant.config import ConfigError, Home, load_home
from assistant.config.schema import BrokerConfig, UnderstandMode
# Re-exported: every subcommand takes its exit codes from here.
from assistant.exit_codes import EXIT_BAD_INPUT as EXIT_BAD_INPUT
from assistant.exit_codes import EXIT_FAILURE as EXIT_FAILURE
from assistant.commands import Command

if TYPE_CHECKING:
    from assistant.mqtt import MqttConnection

CONNECT_TIMEOUT_S = 5.0
DEFAULT_MQTT_PORT = 1883


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("devices.yaml"),
        envvar="ASSISTANT_CONFIG",
        show_default=True,
        help="The home's devices.yaml.",
    )(func)


def choice_of(literal: Any) -> click.Choice:
    """The command line's choices for a setting: the values of its Literal in config/schema.py."""
    return click.Choice(get_args(literal))


def understand_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--understand",
        "mode",
        type=choice_of(UnderstandMode),
        default=None,
        help="Who understands: the templates, the LLM, or both (default: assistant.understand in devices.yaml).",
    )(func)


def parse_broker_address(ctx: click.Context, param: click.Parameter, text: str | None) -> tuple[str, int] | None:
    """HOST, HOST:PORT or [IPv6]:PORT."""
    if text is None:
        return None
    host, _, port_text = text.rpartition(":") if ":" in text and not text.endswith("]") else (text, "", "")
    host = host.strip("[]")
    if not port_text:
        return host, DEFAULT_MQTT_PORT
    if not host or not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise click.BadParameter(f"{text!r} is not HOST:PORT (e.g. localhost:1883)")
    return host, int(port_text)


def broker_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--broker",
        "broker_address",
        callback=parse_broker_address,
        metavar="HOST:PORT",
        help="The MQTT broker, instead of the one in devices.yaml.",
    )(func)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def load_home_or_exit(path: Path) -> Home:
    """The validated home, or every problem printed and exit code 2."""
    try:
        return load_home(path)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)


def connect_or_exit(home: Home, config_path: Path, broker_address: tuple[str, int] | None, role: str) -> MqttConnection:
    """A connection to the home's broker (or --broker's), or the reason on stderr and exit 1."""
    from assistant.mqtt import BrokerUnavailable, MqttConnection  # only for the commands that need it

    broker: BrokerConfig = home.data.mqtt
    if broker_address is not None:
        broker = broker.model_copy(update={"host": broker_address[0], "port": broker_address[1]})
    # Its own client id, so a running assistant service with the configured id is not kicked off.
    client_id = f"{broker.client_id or 'assistant'}-{role}-{os.getpid()}"
    connection = MqttConnection(broker, client_id=client_id, config_dir=config_path.resolve().parent)
    try:
        connection.connect(CONNECT_TIMEOUT_S)
    except BrokerUnavailable as exc:
        fail(str(exc))
    return connection


def describe_command(command: Command) -> str:
    """One command as the terminal shows it: 'kitchen_light set_brightness 40'."""
    value = "" if command.value is None else f" {command.value}"
    return f"{command.device} {command.action}{value}"
