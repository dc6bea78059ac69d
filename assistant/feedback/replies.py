"""What the assistant says after acting ("Turned on the living room lamp.") and how it names a
command it will not carry out yet ("unlock the front door", in a question or a refusal)."""

from __future__ import annotations

from assistant.commands import Command
from assistant.config import Home

# How each risky action reads in a question ("Unlock the front door?").
QUESTION_VERBS = {"unlock": "unlock", "open": "open", "set_position": "open", "lock": "lock", "close": "close"}
# Past tense of each action, as said in a reply.
DONE_VERBS: dict[str, str] = {
    "turn_on": "Turned on",
    "turn_off": "Turned off",
    "toggle": "Toggled",
    "set_brightness": "Set the brightness of",
    "set_color": "Changed the colour of",
    "set_speed": "Set the speed of",
    "open": "Opened",
    "close": "Closed",
    "stop": "Stopped",
    "set_position": "Moved",
    "set_temperature": "Set",
    "set_mode": "Set",
    "lock": "Locked",
    "unlock": "Unlocked",
    "play": "Playing on",
    "pause": "Paused",
    "next": "Skipped forward on",
    "previous": "Went back on",
    "set_volume": "Set the volume of",
    "volume_up": "Turned up",
    "volume_down": "Turned down",
    "mute": "Muted",
    "unmute": "Unmuted",
    "start": "Started",
    "return_home": "Sent home",
    "activate": "Activated",
}


def _value_words(command: Command) -> str:
    if command.value is None:
        return ""
    if command.action == "set_temperature":
        return f" to {command.value:g} degrees" if isinstance(command.value, (int, float)) else ""
    if command.action == "set_mode":
        return f" to {command.value} mode"
    if command.action == "set_color":
        return f" to {command.value}"
    return f" to {command.value} percent"


def done_sentence(home: Home, commands: list[Command]) -> str:
    """One sentence for everything done, commands of the same action grouped."""
    by_action: dict[str, list[Command]] = {}
    for command in commands:
        by_action.setdefault(command.action, []).append(command)
    parts = []
    for action, group in by_action.items():
        names = [_name(home, c) for c in group]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        verb = DONE_VERBS.get(action, action.replace("_", " ").capitalize())
        parts.append(f"{verb} {joined}{_value_words(group[0])}")
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "." if sentence else ""


def _name(home: Home, command: Command) -> str:
    device = home.device(command.device)
    return f"the {device.name.lower()}" if device else command.device


def _spoken_name(name: str) -> str:
    # "Front Door" reads as "front door"; an acronym such as "TV" stays as it is.
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in name.split())


def describe(home: Home, command: Command) -> str:
    """'unlock the front door', 'open the garage door to 50 percent'."""
    device = home.device(command.device)
    name = _spoken_name(device.name) if device else command.device
    verb = QUESTION_VERBS.get(command.action, command.action.replace("_", " "))
    if command.value is None:
        return f"{verb} the {name}"
    unit = " percent" if command.action == "set_position" else ""
    return f"{verb} the {name} to {command.value}{unit}"


# -- What the utterance handler says besides "done" (assistant/handling/) -------------------


def not_understood() -> str:
    """When the understanding found no command and gave no reason of its own."""
    return "Sorry, I did not understand that."


def could_not(home: Home, commands: list[Command], error: str | None, stale: bool) -> str:
    """Some commands were not delivered: which, and why."""
    missed = ", ".join(sorted({describe(home, c) for c in commands}))
    why = "the broker was unreachable for too long" if stale else (error or "it failed")
    return f"I could not {missed}: {why}."


def confirmation_question(home: Home, commands: list[Command], pin_required: bool) -> str:
    """'Unlock the front door?' (with a PIN: '... Say the PIN to confirm.')."""
    parts = [describe(home, c) for c in commands]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    said = said[0].upper() + said[1:]
    return f"{said}? Say the PIN to confirm." if pin_required else f"{said}?"


def confirmation_settled(outcome: str) -> str:
    """What is said when a held question ends: confirmed, refused, wrong_pin, expired (the answer
    came too late), lapsed (no answer at all); superseded (a new request instead) says nothing."""
    return {
        "confirmed": "Done.",
        "refused": "OK, I won't.",
        "wrong_pin": "Wrong PIN; I did not do it.",
        "expired": "Too late; I did not do it.",
        "lapsed": "I did not hear a yes, so I did not do it.",
        "superseded": "",
    }[outcome]


def something_went_wrong() -> str:
    return "Sorry, something went wrong."


def configuration_refused() -> str:
    return "The new configuration has errors; I kept the old one."
