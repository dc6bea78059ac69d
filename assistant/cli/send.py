"""`assistant send`: one sentence through the utterance handler the service uses, on the terminal.

A command that needs a yes (unlock, ...) is asked about on the terminal when there is one, and
otherwise sent only with --yes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assistant.cli.common import EXIT_BAD_INPUT, EXIT_FAILURE, broker_option, config_option, connect_or_exit
from assistant.cli.common import describe_command, fail, load_home_or_exit, understand_option
from assistant.config.schema import UnderstandMode
from assistant.handling.utterance import HandlerReply

if TYPE_CHECKING:
    from assistant.handling.handler import UtteranceHandler


def stdin_is_terminal() -> bool:
    """Whether somebody at a terminal can answer a question (not a script or a pipe)."""
    return sys.stdin.isatty()


def report(reply: HandlerReply) -> None:
    """Each message sent or not, then what the assistant would say (without its question)."""
    for delivery in reply.deliveries:
        if delivery.delivered:
            click.echo(f"sent {describe_command(delivery.command)}: {delivery.topic} {delivery.payload}")
        else:
            click.echo(f"not sent {describe_command(delivery.command)}: {delivery.error}")
    said = reply.text.removesuffix(reply.question or "").strip()
    if said:
        click.echo(said)


@click.command("send")
@config_option
@broker_option
@click.option("--area", help="The room the request comes from (default: assistant.area in devices.yaml).")
@understand_option
@click.option("--yes", "confirmed", is_flag=True, help="Confirm commands that need a yes (unlock, ...) without being asked.")
@click.argument("text")
def command(
    config_path: Path,
    broker_address: tuple[str, int] | None,
    area: str | None,
    mode: UnderstandMode | None,
    confirmed: bool,
    text: str,
) -> None:
    """Understand TEXT, publish its commands over MQTT and answer its questions."""
    # Imported here: the sentence templates and the LLM are heavy, and other subcommands need neither.
    from assistant.handling.events import NoEvents
    from assistant.handling.handler import UtteranceHandler
    from assistant.handling.utterance import heard_now
    from assistant.understanding import SentencesError, build_understander

    home = load_home_or_exit(config_path)
    try:
        understander = build_understander(home, None, mode)
    except SentencesError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    connection = connect_or_exit(home, config_path, broker_address, "send")
    try:
        # A one-off: it asks only about the devices a question names, when it is asked.
        handler = UtteranceHandler.on(home, understander, connection, NoEvents(), ask_at_start=False)
        # Freshness counts from here, not from start-up: loading a model is not the outage the
        # staleness rule guards against.
        reply = handler.process(heard_now(text, area)).reply
        report(reply)
        replies = [reply]
        if reply.question:
            answered = _ask(handler, reply, confirmed)
            if answered is not None:
                report(answered)
                replies.append(answered)
    finally:
        connection.close()
    if any(not d.delivered for r in replies for d in r.deliveries):
        raise SystemExit(EXIT_FAILURE)


def _ask(handler: UtteranceHandler, reply: HandlerReply, confirmed: bool) -> HandlerReply | None:
    """The held commands' answer: --yes, the person at the terminal, or none (not sent)."""
    question = reply.question or ""
    if confirmed:
        return handler.approve()
    if stdin_is_terminal():
        if handler.gate.pin is not None:
            return handler.answer(click.prompt(question, hide_input=True, prompt_suffix=" "))
        return handler.approve() if click.confirm(question) else handler.refuse()
    pending = handler.gate.pending
    for command in pending.commands if pending else ():
        click.echo(f"not sent {describe_command(command)}: it needs a confirmation first (--yes confirms)")
    return None
