"""Random example sentences from the home's templates: the text a language model is trained on."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

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
from unicode_rbnf import RbnfEngine

from assistant.stt.templates import MAX_SPOKEN_NUMBER, spoken_words


class Unspeakable(Exception):
    """The sampled path holds a wildcard: it cannot become example text."""


class SentenceSampler:
    """Walks the templates choosing alternatives at random (seeded, so the output is stable)."""

    def __init__(self, intents: Intents, slot_lists: dict[str, SlotList], seed: int = 0) -> None:
        self.intents = intents
        self.slot_lists = slot_lists
        self.random = random.Random(seed)
        self.numbers = RbnfEngine.for_language(intents.language or "en")
        self.templates = [
            (sentence, data.expansion_rules, data.slot_lists)
            for intent in intents.intents.values()
            for data in intent.data
            for sentence in data.sentences
        ]

    def sentences(self, count: int, knows: Callable[[str], bool]) -> Iterator[str]:
        """`count` samples spread over every template; samples with unknown words are left out."""
        for index in range(count):
            sentence, rules, lists = self.templates[index % len(self.templates)]
            try:
                words = spoken_words(" ".join(self.walk(sentence.expression, rules, lists)))
            except Unspeakable:
                continue
            if words and all(knows(w) for w in words):
                yield " ".join(words)

    def walk(self, expr: Expression, rules: dict[str, Sentence], lists: dict[str, SlotList]) -> list[str]:
        if isinstance(expr, TextChunk):
            return [] if expr.original_text.startswith("'") else [expr.original_text]
        if isinstance(expr, Permutation):
            items = list(expr.items)
            self.random.shuffle(items)
            return [w for item in items for w in self.walk(item, rules, lists)]
        if isinstance(expr, Alternative):
            return self.walk(self.random.choice(expr.items), rules, lists)
        if isinstance(expr, Sequence):
            return [w for item in expr.items for w in self.walk(item, rules, lists)]
        if isinstance(expr, RuleReference):
            rule = rules.get(expr.rule_name) or self.intents.expansion_rules[expr.rule_name]
            return self.walk(rule.expression, rules, lists)
        if isinstance(expr, ListReference):
            return self.list_value(expr, lists)
        raise ValueError(f"unexpected template expression {expr!r}")

    def list_value(self, ref: ListReference, lists: dict[str, SlotList]) -> list[str]:
        if ref.is_inline_range:
            start, stop, step = ref.get_inline_range()  # type: ignore[misc]
            return [self.number(self.random.randrange(start, stop + 1, step))]
        slot_list = lists.get(ref.list_name) or self.slot_lists.get(ref.list_name)
        slot_list = slot_list or self.intents.slot_lists.get(ref.list_name)
        if isinstance(slot_list, TextSlotList) and slot_list.values:
            return self.walk(self.random.choice(slot_list.values).text_in, {}, {})
        if isinstance(slot_list, RangeSlotList):
            stop = min(slot_list.stop, MAX_SPOKEN_NUMBER)
            return [self.number(self.random.randrange(slot_list.start, stop + 1, slot_list.step))]
        raise Unspeakable(ref.list_name)

    def number(self, value: int) -> str:
        return self.random.choice(sorted(set(self.numbers.format_number(value).text_by_ruleset.values())))
