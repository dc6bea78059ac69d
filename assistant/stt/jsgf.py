"""A JSGF grammar of the home's commands: the same templates and lists the understanding uses,
with only words the recogniser's dictionary has, so speech outside them can match nothing.

Kept small for pocketsphinx, which turns JSGF into a finite-state grammar by copying every rule
at every place it is used: each list and expansion rule is one rule, numbers are spelled by a
few shared rules ("<tens> [<digit>]") rather than one alternative per value, a rule never
matches nothing (its references are made optional instead, so no optional sits inside another),
and templates that need something unspeakable (a wildcard, an unknown word) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hassil import Intents
from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    Permutation,
    RuleReference,
    Sentence,
    Sequence,
    TextChunk,
)
from hassil.intents import RangeSlotList, SlotList, TextSlotList

from assistant.stt.templates import MAX_SPOKEN_NUMBER, spoken_words
from assistant.understanding.sentences_loader import EXPLAIN_ONLY_INTENTS

TOP_RULE = "command"

# English spelled numbers as unicode_rbnf (and so hassil) writes them: "one hundred twenty one".
_DIGITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_BELOW_100 = "below_hundred"


# -- a small grammar tree -------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Ref:
    rule: str


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alt:
    """One of `items`, or nothing when `optional`."""

    items: tuple[Node, ...]
    optional: bool = False


Node = Word | Ref | Seq | Alt
EMPTY = Seq(())


def seq(items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat += item.items if isinstance(item, Seq) else [item]
    return flat[0] if len(flat) == 1 else Seq(tuple(flat))


def alt(items: list[Node], optional: bool = False) -> Node:
    """Alternatives with the empty one and nested optionals folded into a single `optional`."""
    kept: list[Node] = []
    for item in items:
        if item == EMPTY:
            optional = True
        elif isinstance(item, Alt) and (item.optional or not optional):
            optional = optional or item.optional
            kept += item.items
        else:
            kept.append(item)
    kept = list(dict.fromkeys(kept))
    if not kept:
        return EMPTY
    if len(kept) == 1 and not optional:
        return kept[0]
    return Alt(tuple(kept), optional)


def words_of(node: Node) -> set[str]:
    if isinstance(node, Word):
        return {node.text}
    if isinstance(node, Ref):
        return set()
    return {w for item in node.items for w in words_of(item)}


def refs_of(node: Node) -> set[str]:
    if isinstance(node, Ref):
        return {node.rule}
    if isinstance(node, Word):
        return set()
    return {r for item in node.items for r in refs_of(item)}


def jsgf_text(node: Node, top: bool = False) -> str:
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Ref):
        return f"<{node.rule}>"
    if isinstance(node, Seq):
        return " ".join(jsgf_text(item) for item in node.items) if node.items else "<NULL>"
    body = " | ".join(jsgf_text(item) for item in node.items)
    if node.optional:
        return f"[{body}]"
    return body if top else f"({body})"


# -- numbers ----------------------------------------------------------------------------------


def _words(texts: list[str] | tuple[str, ...]) -> Node:
    return alt([seq([Word(w) for w in t.split()]) for t in texts])


def number_rules() -> dict[str, Node]:
    """The shared pieces every number range is spelled with (1..99 in three words' worth)."""
    return {
        "digit": _words(_DIGITS),
        "teen": _words(_TEENS),
        "tens": _words(_TENS),
        _BELOW_100: alt([Ref("digit"), Ref("teen"), seq([Ref("tens"), alt([Ref("digit")], optional=True)])]),
    }


def spell(value: int) -> str:
    if value < 10:
        return ("zero", *_DIGITS)[value]
    if value < 20:
        return _TEENS[value - 10]
    if value < 100:
        return _TENS[value // 10 - 2] + (f" {_DIGITS[value % 10 - 1]}" if value % 10 else "")
    return f"{_DIGITS[value // 100 - 1]} hundred" + (f" {spell(value % 100)}" if value % 100 else "")


def number_range(start: int, stop: int) -> Node:
    """Every integer from start to stop (at most 999), by whole blocks where it can."""
    parts: list[Node] = []
    if start == 0:
        parts.append(Word("zero"))
    low, high = max(start, 1), min(stop, 99)
    if (low, high) == (1, 99):
        parts.append(Ref(_BELOW_100))
    elif low <= high:
        parts += [_below_hundred(low, high)]
    for hundred in range(max(1, start // 100), stop // 100 + 1):
        base = hundred * 100
        first, last = max(start, base), min(stop, base + 99)
        if first > last:
            continue
        head = [Word(_DIGITS[hundred - 1]), Word("hundred")]
        rest_low, rest_high = max(first - base, 1), last - base
        rest: list[Node] = [EMPTY] if first == base else []
        if rest_low <= rest_high:
            rest.append(Ref(_BELOW_100) if (rest_low, rest_high) == (1, 99) else _below_hundred(rest_low, rest_high))
        parts.append(seq([*head, alt(rest)]))
    return alt(parts)


def _below_hundred(low: int, high: int) -> Node:
    parts: list[Node] = [_words([spell(v) for v in range(low, min(high, 19) + 1)])] if low <= 19 else []
    for tens in range(max(low, 20) // 10, high // 10 + 1):
        first, last = max(low, tens * 10), min(high, tens * 10 + 9)
        if first > last:
            continue
        units: list[Node] = [Ref("digit")] if (first, last) == (tens * 10, tens * 10 + 9) else []
        units = units or [Word(_DIGITS[u - 1]) for u in range(max(first - tens * 10, 1), last - tens * 10 + 1)]
        parts.append(seq([Word(_TENS[tens - 2]), alt(units, optional=first == tens * 10)]))
    return alt(parts)


# -- templates to grammar -----------------------------------------------------------------------


class Unspeakable(Exception):
    """A wildcard, or only words the dictionary lacks: nothing a person says can match."""


@dataclass
class _Builder:
    intents: Intents
    slot_lists: dict[str, SlotList]
    knows: Callable[[str], bool]
    rules: dict[str, Node | None] = field(default_factory=dict)
    # Rules that can also match nothing: their references are made optional instead.
    nullable: set[str] = field(default_factory=set)
    unknown_words: set[str] = field(default_factory=set)

    def node(self, expr: Expression, rules: dict[str, Sentence], lists: dict[str, SlotList]) -> Node:
        if isinstance(expr, TextChunk):
            if expr.original_text.startswith("'"):  # "{name}['s]": nobody says it apart
                return EMPTY
            return seq([self.word(w) for w in spoken_words(expr.original_text)])
        if isinstance(expr, Alternative):
            kept: list[Node] = []
            for item in expr.items:
                try:
                    kept.append(self.node(item, rules, lists))
                except Unspeakable:
                    continue
            if not kept and not expr.is_optional:
                raise Unspeakable("no alternative can be said")
            return alt(kept, optional=expr.is_optional)
        if isinstance(expr, Permutation):
            raise Unspeakable("permutations are not used by the templates")
        if isinstance(expr, Sequence):
            return seq([self.node(item, rules, lists) for item in expr.items])
        if isinstance(expr, RuleReference):
            if expr.rule_name in rules:  # a rule of one data block only: used in place
                return self.node(rules[expr.rule_name].expression, rules, lists)
            return self.reference(f"rule_{expr.rule_name}", lambda: self.intents.expansion_rules[expr.rule_name].expression)
        if isinstance(expr, ListReference):
            return self.list_node(expr, lists)
        raise ValueError(f"unexpected template expression {expr!r}")

    def word(self, text: str) -> Node:
        if not self.knows(text):
            self.unknown_words.add(text)
            raise Unspeakable(text)
        return Word(text)

    def reference(self, name: str, body: Callable[[], Expression | Node]) -> Node:
        """A named rule, built on first use."""
        name = re.sub(r"\W", "_", name)
        if name not in self.rules:
            self.rules[name] = None  # a rule that refers back to itself is not spoken
            made = body()
            try:
                node = made if isinstance(made, Word | Ref | Seq | Alt) else self.node(made, {}, {})
            except Unspeakable:
                node = None
            if isinstance(node, Alt) and node.optional:
                self.nullable.add(name)
                node = Alt(node.items) if len(node.items) > 1 else node.items[0]
            self.rules[name] = None if node == EMPTY else node
            if node == EMPTY:
                self.nullable.add(name)
        if self.rules[name] is None:
            if name in self.nullable:
                return EMPTY
            raise Unspeakable(name)
        return alt([Ref(name)], optional=name in self.nullable)

    def list_node(self, ref: ListReference, lists: dict[str, SlotList]) -> Node:
        if ref.is_inline_range:
            start, stop, step = ref.get_inline_range()  # type: ignore[misc]
            return self.numbers(start, stop, step)
        if ref.list_name in lists:  # a list of one data block only
            return self.list_values(lists[ref.list_name])
        slot_list = self.slot_lists.get(ref.list_name) or self.intents.slot_lists.get(ref.list_name)
        if isinstance(slot_list, RangeSlotList):
            return self.numbers(slot_list.start, slot_list.stop, slot_list.step)
        if slot_list is None:
            raise Unspeakable(ref.list_name)
        return self.reference(f"list_{ref.list_name}", lambda: self.list_values(slot_list))

    def list_values(self, slot_list: SlotList) -> Node:
        if not isinstance(slot_list, TextSlotList):  # a wildcard
            raise Unspeakable(slot_list.name)
        kept: list[Node] = []
        for value in slot_list.values:
            try:
                kept.append(self.node(value.text_in, {}, {}))
            except Unspeakable:
                continue
        if not kept:
            raise Unspeakable(slot_list.name)
        return alt(kept)

    def numbers(self, start: int, stop: int, step: int) -> Node:
        stop = min(stop, MAX_SPOKEN_NUMBER)
        if start > stop:
            raise Unspeakable(f"{start}..{stop}")
        if step != 1:
            return self.reference(f"numbers_{start}_{stop}_{step}", lambda: _words([spell(v) for v in range(start, stop + 1, step)]))
        for name, body in number_rules().items():
            self.rules.setdefault(name, body)
        return self.reference(f"numbers_{start}_{stop}", lambda: number_range(start, stop))


@dataclass(frozen=True)
class Grammar:
    """The JSGF text and its tree, the words it uses, and the words it had to leave out (not in
    the dictionary)."""

    text: str
    top: Node
    rules: dict[str, Node]
    vocabulary: frozenset[str]
    unknown_words: frozenset[str]
    sentences: int


def build_grammar(intents: Intents, slot_lists: dict[str, SlotList], knows: Callable[[str], bool]) -> Grammar:
    builder = _Builder(intents, slot_lists, knows)
    commands: list[Node] = []
    for intent in intents.intents.values():
        if intent.name in EXPLAIN_ONLY_INTENTS:
            continue
        for data in intent.data:
            for sentence in data.sentences:
                try:
                    commands.append(builder.node(sentence.expression, data.expansion_rules, data.slot_lists))
                except Unspeakable:
                    continue
    top = alt(commands)
    if top == EMPTY or isinstance(top, Alt) and top.optional:
        raise ValueError("no template sentence can be said with the dictionary's words")
    # Only the rules the commands reach, in the order they are first reached.
    used: list[str] = []
    pending = sorted(refs_of(top))
    while pending:
        name = pending.pop(0)
        if name not in used:
            used.append(name)
            pending += sorted(refs_of(builder.rules[name]))  # type: ignore[arg-type]
    lines = ["#JSGF V1.0;", "grammar home;", "", f"public <{TOP_RULE}> = {jsgf_text(top, top=True)};"]
    lines += [f"<{name}> = {jsgf_text(builder.rules[name], top=True)};" for name in sorted(used)]  # type: ignore[arg-type]
    vocabulary = words_of(top).union(*(words_of(builder.rules[name]) for name in used))  # type: ignore[arg-type]
    rules = {name: builder.rules[name] for name in used}
    return Grammar(
        "\n".join(lines) + "\n", top, rules, frozenset(vocabulary), frozenset(builder.unknown_words), len(commands)  # type: ignore[arg-type]
    )
