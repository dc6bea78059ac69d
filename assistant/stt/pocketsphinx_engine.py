"""pocketsphinx with its bundled en-us model and a language model of this home's sentences
(or, with `search="jsgf"`, a JSGF grammar of them: see jsgf.py and fsg.py).

Works with no download. A transcript that is not one of the templates' sentences (or that the
decoder is unsure of) is rejected, so speech outside the home's commands gives no command;
unless the LLM understands too: then the utterance is also heard with the general English model
(open_english.py) and, when no command was heard, those words are offered to it.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

from hassil import Intents
from hassil.intents import SlotList

from assistant.config.schema import PocketsphinxSearch
from assistant.pronunciations import DICTIONARY_FILE, Pronunciations
from assistant.stt.answers import AnswerWords
from assistant.stt.domain import TemplateCheck, build_domain_model, cache_root
from assistant.stt.engine import SpeechToTextError, Transcript
from assistant.stt.fsg import grammar_automaton
from assistant.stt.jsgf import build_grammar
from assistant.stt.open_english import OpenEnglishPass, OpenHearing, bundled_english
from assistant.stt.templates import HomeNames

log = logging.getLogger(__name__)

FIRST_CEPSTRAL_MEAN = "44,3,-1"
# The decoder's best guess often differs from a command by one short word ("lock the front
# door" heard as "what of front door", "to red" as "read"); the right sentence is usually among
# its next few. Speech that is not a command has no command among them (measured on small talk
# and the real non-command recordings), so taking the first alternative that is one stays safe.
ALTERNATIVES = 10
SEARCHES = get_args(PocketsphinxSearch)
# The grammar search's way out: any phones, each at this weight against a grammar word (1.0).
# Measured on Piper commands, Piper small talk and the real recordings (README): lower lets
# small talk through as commands, higher loses commands.
GARBAGE_WEIGHT = 0.3
# How the loop's words are written ("+aa+"): no word of the dictionary looks so.
GARBAGE_MARK = "+"


class PocketsphinxStream:
    def __init__(self, recognizer: PocketsphinxRecognizer, answer_expected: bool = False) -> None:
        self.recognizer = recognizer
        self.answer_expected = answer_expected
        self.decoder = recognizer.decoder
        self.open_pass = recognizer.open_pass
        if self.open_pass is not None:
            self.open_pass.begin(self.decoder.get_cmn())
        self.decoder.start_utt()

    def accept(self, pcm: bytes) -> None:
        self.decoder.process_raw(pcm, False, False)
        if self.open_pass is not None:
            self.open_pass.accept(pcm)

    def partial(self) -> str:
        hypothesis = self.decoder.hyp()
        return hypothesis.hypstr if hypothesis else ""

    def finish(self) -> Transcript:
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        heard = hypothesis.hypstr if hypothesis else ""
        count = self.recognizer.alternatives
        alternatives = [h.hypstr for h in itertools.islice(self.decoder.nbest(), count)] if heard and count else [heard]
        transcript = self.recognizer.judge(heard, alternatives, self.answer_expected)
        if transcript.text or not heard or self.open_pass is None:
            return transcript
        return self.recognizer.open_transcript(self.open_pass.finish(), transcript)


class PocketsphinxRecognizer:
    name = "pocketsphinx"

    def __init__(
        self,
        intents: Intents,
        slot_lists: dict[str, SlotList],
        open_fallback: bool = False,
        search: PocketsphinxSearch = "lm",
        answers: AnswerWords = AnswerWords(),
    ) -> None:
        if search not in SEARCHES:
            raise SpeechToTextError(f"unknown pocketsphinx search {search!r}: choose one of {', '.join(SEARCHES)}")
        decoder_class, model_dir = bundled_english()
        pronunciations = Pronunciations.read(model_dir / DICTIONARY_FILE)
        self.check = TemplateCheck(intents, slot_lists)
        # Only when an LLM reads what the templates cannot (see open_english.py).
        self.open_pass = OpenEnglishPass(FIRST_CEPSTRAL_MEAN) if open_fallback else None
        self.names = HomeNames.of(slot_lists)
        self.answers = answers
        # A grammar search has no lattice to take alternatives from; its best path is the answer.
        self.alternatives = ALTERNATIVES if search == "lm" else 0
        if search == "jsgf":
            self.decoder = grammar_decoder(decoder_class, model_dir, intents, slot_lists, pronunciations)
            return
        known = frozenset(pronunciations.by_word)
        # The answers to questions are in the model too, so that a spoken "yes" can be heard.
        domain = build_domain_model(
            intents, slot_lists, known, tag="pocketsphinx en-us", extra=tuple(answers.sentences(known))
        )
        dictionary = domain.arpa.with_name("pocketsphinx.dict")
        if not dictionary.is_file():
            lines = pronunciations.dictionary_lines(sorted(domain.vocabulary))
            dictionary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.decoder = decoder_class(
            hmm=str(model_dir / "en-us"),
            dict=str(dictionary),
            lm=str(domain.arpa),
            # The first utterance is normalised with this cepstral mean before any speech was
            # heard; the model's 40 lost the first word of clear close-up speech (Piper), 44
            # suits both it and the real recordings. Later utterances use what was heard.
            cmninit=FIRST_CEPSTRAL_MEAN,
            loglevel="FATAL",
        )

    def start(self, answer_expected: bool = False) -> PocketsphinxStream:
        return PocketsphinxStream(self, answer_expected)

    def judge(self, heard: str, alternatives: list[str], answer_expected: bool = False) -> Transcript:
        """The best guess if it is a command (or, while a question waits, an answer), else the
        first of the next guesses that is one."""
        if not heard:
            return Transcript("", self.name, rejected="nothing recognised")
        if any(w.startswith(GARBAGE_MARK) for w in heard.split()):
            return Transcript("", self.name, rejected="speech outside this home's grammar", heard=heard)
        log.debug("heard %r (next: %s)", heard, alternatives[1:4])
        said = set(heard.split())
        for candidate in dict.fromkeys([heard, *alternatives]):
            # A guess a few places down replaces the best one only where it keeps half of its
            # words ("what of front door" -> "lock the front door"), not where it is other words
            # altogether ("good morning" heard as "dim orange" is not "goodnight").
            wanted = self.check.accepts(candidate) or (answer_expected and self.answers.is_answer(candidate))
            if len(said & set(candidate.split())) * 2 >= len(said) and wanted:
                return Transcript(candidate, self.name, heard=heard)
        return Transcript("", self.name, rejected="not a command this home knows", heard=heard)

    def open_transcript(self, hearing: OpenHearing, rejected: Transcript) -> Transcript:
        """The general model's words, for the LLM, when the home's model heard no command."""
        log.debug("heard openly %r (%.3f) after %r", hearing.text, hearing.confidence, rejected.heard)
        if not self.names.named_in(hearing.text):
            return replace(rejected, rejected=f"heard openly as {hearing.text!r}, which names nothing of this home")
        return Transcript(hearing.text, self.name, heard=rejected.heard, open=True)


def grammar_decoder(
    decoder_class: Any, model_dir: Path, intents: Intents, slot_lists: dict[str, SlotList],
    pronunciations: Pronunciations,
) -> Any:
    """A decoder whose search is the JSGF grammar of this home's sentences, with a loop of
    phones beside it: speech outside the grammar comes out as phones, not as a command."""
    grammar = build_grammar(intents, slot_lists, pronunciations.__contains__)
    folder = cache_root() / "jsgf" / hashlib.sha256(grammar.text.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "home.jsgf").write_text(grammar.text, encoding="utf-8")  # for people to read
    # One word per phone, for the loop: "+aa+" is said "AA".
    garbage = {f"{GARBAGE_MARK}{p.lower()}{GARBAGE_MARK}": p for p in pronunciations.phones()}
    dictionary = folder / "home.dict"
    words = pronunciations.dictionary_lines(sorted(grammar.vocabulary))
    dictionary.write_text("\n".join(words + [f"{w} {p}" for w, p in garbage.items()]) + "\n", encoding="utf-8")
    decoder = decoder_class(
        hmm=str(model_dir / "en-us"), dict=str(dictionary), lm=None, cmninit=FIRST_CEPSTRAL_MEAN, bestpath=False,
        loglevel="FATAL",
    )
    automaton = grammar_automaton(grammar)
    arcs: list[tuple[Any, ...]] = [(a, b, 1.0, w) if w is not None else (a, b, 1.0) for a, b, w in automaton.arcs]
    loop = automaton.states  # one more state: the phones
    arcs += [(automaton.start, loop, GARBAGE_WEIGHT, w) for w in garbage]
    arcs += [(loop, loop, GARBAGE_WEIGHT, w) for w in garbage] + [(loop, automaton.final, 1.0)]
    log.info("pocketsphinx grammar: %d template sentences, %d states (%s)", grammar.sentences, automaton.states, folder / "home.jsgf")
    search = decoder.create_fsg("home", automaton.start, automaton.final, arcs)
    decoder.add_fsg("home", search)
    decoder.activate_search("home")
    return decoder
