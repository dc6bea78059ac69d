"""What a sentence gives evidence for: the names, kinds and values the model may answer with.

A 135M model invents values and wanders to devices nobody mentioned; so the grammar for one
sentence allows only targets the sentence points at (a name or alias heard, even misheard, or
a kind / a word that implies a kind: "dark" -> lights, "warmer" -> thermostats) and only values
it says. Every device of the home can still be named (the evidence comes from the sentence, not
from a cut of the home), and a sentence pointing at nothing is "nothing" without running the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.understanding.llm.cues import CUE_WORDS, NUMBER_WORDS, asks_an_action
from assistant.understanding.llm.vocabulary import MODES, TargetPhrase, Vocabulary

WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# Words shorter than this must match exactly; longer ones may be misheard a little.
FUZZY_WORD_LENGTH = 4
FUZZY_WORD_SCORE = 84.0
# Words too common to point at one device on their own.
WEAK_WORDS = frozenset({"the", "room", "on", "off", "in", "of", "and", "my"})

# Common words that are never a device's name misheard ("make" is not "Coffee Maker").
NEVER_MISHEARD = frozenset({"make", "turn", "take", "like", "lights", "heading"})
# Words that imply a kind of device without naming it.
CUES_OF_TYPE: dict[str, frozenset[str]] = {
    # "everything off": what a home means by everything is its lights.
    "light": frozenset({
        "dark", "black", "gloomy", "bright", "dim", "light", "lights", "lamp", "lamps", "see", "everything",
    }),
    "climate": frozenset({
        "warm", "warmer", "cold", "colder", "hot", "freezing", "chilly", "heat", "cool", "heating", "boiling", "stuffy",
        "degrees", "cooler", "nippy", "roasting", "sweltering", "temperature",
    }),
    "media_player": frozenset({
        "loud", "louder", "quiet", "quieter", "quieten", "deafening", "blaring", "volume", "hear", "show", "episode", "film", "telly",
    }),
    "cover": frozenset({"sun", "sunlight", "daylight"}),
    "vacuum": frozenset({"clean", "cleaning", "dust", "floors", "floor", "sweep", "crumbs", "dirty", "filthy"}),
    "lock": frozenset({"lock", "locked", "unlock", "bolt", "secure", "secured"}),
    "fan": frozenset({"breeze", "stuffy", "muggy", "sweltering", "boiling", "roasting"}),
    "sensor": frozenset({"temperature", "hot", "cold", "warm", "humid"}),
    "binary_sensor": frozenset({"movement", "motion", "moving", "walked", "anyone"}),
}

# A sentence with none of these asks for nothing ("I love this lamp"): the model, which
# answers every sentence with some action, is not asked. Verbs of every contract action,
# question words, and the comfort words people use instead of a command.
REQUEST_WORDS = frozenset({
    "on", "off", "up", "down", "turn", "switch", "put", "set", "make", "get", "give", "let",
    "open", "close", "shut", "raise", "lower", "lift", "draw", "pull", "block", "lock", "unlock", "bolt",
    "start", "stop", "run", "activate", "trigger", "launch", "play", "pause", "resume", "continue",
    "next", "skip", "previous", "back", "rewind", "mute", "unmute", "silence", "volume", "louder",
    "quieter", "loud", "quiet", "increase", "decrease", "reduce", "boost", "crank", "dim", "brighten",
    "brighter", "darker", "dark", "gloomy", "black", "bright", "light", "kill", "cut", "rid", "enable", "disable",
    "clean", "vacuum", "hoover", "dock", "home", "base", "return", "send", "warm", "warmer", "cold",
    "colder", "cool", "cooler", "hot", "heat", "freezing", "chilly", "boiling", "stuffy", "breeze",
    "too", "more", "less", "please", "need", "want", "can", "could", "would", "will", "is", "are",
    "was", "were", "what", "which", "how", "did", "does", "do", "any", "anyone", "anybody", "check",
    "tell", "show", "time", "percent", "degrees", "halfway", "half", "max", "maximum", "min", "minimum",
})

# Words that may stand before a device's name without making it another thing ("the", "turn").
FUNCTION_WORDS = frozenset({
    "the", "a", "an", "my", "our", "your", "this", "that", "these", "those", "its", "his", "her", "their",
    "of", "on", "off", "in", "at", "to", "up", "down", "and", "please", "some", "any", "all", "every", "it",
    "me", "us", "you", "i", "is", "are", "was", "can", "could", "would", "will", "now", "just", "then", "so",
    "too", "very", "both", "whole",
})
VERBS = frozenset({
    "turn", "switch", "put", "set", "make", "get", "let", "open", "close", "shut", "lock", "unlock", "bolt",
    "start", "stop", "run", "play", "pause", "resume", "mute", "unmute", "dim", "brighten", "raise", "lower",
    "check", "kill", "activate", "fire", "power", "flip", "flick", "toggle", "send", "draw", "pull", "leave", "keep",
})
# Words that ask for something: request words and every action's cue words.
ASKING_WORDS = REQUEST_WORDS | CUE_WORDS
# Words that never make a name another thing; this home's own words are the rest.
COMMON_WORDS = FUNCTION_WORDS | VERBS | frozenset(NUMBER_WORDS)
# Slips of number words after a tens word ("twenty for" is 24).
DIGIT_SLIPS: dict[str, int] = {"for": 4, "to": 2, "too": 2}
# Colours misheard as a word that sounds the same.
COLOUR_SLIPS: dict[str, str] = {"blew": "blue"}
# Words that name a climate mode on their own.
MODE_NAMES: dict[str, str] = {"automatic": "auto"}
# Words for a climate mode when "mode" is said with them.
MODE_WORDS: dict[str, str] = {"heat": "heating", "cool": "cooling"}
# Kind words that are mostly verbs in a request ("switch the telly on" is not about switches).
VERB_KIND_WORDS = frozenset({"switch"})
# Words that stand for a percentage.
AMOUNT_WORDS: dict[str, int] = {
    "half": 50, "halfway": 50, "quarter": 25, "max": 100, "maximum": 100, "full": 100,
    "fully": 100, "lowest": 1, "minimum": 1, "min": 1,
}


def asks_for_something(sentence: str) -> bool:
    """Whether the sentence holds a word of a request or question, a cue word of some action
    ("paws the telly"), or a number."""
    words = set(WORD.findall(sentence.lower()))
    if asks_an_action(sentence):  # also a phrase: "nobody's watching the telly"
        return True
    return bool(words & ASKING_WORDS) or any(w[0].isdigit() or w in NUMBER_WORDS for w in words)


@dataclass(frozen=True)
class Evidence:
    targets: frozenset[str]  # TargetPhrase texts the sentence points at
    numbers: tuple[str, ...]  # numbers said, as the answer writes them
    colors: tuple[str, ...]
    modes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.targets


def _numbers(words: list[str]) -> tuple[str, ...]:
    found: list[float] = []
    index = 0
    while index < len(words):
        word, following = words[index], words[index + 1 : index + 2]
        value: float | None = None
        step = 1
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", word):
            value = float(word)
        elif word in NUMBER_WORDS:
            value = NUMBER_WORDS[word]
            units = NUMBER_WORDS.get(following[0], DIGIT_SLIPS.get(following[0], 10)) if following else 10
            if 20 <= value <= 90 and units < 10:  # "twenty one", "twenty for"
                value, step = value + units, 2
        elif word in AMOUNT_WORDS:
            value = float(AMOUNT_WORDS[word])
        elif words[index : index + 3] == ["all", "the", "way"]:
            value, step = 100.0, 3  # "brighten it all the way"
        if value is not None and words[index + step : index + step + 3] == ["and", "a", "half"]:
            value, step = value + 0.5, step + 3  # "nineteen and a half"
        if value is not None:
            found.append(float(value))
        index += step
    return tuple(dict.fromkeys(f"{n:g}" for n in found))


def is_said(word: str, words: set[str]) -> bool:
    """Whether a word was said, or a longer one misheard a little."""
    if word in words:
        return True
    if len(word) < FUZZY_WORD_LENGTH:
        return False
    return any(
        len(w) >= FUZZY_WORD_LENGTH - 1 and w not in NEVER_MISHEARD and fuzz.ratio(word, w) >= FUZZY_WORD_SCORE
        for w in words
    )


def _qualified_otherwise(own: list[str], sentence_words: list[str], home_words: frozenset[str]) -> bool:
    """Whether every word of the name that was said follows a word nobody uses of this home
    ("the back door" is not the Front Door, "the washing machine" not the coffee machine)."""
    positions = [i for i, w in enumerate(sentence_words) if w in own]
    return bool(positions) and all(
        i > 0 and (before := sentence_words[i - 1]) not in COMMON_WORDS and before not in home_words and before not in own
        for i in positions
    )


def _points_at(phrase: TargetPhrase, words: set[str], sentence: str, home_words: frozenset[str]) -> bool:
    own = [w for w in WORD.findall(phrase.text.lower()) if w not in WEAK_WORDS]
    if phrase.is_kind:
        singular = [w.rstrip("s") for w in own]
        cues = CUES_OF_TYPE.get(phrase.target.device_type or "", frozenset())
        nouns = words - VERB_KIND_WORDS
        return any(is_said(w, nouns) or is_said(s, nouns) for w, s in zip(own, singular)) or bool(cues & words)
    # A plural is a group, not this one device ("the pod bay doors" are not the Garage Door).
    heard = words - {w + "s" for w in own if w not in words}
    if any(is_said(w, heard) for w in own):
        return _fully_said(phrase, words) or not _qualified_otherwise(own, WORD.findall(sentence), home_words)
    # "bed room light" for "Bedroom Light": the name heard with its spaces misplaced.
    name, run_together = phrase.text.lower().replace(" ", ""), sentence.replace(" ", "")
    # (A sentence shorter than the name would match any piece of it: "um" in "vacuum".)
    return len(run_together) >= len(name) and fuzz.partial_ratio(name, run_together) >= 90


def _fully_said(phrase: TargetPhrase, words: set[str]) -> bool:
    own = [w for w in WORD.findall(phrase.text.lower()) if w not in WEAK_WORDS]
    return bool(own) and all(is_said(w, words) for w in own)


def gather_evidence(sentence: str, vocabulary: Vocabulary) -> Evidence:
    lowered = sentence.lower()
    words = WORD.findall(lowered)
    said = set(words)
    pointed = [t for t in vocabulary.targets if _points_at(t, said, lowered, vocabulary.words)]
    # A name said in full beats a kind implied by one of its words ("desk lamp" is not "lights"),
    # unless the kind itself is said ("the lights and the desk lamp").
    full_names = [t for t in pointed if not t.is_kind and _fully_said(t, said)]
    if full_names:
        pointed = full_names + [t for t in pointed if t.is_kind and t.text.lower() in lowered]
    targets = frozenset(t.text for t in pointed)
    colors = tuple(c for c in vocabulary.colors if c in said | {COLOUR_SLIPS.get(w, w) for w in said})
    modes = tuple(m for m in MODES if m in said and (m != "off" or "mode" in said))
    modes += tuple(m for word, m in MODE_NAMES.items() if word in said and m not in modes)
    if "mode" in said or " to cooling" in lowered or " to heating" in lowered:  # "cooling mode", "over to cooling"
        modes += tuple(m for m, word in MODE_WORDS.items() if word in said and m not in modes)
    return Evidence(targets, _numbers(words), colors, modes)
