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

from assistant.commands import CLIMATE_MODES
from assistant.understanding.llm.vocabulary import TargetPhrase, Vocabulary

WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# Words shorter than this must match exactly; longer ones may be misheard a little.
FUZZY_WORD_LENGTH = 4
FUZZY_WORD_SCORE = 84.0
# Words too common to point at one device on their own.
WEAK_WORDS = frozenset({"the", "room", "on", "off", "in", "of", "and", "my"})

# Words that imply a kind of device without naming it.
CUES_OF_TYPE: dict[str, frozenset[str]] = {
    "light": frozenset({"dark", "black", "bright", "dim", "light", "lights", "lamp", "lamps", "see"}),
    "climate": frozenset({
        "warm", "warmer", "cold", "colder", "hot", "freezing", "chilly", "heat", "cool", "heating", "boiling", "stuffy",
    }),
    "media_player": frozenset({"loud", "louder", "quiet", "quieter", "volume", "hear", "show", "episode", "film", "telly"}),
    "cover": frozenset({"sun", "sunlight"}),
    "vacuum": frozenset({"clean", "cleaning", "dust", "floors"}),
    "lock": frozenset({"lock", "locked", "unlock", "bolt", "secure", "secured"}),
    "fan": frozenset({"breeze"}),
    "sensor": frozenset({"temperature", "hot", "cold", "warm", "humid"}),
    "binary_sensor": frozenset({"movement", "motion", "walked", "anyone"}),
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
    "brighter", "darker", "dark", "black", "bright", "light", "kill", "cut", "rid", "enable", "disable",
    "clean", "vacuum", "hoover", "dock", "home", "base", "return", "send", "warm", "warmer", "cold",
    "colder", "cool", "cooler", "hot", "heat", "freezing", "chilly", "boiling", "stuffy", "breeze",
    "too", "more", "less", "please", "need", "want", "can", "could", "would", "will", "is", "are",
    "was", "were", "what", "which", "how", "did", "does", "do", "any", "anyone", "anybody", "check",
    "tell", "show", "percent", "degrees", "halfway", "half", "max", "maximum", "min", "minimum",
})

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}
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
    """Whether the sentence holds a word of a request or question (REQUEST_WORDS) or a number."""
    words = set(WORD.findall(sentence.lower()))
    return bool(words & REQUEST_WORDS) or any(w[0].isdigit() or w in NUMBER_WORDS for w in words)


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
    consumed = -1  # the "one" of "twenty one" is not a number of its own
    for index, word in enumerate(words):
        if index == consumed:
            continue
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", word):
            found.append(float(word))
        elif word in NUMBER_WORDS:
            value = NUMBER_WORDS[word]
            following = words[index + 1] if index + 1 < len(words) else ""
            if 20 <= value <= 90 and NUMBER_WORDS.get(following, 10) < 10:  # "twenty one"
                value += NUMBER_WORDS[following]
                consumed = index + 1
            found.append(float(value))
        elif word in AMOUNT_WORDS:
            found.append(float(AMOUNT_WORDS[word]))
    return tuple(dict.fromkeys(f"{n:g}" for n in found))


def is_said(word: str, words: set[str]) -> bool:
    """Whether a word was said, or a longer one misheard a little."""
    if word in words:
        return True
    if len(word) < FUZZY_WORD_LENGTH:
        return False
    return any(len(w) >= FUZZY_WORD_LENGTH - 1 and fuzz.ratio(word, w) >= FUZZY_WORD_SCORE for w in words)


def _points_at(phrase: TargetPhrase, words: set[str], sentence: str) -> bool:
    own = [w for w in WORD.findall(phrase.text.lower()) if w not in WEAK_WORDS]
    if phrase.is_kind:
        singular = [w.rstrip("s") for w in own]
        cues = CUES_OF_TYPE.get(phrase.target.device_type or "", frozenset())
        nouns = words - VERB_KIND_WORDS
        return any(is_said(w, nouns) or is_said(s, nouns) for w, s in zip(own, singular)) or bool(cues & words)
    if any(is_said(w, words) for w in own):
        return True
    # "bed room light" for "Bedroom Light": the name heard with its spaces misplaced.
    name, heard = phrase.text.lower().replace(" ", ""), sentence.replace(" ", "")
    # (A sentence shorter than the name would match any piece of it: "um" in "vacuum".)
    return len(heard) >= len(name) and fuzz.partial_ratio(name, heard) >= 90


def _fully_said(phrase: TargetPhrase, words: set[str]) -> bool:
    own = [w for w in WORD.findall(phrase.text.lower()) if w not in WEAK_WORDS]
    return bool(own) and all(is_said(w, words) for w in own)


def gather_evidence(sentence: str, vocabulary: Vocabulary) -> Evidence:
    lowered = sentence.lower()
    words = WORD.findall(lowered)
    said = set(words)
    pointed = [t for t in vocabulary.targets if _points_at(t, said, lowered)]
    # A name said in full beats a kind implied by one of its words ("desk lamp" is not "lights"),
    # unless the kind itself is said ("the lights and the desk lamp").
    full_names = [t for t in pointed if not t.is_kind and _fully_said(t, said)]
    if full_names:
        pointed = full_names + [t for t in pointed if t.is_kind and t.text.lower() in lowered]
    targets = frozenset(t.text for t in pointed)
    colors = tuple(c for c in vocabulary.colors if c in said)
    modes = tuple(m for m in CLIMATE_MODES if m in said and (m != "off" or "mode" in said))
    if "mode" in said:  # "cooling mode", "heating mode"
        modes += tuple(m for m, word in MODE_WORDS.items() if word in said and m not in modes)
    return Evidence(targets, _numbers(words), colors, modes)
