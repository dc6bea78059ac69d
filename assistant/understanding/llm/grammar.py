"""A GBNF grammar that lets the model write only answers this home can carry out.

Built from the Vocabulary: every line names a target, then only actions its devices allow, then
(for valued actions) only values in range. "nothing" is the explicit empty answer. Given the
Evidence of one sentence, only the targets and values it points at. See vocabulary.py for the
answer format.
"""

from __future__ import annotations

import math
from collections import defaultdict

from assistant.understanding.llm.evidence import Evidence
from assistant.understanding.llm.vocabulary import ACTION_WORDS, PERCENT_ACTIONS, TargetPhrase, Vocabulary

NOTHING = "nothing"
MAX_LINES = 2


def literal(text: str) -> str:
    """A GBNF string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def alternatives(texts: list[str] | tuple[str, ...]) -> str:
    # Longest first so a reader of the grammar sees the specific phrase before its prefix.
    ordered = sorted(dict.fromkeys(texts), key=lambda t: (-len(t), t))
    return " | ".join(literal(t) for t in ordered)


def temperature_values(low: float, high: float) -> list[str]:
    """Whole and half degrees from low to high, as the model would write them ("21", "21.5")."""
    halves = range(math.ceil(low * 2), math.floor(high * 2) + 1)
    return [f"{h // 2}" if h % 2 == 0 else f"{h / 2:.1f}" for h in halves]


class GrammarBuilder:
    """Collects named rules so identical alternatives are written once."""

    def __init__(self, vocabulary: Vocabulary, evidence: Evidence | None) -> None:
        self.vocabulary = vocabulary
        self.evidence = evidence
        self.rules: dict[str, str] = {}
        self._names_by_body: dict[str, str] = {}

    def rule(self, stem: str, body: str) -> str:
        """The name of a rule with this body, adding it when new."""
        if body in self._names_by_body:
            return self._names_by_body[body]
        name = f"{stem}-{len(self.rules)}"
        self.rules[name] = body
        self._names_by_body[body] = name
        return name

    def values(self, action: str, phrase: TargetPhrase) -> list[str] | None:
        """The values an action may take here; None for an action that takes none."""
        said = self.evidence
        if action in PERCENT_ACTIONS:
            numbers = said.numbers if said else tuple(str(n) for n in range(101))
            return [n for n in numbers if 0 <= float(n) <= 100]
        if action == "set_temperature":
            if phrase.temperature_range is None:
                return []
            low, high = phrase.temperature_range
            numbers = said.numbers if said else tuple(temperature_values(low, high))
            return [n for n in numbers if low <= float(n) <= high]
        if action == "set_color":
            return list(said.colors if said else self.vocabulary.colors)
        if action == "set_mode":
            return list(said.modes if said else self.vocabulary.modes)
        return None

    def place_rule(self) -> str | None:
        options = []
        if self.vocabulary.areas:
            options.append('" in " ' + self.rule("area", alternatives(self.vocabulary.areas)))
        if self.vocabulary.floors:
            options.append('" on " ' + self.rule("floor", alternatives(self.vocabulary.floors)))
        return self.rule("place", " | ".join(options)) if options else None

    def actions_rule(self, phrase: TargetPhrase) -> str | None:
        options = []
        for action in phrase.actions:
            words = ACTION_WORDS[action]
            values = self.values(action, phrase)
            if values is None:
                options.append(literal(words))
            elif values:
                options.append(f"{literal(words + ' ')} ({self.rule('value', alternatives(values))})")
        return self.rule("actions", " | ".join(options)) if options else None

    def build(self) -> str:
        allowed = self.evidence.targets if self.evidence else None
        groups: dict[tuple[bool, str], list[str]] = defaultdict(list)
        for phrase in self.vocabulary.targets:
            if allowed is not None and phrase.text not in allowed:
                continue
            actions = self.actions_rule(phrase)
            if actions:
                groups[(phrase.is_kind, actions)].append(phrase.text)
        if not groups:
            return f"root ::= {literal(NOTHING)}\n"
        place = self.place_rule()
        options = []
        for (is_kind, actions), texts in groups.items():
            if is_kind:
                kinds = self.rule("kind", alternatives(texts))
                target = f'"all "? {kinds}' + (f" {place}?" if place else "")
            else:
                target = self.rule("name", alternatives(texts))
            options.append(f'{target} ": " {actions}')
        line = self.rule("line", " | ".join(options))
        root = f'{literal(NOTHING)} | {line} ("\\n" {line}){{0,{MAX_LINES - 1}}}'
        body = "\n".join(f"{name} ::= {rule}" for name, rule in self.rules.items())
        return f"root ::= {root}\n{body}\n"


def build_grammar(vocabulary: Vocabulary, evidence: Evidence | None = None) -> str:
    """GBNF text for answers in this vocabulary; with evidence, only what the sentence points at."""
    return GrammarBuilder(vocabulary, evidence).build()
