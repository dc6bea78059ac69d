"""A JSGF grammar of every sentence the home's templates accept, for a grammar-limited recogniser.

The hassil templates (bundled sentences plus intents/, lists from devices.yaml) are translated
rule for rule, so the grammar stays small however many sentences the templates expand to.
Words the recogniser cannot pronounce (not in its dictionary) remove the alternatives that need
them; wildcards cannot be spoken to a grammar and are left out.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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

from assistant.config import Home
from assistant.understanding.sentences_loader import (
    colour_slot_list,
    default_intents_dir,
    home_slot_lists,
    load_sentences,
    sentence_files,
)

log = logging.getLogger(__name__)

# Punctuation the templates may hold that nobody says.
_UNSPOKEN = re.compile(r"[^\w' ]+")
NULL = "<NULL>"
# Spoken numbers stop here: a grammar of every tenth of a degree up to 250 would be huge.
MAX_SPOKEN_NUMBER = 250


def spoken_words(text: str) -> list[str]:
    return _UNSPOKEN.sub(" ", text.lower().replace("-", " ")).split()


def _rule_name(kind: str, name: str) -> str:
    return f"{kind}_" + re.sub(r"\W", "_", name)


@dataclass
class GrammarBuilder:
    """Translates hassil expressions into JSGF rules; `knows(word)` says what can be said."""

    intents: Intents
    slot_lists: dict[str, SlotList]
    knows: Callable[[str], bool]
    language: str = "en"
    rules: dict[str, str | None] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    unknown_words: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.numbers = RbnfEngine.for_language(self.language)

    def build(self) -> str:
        bodies = []
        for intent_name, intent in self.intents.intents.items():
            for data in intent.data:
                for sentence in data.sentences:
                    body = self.expression(sentence.expression, data.expansion_rules, data.slot_lists)
                    if body is not None:
                        bodies.append(body)
        if not bodies:
            raise ValueError("no template sentence can be spoken with this recogniser's dictionary")
        skip = self.skip_rule()
        command = " | ".join(f"( {b} )" for b in bodies)
        lines = ["#JSGF V1.0;", "grammar home;"]
        prefix = f"[<{skip}>] " if skip else ""
        suffix = f" [<{skip}>]" if skip else ""
        lines.append(f"public <command> = {prefix}( {command} ){suffix};")
        lines += [f"<{name}> = {body};" for name, body in self.rules.items() if body is not None]
        if self.unknown_words:
            log.info("left out of the grammar (not in the dictionary): %s", ", ".join(sorted(self.unknown_words)))
        return "\n".join(lines) + "\n"

    def skip_rule(self) -> str | None:
        phrases = [self.words(w) for w in self.intents.skip_words]
        spoken = [p for p in phrases if p not in (None, NULL)]
        if not spoken:
            return None
        self.rules["skip"] = "( " + " | ".join(spoken) + " )"  # type: ignore[arg-type]
        return "skip"

    def words(self, text: str) -> str | None:
        said = spoken_words(text)
        if not said:
            return NULL
        missing = [w for w in said if not self.knows(w)]
        if missing:
            self.unknown_words.update(missing)
            return None
        self.vocabulary.update(said)
        return " ".join(said)

    def expression(
        self, expr: Expression, local_rules: dict[str, Sentence], local_lists: dict[str, SlotList]
    ) -> str | None:
        """JSGF for one expression; None when nothing it allows can be said."""
        if isinstance(expr, TextChunk):
            if expr.original_text.startswith("'"):
                return NULL  # a possessive glued to the word before ("{name}['s]"): said or not
            return self.words(expr.original_text)
        if isinstance(expr, Permutation):
            orders = [Sequence(items=list(order)) for order in itertools.permutations(expr.items)]
            return self.expression(Alternative(items=list(orders)), local_rules, local_lists)
        if isinstance(expr, Alternative):
            options = [self.expression(item, local_rules, local_lists) for item in expr.items]
            spoken = list(dict.fromkeys(o for o in options if o is not None))
            if not spoken:
                return None
            return spoken[0] if len(spoken) == 1 else "( " + " | ".join(spoken) + " )"
        if isinstance(expr, Sequence):
            parts = [self.expression(item, local_rules, local_lists) for item in expr.items]
            if any(p is None for p in parts):
                return None
            said = [p for p in parts if p != NULL]
            return " ".join(said) if said else NULL  # type: ignore[arg-type]
        if isinstance(expr, RuleReference):
            return self.rule_reference(expr.rule_name, local_rules, local_lists)
        if isinstance(expr, ListReference):
            return self.list_reference(expr, local_lists)
        raise ValueError(f"unexpected template expression {expr!r}")

    def rule_reference(
        self, name: str, local_rules: dict[str, Sentence], local_lists: dict[str, SlotList]
    ) -> str | None:
        if name in local_rules:  # local rules are rare: inline them
            return self.expression(local_rules[name].expression, local_rules, local_lists)
        rule = _rule_name("rule", name)
        if rule not in self.rules:
            if name not in self.intents.expansion_rules:
                raise ValueError(f"the templates use <{name}> but no expansion rule defines it")
            self.rules[rule] = None  # guards against a rule that refers to itself
            self.rules[rule] = self.expression(self.intents.expansion_rules[name].expression, {}, {})
        return None if self.rules[rule] is None else f"<{rule}>"

    def list_reference(self, ref: ListReference, local_lists: dict[str, SlotList]) -> str | None:
        if ref.is_inline_range:
            start, stop, step = ref.get_inline_range()  # type: ignore[misc]
            return self.number_words(range(start, stop + 1, step))
        slot_list = local_lists.get(ref.list_name) or self.slot_lists.get(ref.list_name)
        slot_list = slot_list or self.intents.slot_lists.get(ref.list_name)
        if slot_list is None:
            raise ValueError(f"the templates use {{{ref.list_name}}} but no list defines it")
        rule = _rule_name("list", ref.list_name)
        if ref.list_name in local_lists:
            return self.slot_list(slot_list)
        if rule not in self.rules:
            self.rules[rule] = self.slot_list(slot_list)
        return None if self.rules[rule] is None else f"<{rule}>"

    def slot_list(self, slot_list: SlotList) -> str | None:
        if isinstance(slot_list, TextSlotList):
            options = [self.expression(v.text_in, {}, {}) for v in slot_list.values]
            spoken = sorted({o for o in options if o not in (None, NULL)})
            return "( " + " | ".join(spoken) + " )" if spoken else None
        if isinstance(slot_list, RangeSlotList):
            stop = min(slot_list.stop, MAX_SPOKEN_NUMBER)
            return self.number_words(range(slot_list.start, stop + 1, slot_list.step))
        return None  # a wildcard: anything at all cannot be a grammar

    def number_words(self, numbers: range) -> str | None:
        options = set()
        for number in numbers:
            for text in set(self.numbers.format_number(number).text_by_ruleset.values()):
                said = self.words(text)
                if said not in (None, NULL):
                    options.add(said)
        return "( " + " | ".join(sorted(options)) + " )" if options else None


@dataclass(frozen=True)
class HomeGrammar:
    """The grammar text, the words it uses, and the template words it had to leave out."""

    jsgf: str
    vocabulary: frozenset[str]
    left_out: frozenset[str]


def home_templates(home: Home, intents_dir: Path | None = None) -> tuple[Intents, dict[str, SlotList]]:
    """The same templates and lists the understanding uses for this home."""
    files = sentence_files(intents_dir if intents_dir is not None else default_intents_dir(home.path))
    return load_sentences(files), {**home_slot_lists(home), "color": colour_slot_list()}


def build_grammar(intents: Intents, slot_lists: dict[str, SlotList], knows: Callable[[str], bool]) -> HomeGrammar:
    builder = GrammarBuilder(intents, slot_lists, knows, language=intents.language or "en")
    jsgf = builder.build()
    return HomeGrammar(jsgf, frozenset(builder.vocabulary), frozenset(builder.unknown_words))
