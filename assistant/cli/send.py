"""`assistant send`: understand one sentence, publish its commands, answer its questions."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from assistant.cli.common import EXIT_BAD_INPUT, EXIT_FAILURE, config_option, fail, load_home_or_exit
from assistant.commands import Command, ParseResult
from assistant.config import Home
from assistant.config.schema import BrokerConfig
from assistant.mqtt import BrokerUnavailable, CommandPublisher, Delivery, MqttConnection, StateTracker

# How long a question waits for a device's state (retained states come at once).
STATE_WAIT_S = 1.0
CONNECT_TIMEOUT_S = 5.0
DEFAULT_MQTT_PORT = 1883


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


def understand(home: Home, text: str, area: str | None, mode: str) -> ParseResult:
    # Imported here: the sentence templates and the LLM are heavy, and other subcommands need neither.
    from assistant.understanding import SentencesError, build_understander

    try:
        understander = build_understander(home, None, mode)  # type: ignore[arg-type]
    except SentencesError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    return understander.parse(text, area)


def connect_or_exit(home: Home, config_path: Path, broker_address: tuple[str, int] | None, role: str) -> MqttConnection:
    """A connection to the home's broker (or --broker's), or the reason on stderr and exit 1."""
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
    value = "" if command.value is None else f" {command.value}"
    return f"{command.device} {command.action}{value}"


def report(delivery: Delivery) -> None:
    if delivery.delivered:
        click.echo(f"sent {describe_command(delivery.command)}: {delivery.topic} {delivery.payload}")
    else:
        click.echo(f"not sent {describe_command(delivery.command)}: {delivery.error}")


def answer_questions(home: Home, connection: MqttConnection, questions: list[Command]) -> None:
    tracker = StateTracker(home, connection)
    device_ids = [q.device for q in questions]
    tracker.start(device_ids)
    tracker.wait_for(device_ids, STATE_WAIT_S)
    for device_id in dict.fromkeys(device_ids):
        click.echo(tracker.answer(device_id))


@click.command("send")
@config_option
@click.option(
    "--broker",
    "broker_address",
    callback=parse_broker_address,
    metavar="HOST:PORT",
    help="The MQTT broker, instead of the one in devices.yaml.",
)
@click.option("--area", help="The room the request comes from (default: assistant.area in devices.yaml).")
@click.option(
    "--understand",
    "mode",
    type=click.Choice(["templates", "llm", "both"]),
    help="Who understands the sentence (default: assistant.understand in devices.yaml).",
)
@click.option("--yes", "confirmed", is_flag=True, help="Also send commands that need a confirmation (unlock, ...).")
@click.argument("text")
def command(
    config_path: Path,
    broker_address: tuple[str, int] | None,
    area: str | None,
    mode: str | None,
    confirmed: bool,
    text: str,
) -> None:
    """Understand TEXT, publish its commands over MQTT and answer its questions."""
    home = load_home_or_exit(config_path)
    settings = home.data.assistant
    result = understand(home, text, area or settings.area, mode or settings.understand)
    # Freshness counts from understanding, not from start-up: loading a model is not the outage
    # the staleness rule guards against.
    heard_at = time.monotonic()
    # Risky commands are listed in both `commands` and `needs_confirmation`: send them only with --yes.
    commands = [c for c in result.commands if confirmed or c not in result.needs_confirmation]
    for held in [] if confirmed else result.needs_confirmation:
        click.echo(f"not sent {describe_command(held)}: it needs a confirmation first (--yes confirms)")
    if not commands:
        if not result.needs_confirmation:
            click.echo(f"nothing to send: {result.reason or 'no command understood'}")
        return
    connection = connect_or_exit(home, config_path, broker_address, "send")
    try:
        actions = [c for c in commands if c.action != "get_state"]
        questions = [c for c in commands if c.action == "get_state"]
        deliveries = CommandPublisher(home, connection).publish(actions, heard_at)
        for delivery in deliveries:
            report(delivery)
        if questions:
            answer_questions(home, connection, questions)
    finally:
        connection.close()
    if not all(d.delivered for d in deliveries):
        raise SystemExit(EXIT_FAILURE)
