"""What the home's commands sound like as text: a check that a transcript is a template
sentence, and a trigram language model trained on sampled template sentences (cached on disk)."""

from __future__ import annotations

import hashlib
import math
import io
import os
from dataclasses import dataclass
from pathlib import Path

from hassil import Intents, recognize_all
from hassil.intents import SlotList

from assistant.stt.sampler import SentenceSampler
from assistant.understanding.sentences_loader import EXPLAIN_ONLY_INTENTS

# Enough samples that every device, area and number word appears in the model.
SAMPLE_COUNT = 40000


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "assistant"


class TemplateCheck:
    """Does a transcript read as one of the templates' command sentences?

    Sentences recognised only to explain a refusal ("turn on the {anything}") do not count:
    they would let any words through.
    """

    def __init__(self, intents: Intents, slot_lists: dict[str, SlotList]) -> None:
        self.intents = intents
        self.slot_lists = slot_lists

    def accepts(self, text: str) -> bool:
        if not text:
            return False
        readings = recognize_all(text, self.intents, slot_lists=self.slot_lists)
        return any(r.intent.name not in EXPLAIN_ONLY_INTENTS for r in readings)

    def command_at_end(self, text: str, min_share: float = 0.5, min_skipped: int = 2) -> str | None:
        """The longest ending of `text` that is a command, for speech that runs into a command
        without a pause (another assistant's wake word). At least `min_skipped` words are
        skipped, so a command whose first word was misheard is not cut into another command
        ("turn off the light" misheard as "burn off the light" must not become "the light",
        which means "on"); and the command must be at least `min_share` of the words, so a long
        stretch of talk that happens to end in command words is not taken for one."""
        words = text.split()
        shortest = max(1, math.ceil(len(words) * min_share))
        for start in range(min_skipped, len(words) - shortest + 1):
            ending = " ".join(words[start:])
            if self.accepts(ending):
                return ending
        return None


@dataclass(frozen=True)
class DomainModel:
    """An ARPA trigram model, the words it uses and the sentences it was trained on."""

    arpa: Path
    vocabulary: frozenset[str]

    @property
    def sentences_path(self) -> Path:
        return self.arpa.with_name("sentences.txt")

    def sentences(self) -> list[str]:
        return sorted(set(self.sentences_path.read_text(encoding="utf-8").splitlines()))


def _fingerprint(intents: Intents, slot_lists: dict[str, SlotList], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    digest.update(repr(sorted(intents.intents)).encode())
    for sentence, _, _ in SentenceSampler(intents, slot_lists).templates:
        digest.update((sentence.text or "").encode())
    for name in sorted(slot_lists):
        digest.update(repr(slot_lists[name]).encode())
    return digest.hexdigest()[:16]


# How many times each extra sentence (an answer: "yes", "no") is in the model's training text:
# once among 40000 command sentences it would be too unlikely for the decoder ever to choose it.
EXTRA_REPEATS = 50


def build_domain_model(
    intents: Intents,
    slot_lists: dict[str, SlotList],
    known_words: frozenset[str],
    tag: str,
    extra: tuple[str, ...] = (),
) -> DomainModel:
    """The model for these templates, built once and then read from the cache. `extra`: other
    sentences the recogniser must be able to hear (answers to questions), in the model and its
    vocabulary but not among its command sentences."""
    from pocketsphinx.lm import ArpaBoLM  # pocketsphinx's own ARPA builder

    folder = cache_root() / "domain-lm" / _fingerprint(intents, slot_lists, tag + "\n".join(extra))
    arpa, words, samples = folder / "home.arpa", folder / "words.txt", folder / "sentences.txt"
    if arpa.is_file() and words.is_file() and samples.is_file():
        return DomainModel(arpa, frozenset(words.read_text().split()))
    sentences = list(SentenceSampler(intents, slot_lists).sentences(SAMPLE_COUNT, known_words.__contains__))
    repeated = [s for s in extra for _ in range(EXTRA_REPEATS if len(s.split()) == 1 else 1)]
    model = ArpaBoLM(text="\n".join([*sentences, *repeated]), add_start=True)
    model.compute()
    text = io.StringIO()
    model.write(text)
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = frozenset(w for s in [*sentences, *extra] for w in s.split())
    # Written under temporary names first so a half-written cache is never read.
    for path, content in ((samples, "\n".join(sentences)), (words, "\n".join(sorted(vocabulary))), (arpa, text.getvalue())):
        path.with_suffix(".tmp").write_text(content, encoding="utf-8")
        path.with_suffix(".tmp").replace(path)
    return DomainModel(arpa, vocabulary)
