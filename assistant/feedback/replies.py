"""What the assistant says after acting ("Turned on the living room lamp.") and how it names a
command it will not carry out yet ("unlock the front door", in a question or a refusal).

The words are the home's language data (languages/<code>.yaml): an action's `done` and `ask`
templates, its value as `values.<kind>` (the kind the device type gives the action), and any
other sentence by key through `sentence`.
"""

from __future__ import annotations

from assistant.commands import Command
from assistant.config import Home
from assistant.devices import value_kind, words_key
from assistant.language import Language


def sentence(home: Home, key: str, **values: object) -> str:
    """A sentence of the home's language by key ("replies.not_understood"), filled in."""
    return home.language.say(key, **values)


def _value_words(language: Language, command: Command) -> str:
    value, kind = command.value, value_kind(command.action)
    if value is None or kind == "none":
        return ""
    if kind == "temperature":
        return language.say("values.temperature", value=f"{value:g}") if isinstance(value, (int, float)) else ""
    return language.say(f"values.{kind}", value=value)


def _said(language: Language, command: Command, part: str, **values: object) -> str:
    """An action's template (`actions.<action>.<part>`), or its name as words when the language lacks it."""
    key = f"{words_key(command.action)}.{part}"
    if language.has(key):
        return language.say(key, **values)
    return f"{command.action.replace('_', ' ')} {next(iter(values.values()))}"


def done_sentence(home: Home, commands: list[Command]) -> str:
    """One sentence for everything done, commands of the same action grouped."""
    language = home.language
    by_action: dict[str, list[Command]] = {}
    for command in commands:
        by_action.setdefault(command.action, []).append(command)
    parts = []
    for group in by_action.values():
        names = language.joined([_name(home, c) for c in group])
        parts.append(_said(language, group[0], "done", devices=names) + _value_words(language, group[0]))
    text = language.text("replies.also").join(parts)
    return language.say("replies.sentence", text=text[0].upper() + text[1:]) if text else ""


def _name(home: Home, command: Command) -> str:
    device = home.device(command.device)
    return home.language.device_name(device.name) if device else command.device


def describe(home: Home, command: Command) -> str:
    """'unlock the front door', 'open the garage door to 50 percent'."""
    return _said(home.language, command, "ask", device=_name(home, command)) + _value_words(home.language, command)


# -- What the utterance handler says besides "done" (assistant/handling/) -------------------


def not_understood(home: Home) -> str:
    """When the understanding found no command and gave no reason of its own."""
    return sentence(home, "replies.not_understood")


def could_not(home: Home, commands: list[Command], error: str | None, stale: bool) -> str:
    """Some commands were not delivered: which, and why."""
    language = home.language
    missed = language.text("replies.list_comma").join(sorted({describe(home, c) for c in commands}))
    why = language.text("replies.broker_gone") if stale else (error or language.text("replies.it_failed"))
    return language.say("replies.could_not", missed=missed, why=why)


def confirmation_question(home: Home, commands: list[Command], pin_required: bool) -> str:
    """'Unlock the front door?' (with a PIN: '... Say the PIN to confirm.')."""
    language = home.language
    said = language.joined([describe(home, c) for c in commands])
    key = "confirmation.question_pin" if pin_required else "confirmation.question"
    return language.say(key, commands=said[0].upper() + said[1:])


def confirmation_settled(home: Home, outcome: str) -> str:
    """What is said when a held question ends: confirmed, refused, wrong_pin, expired (the answer
    came too late), lapsed (no answer at all); superseded (a new request instead) says nothing."""
    return "" if outcome == "superseded" else sentence(home, f"confirmation.{outcome}")


def unheard(home: Home) -> str:
    """Speech after the wake word that could not be heard as anything to act on."""
    return sentence(home, "replies.unheard")


def something_went_wrong(home: Home) -> str:
    return sentence(home, "replies.something_went_wrong")


def configuration_refused(home: Home) -> str:
    return sentence(home, "replies.configuration_refused")
