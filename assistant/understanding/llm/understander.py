"""LlmUnderstander: a sentence -> grammar-constrained model answer -> Requests -> Commands."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from assistant.commands import Command, ParseResult
from assistant.config import Home
from assistant.config.schema import LlmConfig
from assistant.understanding.llm.answer import Answer, AnswerError, AnswerReader
from assistant.understanding.llm.evidence import Evidence, asks_for_something, gather_evidence
from assistant.understanding.llm.examples import examples_for
from assistant.understanding.llm.grammar import NOTHING, build_grammar
from assistant.understanding.llm.model import Completion, ModelError, complete, load_model, model_path
from assistant.understanding.llm.prompt import PromptBuilder
from assistant.understanding.llm.vocabulary import Vocabulary, build_vocabulary
from assistant.understanding.frame import Target
from assistant.understanding.resolver import Resolver

NOT_UNDERSTOOD = "Sorry, I did not understand that as a request for this home."
TOO_LONG = "Sorry, that sentence is too long for the language model; say it in fewer words."
# Two sentences run after loading: they evaluate the fixed prompt before the first request, and
# where their tokens part is where every request's own tokens begin.
WARM_UP_SENTENCES = ("turn on the lights", "close the blinds")
# Grammars kept for recent evidence (a grammar is cheap to build but not free).
GRAMMAR_CACHE_SIZE = 128


@dataclass(frozen=True)
class LlmStats:
    """What the last request cost."""

    answer: str
    prompt_tokens: int
    generated_tokens: int
    ms: float


@dataclass(frozen=True)
class _HomeState:
    """Everything derived from one devices.yaml; replaced whole on reload."""

    home: Home
    vocabulary: Vocabulary
    reader: AnswerReader
    grammar_text: str  # the whole home's grammar; one sentence gets the part it points at
    prompt: PromptBuilder
    resolver: Resolver


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
        self.last_stats: LlmStats | None = None
        self._grammars: dict[Evidence | None, Any] = {}
        self._prefix_tokens = 0  # tokens of the fixed prompt, kept in the KV cache
        self._state = self._build(home)
        self._warm_up()

    def _warm_up(self) -> None:
        """Evaluate the fixed prompt now, so the first request only evaluates its sentence."""
        state = self._state
        seen: list[list[int]] = []
        for sentence in WARM_UP_SENTENCES:
            complete(self.llm, state.prompt.messages(sentence), self._grammar(state, None), 4)
            seen.append(self.llm.input_ids[: self.llm.n_tokens].tolist())
        shared = 0
        while shared < min(map(len, seen)) and seen[0][shared] == seen[1][shared]:
            shared += 1
        self._prefix_tokens = shared

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

        prompt = PromptBuilder(home, examples_for(home, allowed), count_tokens)
        return _HomeState(home, vocabulary, reader, build_grammar(vocabulary), prompt, Resolver(home))

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
        started = time.perf_counter()
        state = self._state
        result = ParseResult(text=text, area=area, handled_by="llm")
        evidence = gather_evidence(text, state.vocabulary)
        # Pointing at no device, or asking for nothing: no need to ask the model.
        if evidence.empty or not asks_for_something(text):
            completion = Completion(NOTHING, 0, 0)
        else:
            messages = state.prompt.messages(text)
            self._rewind_to_prefix()
            grammar = self._grammar(state, evidence)
            try:
                completion = complete(self.llm, messages, grammar, self.settings.max_tokens)
            except ValueError:  # llama-cpp-python's "exceeds the context window"
                result.reason = TOO_LONG
                result.ms = (time.perf_counter() - started) * 1000
                return result
        try:
            answer = state.reader.read(completion.text)
        except AnswerError:  # only reachable if the grammar and the reader disagree
            answer = None
        if answer is not None:
            answer = _first_per_target(answer)
        if answer is None or answer.nothing:
            result.reason = NOT_UNDERSTOOD
        else:
            resolution = state.resolver.resolve(answer.requests, area)
            result.commands = [c for c in resolution.commands if state.home.validate_command(c) is None]
            result.reason = None if result.commands else (resolution.reason or NOT_UNDERSTOOD)
            result.needs_confirmation = [c for c in result.commands if self._risky(state.home, c)]
        result.ms = (time.perf_counter() - started) * 1000
        self.last_stats = LlmStats(completion.text, completion.prompt_tokens, completion.generated_tokens, result.ms)
        return result

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
