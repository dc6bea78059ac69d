"""The answers to the assistant's questions ("yes", "no", a PIN's digits), as speech-to-text hears
them: no command of the home, but a transcript the utterance handler must get while a question
waits (its ConfirmationGate judges them). The words are the language's `confirmation.yes`,
`confirmation.no` and `confirmation.digits`, the same ones the gate reads.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.language import Language

_WORD = re.compile(r"[a-z0-9']+")
# PINs are 3-12 digits (the schema); the closed recogniser's model learns digit runs this long.
PIN_LENGTHS = range(3, 9)
# How many digit runs the closed model is trained on: enough that every pair of digits occurs.
DIGIT_RUNS = 300


@dataclass(frozen=True)
class AnswerWords:
    """The words an answer is made of."""

    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    digits: tuple[str, ...] = ()

    @classmethod
    def of(cls, language: Language) -> AnswerWords:
        return cls(
            language.words("confirmation.yes"),
            language.words("confirmation.no"),
            tuple(language.table("confirmation.digits")),
        )

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(w.lower() for w in (*self.yes, *self.no, *self.digits))

    def is_answer(self, text: str) -> bool:
        """Every word of `text` is an answer word (a yes, a no, digits), and there is one."""
        words = _WORD.findall(text.lower())
        return bool(words) and all(w in self.vocabulary or w.isdigit() for w in words)

    def sentences(self, known: frozenset[str] | None = None, seed: int = 13) -> Iterator[str]:
        """Answers as a person says them, for a closed recogniser's model: each yes and no word
        alone, and runs of digit words. `known`: the words the recogniser can say (None: all)."""
        usable = [w for w in (*self.yes, *self.no) if known is None or w in known]
        digits = [w for w in self.digits if known is None or w in known]
        yield from usable
        if not digits:
            return
        chooser = random.Random(seed)  # the same sentences every build: the model is cached by them
        for length in itertools.islice(itertools.cycle(PIN_LENGTHS), DIGIT_RUNS):
            yield " ".join(chooser.choice(digits) for _ in range(length))
