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
