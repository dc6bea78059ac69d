"""A GBNF grammar that lets the model write only answers this home can carry out.

Built from the Vocabulary: every line names an action, then only targets whose devices allow
that action, then (for valued actions) only values in range. "nothing" is the explicit empty
answer. See vocabulary.py for the answer format.
"""

from __future__ import annotations

import math
from collections import defaultdict

from assistant.commands import PERCENT_ACTIONS
from assistant.understanding.llm.vocabulary import TargetPhrase, Vocabulary

NOTHING = "nothing"
MAX_LINES = 4


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

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
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

    def value_rule(self, action: str, phrase: TargetPhrase) -> str | None:
        if action in PERCENT_ACTIONS:
            return self.rule("percent", '"100" | [1-9] [0-9] | [0-9]')
        if action == "set_color":
            return self.rule("color", alternatives(self.vocabulary.colors))
        if action == "set_mode":
            return self.rule("mode", alternatives(self.vocabulary.modes))
        if action == "set_temperature" and phrase.temperature_range:
            return self.rule("degrees", alternatives(temperature_values(*phrase.temperature_range)))
        return None

    def place_rule(self) -> str | None:
        options = []
        if self.vocabulary.areas:
            options.append('" in " ' + self.rule("area", alternatives(self.vocabulary.areas)))
        if self.vocabulary.floors:
            options.append('" on " ' + self.rule("floor", alternatives(self.vocabulary.floors)))
        return self.rule("place", " | ".join(options)) if options else None

    def action_rule(self, action: str) -> str:
        # Targets that share a value rule share one alternative: (names | kinds place?) value.
        groups: dict[tuple[bool, str | None], list[str]] = defaultdict(list)
        for phrase in self.vocabulary.targets_for(action):
            groups[(phrase.is_kind, self.value_rule(action, phrase))].append(phrase.text)
        place = self.place_rule()
        options = []
        for (is_kind, value), texts in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "")):
            if is_kind:
                kinds = self.rule("kind", alternatives(texts))
                body = f'"all "? {kinds}' + (f" {place}?" if place else "")
            else:
                body = self.rule("name", alternatives(texts))
            options.append(f'{body} " to " {value}' if value else body)
        return self.rule("act", f"{literal(action + ' ')} ({' | '.join(options)})")

    def build(self) -> str:
        actions = [a for a in self.vocabulary.actions if self.vocabulary.targets_for(a)]
        if not actions:
            return f"root ::= {literal(NOTHING)}\n"
        line = self.rule("line", " | ".join(self.action_rule(a) for a in actions))
        root = f'{literal(NOTHING)} | {line} ("\\n" {line}){{0,{MAX_LINES - 1}}}'
        body = "\n".join(f"{name} ::= {rule}" for name, rule in self.rules.items())
        return f"root ::= {root}\n{body}\n"


def build_grammar(vocabulary: Vocabulary) -> str:
    """GBNF text for answers in this vocabulary."""
    return GrammarBuilder(vocabulary).build()
