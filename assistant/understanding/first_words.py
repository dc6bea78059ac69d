"""Only the templates that can start with a sentence's first word are tried.

hassil tries every template on every sentence; most of ours start with a verb or a name, so
indexing templates by the words they can start with cuts the work several times over. A
template that can start with anything (a wildcard, an optional-only start) is always tried.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hassil import Intents
from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sentence, Sequence, TextChunk
from hassil.intents import Intent, IntentData, RangeSlotList, SlotList, TextSlotList

ANY_WORD = "*"  # a template that may start with any word
NUMBER = "#"  # a template that starts with a number
CACHE_SIZE = 512  # filtered views kept, by first words
_WORD = re.compile(r"[\w'%°.]+", re.UNICODE)


@dataclass(frozen=True)
class _Start:
    words: frozenset[str]
    may_be_empty: bool


def _first_token(text: str) -> str | None:
    match = _WORD.search(text.lower())
    return match.group(0) if match else None


class FirstWordIndex:
    """Templates by the words they can start with, and a filtered view of the intents."""

    def __init__(
        self,
        intents: Intents,
        home_lists: Mapping[str, SlotList],
        number_words: frozenset[str],
        only: frozenset[str] | None = None,
        leave_out: frozenset[str] = frozenset(),
    ) -> None:
        """Indexes the intents named in `only` (default: all) except those in `leave_out`;
        `number_words` are the words a spoken number may start with (the language's)."""
        self.intents = intents
        self.number_words = number_words
        self._lists = {**intents.slot_lists, **home_lists}
        self._by_word: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        self._always: list[tuple[str, int, int]] = []
        self._cache: dict[frozenset[str], Intents] = {}
        skip = sorted(intents.skip_words, key=len, reverse=True)
        self._skip = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in skip) + r")\b", re.IGNORECASE) if skip else None
        for intent in intents.intents.values():
            if intent.name in leave_out or (only is not None and intent.name not in only):
                continue
            for data_index, data in enumerate(intent.data):
                rules = {**intents.expansion_rules, **data.expansion_rules}
                lists = {**self._lists, **data.slot_lists}
                for sentence_index, sentence in enumerate(data.sentences):
                    start = self._start(sentence.expression, rules, lists, set())
                    key = (intent.name, data_index, sentence_index)
                    if start.may_be_empty or ANY_WORD in start.words:
                        self._always.append(key)
                    for word in start.words:
                        self._by_word[word].append(key)

    def for_text(self, text: str) -> Intents:
        """The intents with only the templates that may match `text`."""
        first_words = frozenset(self._first_words(text))
        cached = self._cache.get(first_words)
        if cached is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[first_words] = self._for_words(first_words)
        return cached

    def _for_words(self, first_words: frozenset[str]) -> Intents:
        keys = set(self._always)
        for word in first_words:
            keys.update(self._by_word.get(word, ()))
            if word[:1].isdigit() or word in self.number_words:
                keys.update(self._by_word.get(NUMBER, ()))
        chosen: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for intent_name, data_index, sentence_index in keys:
            chosen[intent_name][data_index].append(sentence_index)
        intents: dict[str, Intent] = {}
        for intent_name, data_indexes in chosen.items():
            source = self.intents.intents[intent_name]
            intents[intent_name] = Intent(intent_name, [self._view(source.data[i], sorted(s)) for i, s in sorted(data_indexes.items())])
        return Intents(
            language=self.intents.language,
            intents=intents,
            slot_lists=self.intents.slot_lists,
            expansion_rules=self.intents.expansion_rules,
            skip_words=self.intents.skip_words,
            settings=self.intents.settings,
        )

    def _first_words(self, text: str) -> set[str]:
        words = set()
        for candidate in (text, self._skip.sub(" ", text) if self._skip else text):
            token = _first_token(candidate)
            if token:
                words.add(token)
        return words

    @staticmethod
    def _view(data: IntentData, sentence_indexes: list[int]) -> IntentData:
        view = copy.copy(data)
        view.__dict__["sentences"] = [data.sentences[i] for i in sentence_indexes]
        return view

    def _start(self, expression: Expression, rules: Mapping[str, Sentence], lists: Mapping[str, SlotList], seen: set[str]) -> _Start:
        if isinstance(expression, TextChunk):
            token = _first_token(expression.text)
            return _Start(frozenset({token}), False) if token else _Start(frozenset(), True)
        if isinstance(expression, (Alternative, Permutation)):
            starts = [self._start(item, rules, lists, seen) for item in expression.items]
            optional = isinstance(expression, Alternative) and expression.is_optional
            return _Start(_union(s.words for s in starts), optional or any(s.may_be_empty for s in starts) or not starts)
        if isinstance(expression, Sequence):
            words: set[str] = set()
            for item in expression.items:
                start = self._start(item, rules, lists, seen)
                words |= start.words
                if not start.may_be_empty:
                    return _Start(frozenset(words), False)
            return _Start(frozenset(words), True)
        if isinstance(expression, RuleReference):
            rule = rules.get(expression.rule_name)
            if rule is None or expression.rule_name in seen:
                return _Start(frozenset({ANY_WORD}), True)
            return self._start(rule.expression, rules, lists, seen | {expression.rule_name})
        if isinstance(expression, ListReference):
            return self._list_start(lists.get(expression.list_name), rules, lists, seen)
        return _Start(frozenset({ANY_WORD}), True)

    def _list_start(self, slot_list: SlotList | None, rules: Mapping[str, Sentence], lists: Mapping[str, SlotList], seen: set[str]) -> _Start:
        if isinstance(slot_list, RangeSlotList):
            return _Start(frozenset({NUMBER}), False)
        if isinstance(slot_list, TextSlotList):
            starts = [self._start(value.text_in, rules, lists, seen) for value in slot_list.values]
            return _Start(_union(s.words for s in starts), any(s.may_be_empty for s in starts))
        return _Start(frozenset({ANY_WORD}), True)  # a wildcard, or a list filled in later


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    for words in sets:
        out |= words
    return frozenset(out)


def template_words(intents: Intents) -> frozenset[str]:
    """Every word the templates and their fixed lists can match (not the home's names)."""
    words: set[str] = set()

    def walk(expression: Expression) -> None:
        if isinstance(expression, TextChunk):
            words.update(_WORD.findall(expression.text.lower()))
        elif isinstance(expression, (Sequence, Alternative, Permutation)):
            for item in expression.items:
                walk(item)

    for intent in intents.intents.values():
        for data in intent.data:
            for sentence in data.sentences:
                walk(sentence.expression)
            for rule in data.expansion_rules.values():
                walk(rule.expression)
    for rule in intents.expansion_rules.values():
        walk(rule.expression)
    for slot_list in intents.slot_lists.values():
        if isinstance(slot_list, TextSlotList):
            for value in slot_list.values:
                walk(value.text_in)
    return frozenset(words)
