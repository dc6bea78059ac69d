"""LlmUnderstander: a sentence -> the model's choice of answer lines -> Requests -> Commands.

Two methods (assistant.llm.method): "score" builds the answer lines the sentence's evidence
allows (candidates.py), puts those its words cue first, and lets the model rank the rest by
the likelihood of each line in plain English (scorer.py); "generate" lets the model write the
answer under the GBNF grammar. Either way an answer is only ever a line of the grammar's
language, resolved by the templates' Resolver and validated against the home.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from assistant.commands import Command, ParseResult
from assistant.config import Home
from assistant.config.schema import LlmConfig
from assistant.pronunciations import Pronunciations, bundled_dictionary
from assistant.understanding.llm.answer import Answer, AnswerError, AnswerReader
from assistant.understanding.llm.candidates import Candidate, CandidateBuilder, english
from assistant.understanding.llm.cues import asks_an_action, everyday_names, is_remark, words_of
from assistant.understanding.llm.evidence import Evidence, asks_for_something, gather_evidence
from assistant.understanding.llm.examples import examples_for
from assistant.understanding.llm.grammar import NOTHING, build_grammar
from assistant.understanding.llm.model import (
    PREFIX_PROBES,
    ChatPrompt,
    Completion,
    ModelError,
    chat_prompt,
    common_prefix,
    complete,
    load_model,
    model_path,
)
from assistant.understanding.llm.places import HomePlaces
from assistant.understanding.llm.prompt import PromptBuilder
from assistant.understanding.llm.scorer import PhraseScorer, TooLong
from assistant.understanding.llm.sounds import SoundAlikes
from assistant.understanding.llm.vocabulary import Vocabulary, build_vocabulary
from assistant.understanding.frame import Target
from assistant.understanding.resolver import Resolver

NOT_UNDERSTOOD = "Sorry, I did not understand that as a request for this home."
TOO_LONG = "Sorry, that sentence is too long for the language model; say it in fewer words."
# Grammars kept for recent evidence (a grammar is cheap to build but not free).
GRAMMAR_CACHE_SIZE = 128
# Candidates the model scores at most (the top cue tier, most surely named targets first).
MAX_SCORED = 8
# Candidates whose target is named this much less surely than the best's are not scored.
MATCH_SLACK = 0.25
# Weight of the empty-sentence baseline: score = log P(line | sentence) - BASELINE * log P(line).
BASELINE_WEIGHT = 0.5
# Where a sentence may hold two requests.
CLAUSE_BREAK = re.compile(r"\s*(?:,\s*)?\b(?:and then|and|then)\b\s*", re.IGNORECASE)
# A candidate whose target's words were all said (or its room said and most of its words).
FULLY_NAMED = 1.0
SCORING_INSTRUCTIONS = (
    "You turn what a person says into one command for their smart home. "
    "Answer with the command they mean."
)


@dataclass(frozen=True)
class LlmStats:
    """What the last request cost."""

    answer: str
    prompt_tokens: int  # the whole prompt, cached part included
    generated_tokens: int
    ms: float
    evaluated_tokens: int = 0  # tokens the model evaluated for this request (not from the cache)
    candidates: int = 0  # answer lines the model scored

    @property
    def model_ran(self) -> bool:
        return self.evaluated_tokens > 0 or self.generated_tokens > 0


@dataclass(frozen=True)
class _HomeState:
    """Everything derived from one devices.yaml; replaced whole on reload."""

    home: Home
    vocabulary: Vocabulary
    reader: AnswerReader
    grammar_text: str  # the whole home's grammar; one sentence gets the part it points at
    prompt: PromptBuilder
    resolver: Resolver
    candidates: CandidateBuilder
    scorer: PhraseScorer | None  # None when the method is "generate"
    places: HomePlaces  # for places the home lacks
    sounds: SoundAlikes  # misheard names put back


class LlmUnderstander:
    """Understands sentences with a local LLM; loads the model once.

    Safety: commands the home marks as needing confirmation (unlock, opening a garage door or
    gate) stay in `commands`, so `parse` reports what was understood, and are also listed in
    `needs_confirmation`; send/run must not execute a command listed there without a "yes".
    """

    def __init__(self, home: Home, settings: LlmConfig) -> None:
        self.settings = settings
        self.path = model_path(settings, home)
        self.llm = load_model(self.path, settings)
        self.chat: ChatPrompt | None = chat_prompt(self.llm, settings.chat_format) if settings.method == "score" else None
        self.last_stats: LlmStats | None = None
        self._grammars: dict[Evidence | None, Any] = {}
        self._prefix_tokens = 0  # tokens of the fixed prompt, kept in the KV cache
        self._pronunciations = Pronunciations.read(bundled_dictionary())
        self._state = self._build(home)
        self._warm_up()

    def _warm_up(self) -> None:
        """Evaluate the fixed prompt now, so the first request only evaluates its sentence."""
        state = self._state
        if state.scorer is not None:
            state.scorer.warm_up()
            return
        # The probes also evaluate the fixed prompt before the first request.
        seen: list[list[int]] = []
        for sentence in PREFIX_PROBES:
            complete(self.llm, state.prompt.messages(sentence), self._grammar(state, None), 4)
            seen.append(self.llm.input_ids[: self.llm.n_tokens].tolist())
        self._prefix_tokens = common_prefix(seen[0], seen[1])

    def _rewind_to_prefix(self) -> None:
        # Every request evaluates its tokens from the same cached point, in the same batches,
        # so the same sentence always gets the same answer (reusing a longer accidental
        # match with the previous sentence changes float rounding, and near ties flip).
        if self.llm.n_tokens > self._prefix_tokens:
            self.llm.n_tokens = self._prefix_tokens

    def _build(self, home: Home) -> _HomeState:
        vocabulary = build_vocabulary(home)
        reader = AnswerReader(vocabulary)
        self._grammars = {}  # grammars of the previous home are void

        def allowed(answer: str) -> bool:
            try:
                reader.read(answer)
            except AnswerError:
                return False
            return True

        def count_tokens(text: str) -> int:
            return len(self.llm.tokenize(text.encode(), add_bos=False))

        examples = examples_for(home, allowed)
        prompt = PromptBuilder(home, examples, count_tokens)
        resolver = Resolver(home)
        scorer = None
        if self.chat is not None:
            scorer = PhraseScorer(self.llm, self.chat.format, _scoring_prefix(examples, reader), self.chat.end_text)
        return _HomeState(
            home, vocabulary, reader, build_grammar(vocabulary), prompt, resolver,
            CandidateBuilder(home, vocabulary, reader, resolver), scorer, HomePlaces.of(vocabulary),
            SoundAlikes(vocabulary.words, self._pronunciations),
        )

    def _grammar(self, state: _HomeState, evidence: Evidence | None) -> Any:
        from llama_cpp import LlamaGrammar

        if evidence not in self._grammars:
            if len(self._grammars) >= GRAMMAR_CACHE_SIZE:
                self._grammars.clear()
            text = build_grammar(state.vocabulary, evidence)
            try:
                self._grammars[evidence] = LlamaGrammar.from_string(text, verbose=False)
            except ValueError as exc:
                raise ModelError(f"llama.cpp refused the answer grammar for this home: {exc}") from exc
        return self._grammars[evidence]

    @property
    def home(self) -> Home:
        return self._state.home

    @property
    def grammar_text(self) -> str:
        return self._state.grammar_text

    def reload(self, home: Home) -> None:
        """Rebuild the grammar and prompt for a changed devices.yaml (the model stays loaded)."""
        self._state = self._build(home)
        self._warm_up()

    def parse(self, text: str, area: str | None) -> ParseResult:
        """One sentence, read with everyday names and misheard names put as the home names
        them ("the big light", "the sealing light"); the result keeps the words as said."""
        state = self._state
        result = self._parse_reading(state.sounds.correct(everyday_names(text, state.vocabulary.words)), area)
        result.text = text
        return result

    def _parse_reading(self, text: str, area: str | None) -> ParseResult:
        """Two requests joined by "and" ("lock the front door and close the garage door") are
        understood one by one when each is a request of its own."""
        clauses = [c for c in CLAUSE_BREAK.split(text) if c.strip()]
        # "the fan and the bedroom light off" is one request: a clause must ask for something.
        if len(clauses) > 1 and self.settings.method == "score" and all(asks_an_action(c) for c in clauses):
            parts = [self._parse_one(c, area) for c in clauses]
            if all(p.commands for p in parts):
                result = ParseResult(text=text, area=area, handled_by="llm", ms=sum(p.ms for p in parts))
                result.commands = [c for p in parts for c in p.commands]
                result.needs_confirmation = [c for p in parts for c in p.needs_confirmation]
                return result
        return self._parse_one(text, area)

    def _parse_one(self, text: str, area: str | None) -> ParseResult:
        started = time.perf_counter()
        state = self._state
        result = ParseResult(text=text, area=area, handled_by="llm")
        place = state.places.unknown_place(text)
        if place is not None:
            result.reason = f"Sorry, there is no {place} in this home."
            result.ms = (time.perf_counter() - started) * 1000
            return result
        evidence = gather_evidence(text, state.vocabulary)
        try:
            if state.scorer is not None:
                answer, stats = self._score(state, state.scorer, text, area, evidence)
            else:
                answer, stats = self._generate(state, text, evidence)
        except TooLong:
            result.reason = TOO_LONG
            result.ms = (time.perf_counter() - started) * 1000
            return result
        if answer is None or answer.nothing:
            result.reason = NOT_UNDERSTOOD
        else:
            resolution = state.resolver.resolve(answer.requests, area)
            result.commands = [c for c in resolution.commands if state.home.validate_command(c) is None]
            result.reason = None if result.commands else (resolution.reason or NOT_UNDERSTOOD)
            result.needs_confirmation = [c for c in result.commands if self._risky(state.home, c)]
        result.ms = (time.perf_counter() - started) * 1000
        self.last_stats = LlmStats(**{**stats, "ms": result.ms})
        return result

    def _generate(self, state: _HomeState, text: str, evidence: Evidence) -> tuple[Answer | None, dict[str, Any]]:
        """The model writes the answer under the grammar narrowed to the evidence."""
        # Pointing at no device, or asking for nothing: no need to ask the model.
        if evidence.empty or not asks_for_something(text):
            completion = Completion(NOTHING, 0, 0)
        else:
            messages = state.prompt.messages(text)
            self._rewind_to_prefix()
            try:
                completion = complete(self.llm, messages, self._grammar(state, evidence), self.settings.max_tokens)
            except ValueError as exc:  # llama-cpp-python's "exceeds the context window"
                raise TooLong(str(exc)) from exc
        try:
            answer: Answer | None = _first_per_target(state.reader.read(completion.text))
        except AnswerError:  # only reachable if the grammar and the reader disagree
            answer = None
        evaluated = max(0, completion.prompt_tokens - self._prefix_tokens) if completion.generated_tokens else 0
        stats = {
            "answer": completion.text, "prompt_tokens": completion.prompt_tokens,
            "generated_tokens": completion.generated_tokens, "evaluated_tokens": evaluated,
        }
        return answer, stats

    def _score(
        self, state: _HomeState, scorer: PhraseScorer, text: str, area: str | None, evidence: Evidence
    ) -> tuple[Answer | None, dict[str, Any]]:
        """The grammar's lines the sentence can mean; cue words pick a tier, the model the line."""
        stats: dict[str, Any] = {"answer": NOTHING, "prompt_tokens": 0, "generated_tokens": 0}
        if evidence.empty or not asks_for_something(text) or is_remark(text):
            return Answer([], nothing=True), stats
        scorer.check_fits(text)  # the same refusal whether or not the model is needed
        candidates = state.candidates.build(text, evidence, area)
        tier = _top_tier(candidates)
        if not tier:
            return Answer([], nothing=True), stats
        chosen = tier[0]
        if len(tier) > 1:
            phrases = [english(c.line, _device_type(state.home, c)) for c in tier]
            scores = scorer.score(text, phrases)
            best = max(range(len(tier)), key=lambda i: scores[i].logprob - BASELINE_WEIGHT * scores[i].baseline)
            chosen = tier[best]
            stats.update(prompt_tokens=scorer.prompt_tokens, evaluated_tokens=scorer.evaluated_tokens, candidates=len(tier))
        lines = [c.line.text for c in [chosen, *_joined(text, chosen, candidates)]]
        stats["answer"] = "\n".join(lines)
        return state.reader.read(stats["answer"]), stats

    @staticmethod
    def _risky(home: Home, command: Command) -> bool:
        device = home.device(command.device)
        return device is not None and home.needs_confirmation(device, command.action)


def _first_per_target(answer: Answer) -> Answer:
    """One request per target: a second line about the same devices contradicts the first."""
    seen: set[Target] = set()
    kept = []
    for request in answer.requests:
        if request.target not in seen:
            seen.add(request.target)
            kept.append(request)
    return Answer(kept, answer.nothing)


def _joined(text: str, chosen: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """The other targets named in full that "and" joins to the chosen one's action ("turn the
    kitchen light and the coffee machine off"), each devices not already commanded."""
    if "and" not in words_of(text):
        return []
    taken = set(chosen.commands)
    joined = []
    for candidate in sorted(candidates, key=lambda c: -c.match):
        line = candidate.line
        same_action = (line.action, line.value) == (chosen.line.action, chosen.line.value)
        devices = {c.device for c in candidate.commands}
        if same_action and candidate.match >= FULLY_NAMED and not devices & {c.device for c in taken}:
            joined.append(candidate)
            taken |= set(candidate.commands)
    return joined


def _device_type(home: Home, candidate: Candidate) -> str | None:
    device = home.device(candidate.commands[0].device)
    return device.type if device else None


def _top_tier(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with the most cue words said; of those, the most surely named first.
    None when no word of the sentence asks for any action: the model would pick some action
    for a remark that names a device, and a false action is worse than a missed one."""
    top = max((c.cue for c in candidates), default=0)
    if top == 0:
        return []
    tier = [c for c in candidates if c.cue == top]
    best = max(c.match for c in tier)
    tier = [c for c in tier if c.match >= best - MATCH_SLACK]
    tier.sort(key=lambda c: -c.match)  # stable: the vocabulary's order breaks ties
    return tier[:MAX_SCORED]


def _scoring_prefix(examples: list[tuple[str, str]], reader: AnswerReader) -> list[dict[str, str]]:
    """Instructions and the home's examples, answered in the plain English that is scored."""
    messages = [{"role": "system", "content": SCORING_INSTRUCTIONS}]
    for sentence, answer in examples:
        if answer == NOTHING or "\n" in answer:
            continue  # scoring answers one line; "nothing" is decided before the model
        messages += [{"role": "user", "content": sentence}, {"role": "assistant", "content": english(reader.line_of(answer))}]
    return messages
