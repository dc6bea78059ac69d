"""Word cues for candidate scoring: which action a sentence's words lean to, and remarks.

SmolLM2-135M ranks candidate commands well by target but barely tells "turn on" from "turn
off" or "louder" from "quieter" (measured on the tuning set), and scores a remark about a
device ("I turned off the lights yesterday") like a command. So the words said weigh in
first: an action's cue words put its candidates in the top tier, and the model chooses within
that tier. These lists were written against the tuning paraphrases, never the eval set.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Words that lean to an action. A valued action whose value was said gets one more (see
# candidates.py), so "blinds to a quarter open" is a position, not a plain open.
ACTION_CUES: dict[str, frozenset[str]] = {
    action: frozenset(words.split())
    for action, words in {
        "turn_on": "on dark darker black see can't cannot power fire need want cold colder freezing chilly",
        "turn_off": "off kill cut rid enough hot boiling stop",
        "toggle": "toggle flip",
        "set_brightness": "brightness dim dimmer brighten brighter bright percent",
        "set_color": "colour color",
        "set_speed": "speed full fast slow percent",
        "open": "open up raise lift sun sunlight let",
        "close": "close shut down lower draw block",
        "stop": "stop halt",
        "set_position": "position percent halfway half quarter",
        "set_temperature": "degrees temperature warm warmer",
        "set_mode": "mode",
        "lock": "lock bolt secure",
        "unlock": "unlock",
        "play": "play resume continue unpause",
        "pause": "pause hold",
        "next": "next skip forward",
        "previous": "previous back last rewind",
        "set_volume": "volume",
        "volume_up": "louder raise increase hear",
        "volume_down": "quieter lower softer decrease loud",
        "mute": "mute silence silent",
        "unmute": "unmute sound",
        "start": "start clean cleaning vacuum hoover go",
        "return_home": "home base dock",
        "activate": "activate run start time go",
        "get_state": "is are did does any anybody anyone what how check tell whether",
    }.items()
}

# Two-word cues where one word alone would mislead ("turn up" the volume, "let me in").
PHRASE_CUES: dict[str, tuple[str, ...]] = {
    "volume_up": ("turn up", "turn it up", "crank up", "pump up"),
    "volume_down": ("turn down", "turn it down", "too loud"),
    "turn_off": ("turn of", "switch of"),  # "off" misheard
    "unlock": ("let me in", "let us in"),
    "unmute": ("sound back",),
    "lock": ("lock up",),
    "close": ("block out", "keep out"),
    "return_home": ("go home", "go back", "back to"),
}

# A remark, a story or a question about something other than the home's devices.
REMARK_PHRASES: tuple[str, ...] = (
    "yesterday", "last night", "last week", "once", "ago", "story", "joke", "song", "timer",
    "weather", "how do i", "how do you", "do you like", "what time", "who", "why",
)
# Past tense after "I/we/he/she/they/my ...": telling, not asking ("I turned off the lights").
PAST_TENSE = re.compile(
    r"\b(?:i|we|he|she|they|you|sister|brother|mum|dad|wife|husband)\s+"
    r"(?:\w+[^e\W]ed|was|were|had|left|put|got|bought|broke|saw|made|took|went|came)\b(?!\s+it\b)"
)
# "the tv was expensive", "my lamp is from ikea": a device described, not asked about.
DESCRIPTION = re.compile(r"^(?:the|my|this|that|our)\s+[\w\s]+?\s+(?:is|was|are|were)\s+(?!on\b|off\b|open\b|closed\b|locked\b|unlocked\b)\w+")


def words_of(sentence: str) -> list[str]:
    return WORD.findall(sentence.lower())


# A sentence opening with one of these asks about state ("is the garage door shut").
QUESTION_OPENERS = frozenset({"is", "are", "did", "does", "do", "has", "have", "was", "were", "any", "what", "how", "which"})
QUESTION_WEIGHT = 2
# What a cue word loses when it is also a word of the target's name.
NAME_WORD_DISCOUNT = 0.5


def action_cue(action: str, sentence: str, target: str = "") -> float:
    """How many of the action's cue words and phrases the sentence holds; a word of the
    target's own name counts half ("hoover go home" leans to going home, not to start by
    "hoover", yet "vacuum the floors" still starts the vacuum)."""
    words = words_of(sentence)
    lowered = " " + " ".join(words) + " "
    cues = ACTION_CUES.get(action, frozenset()) & set(words)
    in_name = cues & set(words_of(target))
    count = len(cues) - NAME_WORD_DISCOUNT * len(in_name)
    count += sum(f" {phrase} " in lowered for phrase in PHRASE_CUES.get(action, ()))
    if action == "get_state" and words and words[0] in QUESTION_OPENERS:
        count += QUESTION_WEIGHT
    return count


def is_remark(sentence: str) -> bool:
    """A statement or an off-topic question rather than a request: no command comes of it."""
    lowered = " ".join(words_of(sentence))
    padded = f" {lowered} "
    if any(f" {phrase} " in padded for phrase in REMARK_PHRASES):
        return True
    if lowered.startswith(("did ", "have ", "has ", "is ", "are ")):
        return False  # "did I lock the front door": a question about the home
    return bool(PAST_TENSE.search(lowered) or DESCRIPTION.search(lowered))
