"""Log-likelihood of candidate phrases after a chat prompt, with the prompt kept in the KV cache.

The fixed messages (instructions, examples) are evaluated once; a request evaluates its
sentence, then each phrase's tokens. Phrases are walked in token order, so a phrase shares
the evaluated tokens it has in common with the one before (a trie walk): "turn on the ..." and
"turn off the ..." evaluate "turn" once. Each phrase also gets its score after a prompt with an
empty sentence (cached per phrase), so a phrase the model likes anyway ("turn off the ...")
does not win for that alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.understanding.llm.model import PREFIX_PROBES, common_prefix

if TYPE_CHECKING:
    from llama_cpp import Llama

Message = dict[str, str]
FormatPrompt = Callable[[list[Message]], str]
# Baseline scores kept (one per phrase; phrases repeat across requests).
BASELINE_CACHE_SIZE = 4096


@dataclass(frozen=True)
class PhraseScore:
    phrase: str
    logprob: float  # log P(phrase, then the end of the answer | the prompt with the sentence)
    baseline: float  # the same after a prompt whose sentence is empty
    tokens: int


class TooLong(ValueError):
    """The sentence and its candidates do not fit the model's context."""


class PhraseScorer:
    """Scores phrases as the model's answer to a sentence; one per loaded model and home."""

    def __init__(self, llm: Llama, format_prompt: FormatPrompt, prefix: list[Message], end_text: str) -> None:
        self.llm = llm
        self.format_prompt = format_prompt
        self.prefix = prefix
        self.end_tokens = self._tokens(end_text, special=True)[:1]
        self.evaluated_tokens = 0  # tokens the model evaluated for the last request
        self.prompt_tokens = 0  # the last request's prompt, cached part included
        self._baselines: dict[str, float] = {}
        self._n_vocab = llm.n_vocab()
        self._batch = _Batch(llm)
        probes = [self._prompt_tokens(s) for s in PREFIX_PROBES]
        self.prefix_tokens = common_prefix(probes[0], probes[1])

    def _tokens(self, text: str, special: bool = False) -> list[int]:
        return self.llm.tokenize(text.encode(), add_bos=False, special=special)

    def _prompt_tokens(self, sentence: str) -> list[int]:
        text = self.format_prompt([*self.prefix, {"role": "user", "content": sentence}])
        return self._tokens(text, special=True)

    def warm_up(self) -> None:
        """Evaluate the fixed prompt now, so the first request only evaluates its sentence."""
        self.score(PREFIX_PROBES[0], ["turn on the lights"])

    def check_fits(self, sentence: str) -> None:
        """TooLong when the sentence alone leaves no room in the context."""
        if len(self._prompt_tokens(sentence)) >= self.llm.n_ctx():
            raise TooLong(f"the sentence does not fit {self.llm.n_ctx()} tokens")

    def score(self, sentence: str, phrases: Sequence[str]) -> list[PhraseScore]:
        """Each phrase's score as the answer to the sentence, in the order given."""
        self.evaluated_tokens = 0
        encoded = {p: self._tokens(p) + self.end_tokens for p in phrases}
        missing = [p for p in phrases if p not in self._baselines]
        if missing:
            if len(self._baselines) + len(missing) > BASELINE_CACHE_SIZE:
                self._baselines.clear()
            self._baselines.update(self._walk(self._prompt_tokens(""), {p: encoded[p] for p in missing}))
        prompt = self._prompt_tokens(sentence)
        self.prompt_tokens = len(prompt)
        scores = self._walk(prompt, encoded)
        return [PhraseScore(p, scores[p], self._baselines[p], len(encoded[p])) for p in phrases]

    def _walk(self, prompt: list[int], encoded: dict[str, list[int]]) -> dict[str, float]:
        longest = max((len(t) for t in encoded.values()), default=0)
        if len(prompt) + longest > self.llm.n_ctx():
            raise TooLong(f"{len(prompt)} prompt tokens do not fit {self.llm.n_ctx()}")
        llm = self.llm
        # Rewind to the fixed prompt: every request evaluates from the same point in the same
        # batches, so a sentence always gets the same scores.
        # (At least one token is evaluated: its logits predict the first token of every phrase.)
        kept = min(common_prefix(llm.input_ids[: llm.n_tokens].tolist(), prompt), self.prefix_tokens, len(prompt) - 1)
        llm.n_tokens = kept
        llm.eval(prompt[kept:])
        self.evaluated_tokens += len(prompt) - kept
        start = len(prompt)
        rows = [_log_softmax(self._batch.logits(-1, self._n_vocab))]  # rows[i]: after path[:i]
        path: list[int] = []
        out: dict[str, float] = {}
        for phrase, tokens in sorted(encoded.items(), key=lambda item: item[1]):
            shared = common_prefix(path, tokens[:-1])
            del path[shared:], rows[shared + 1 :]
            new = tokens[shared:-1]  # the last token's own logits are never needed
            if new:
                rows += [_log_softmax(r) for r in self._batch.decode(new, start + shared, self._n_vocab)]
                path += new
                self.evaluated_tokens += len(new)
            out[phrase] = float(sum(rows[i][t] for i, t in enumerate(tokens)))
        self._batch.forget(start)
        llm.n_tokens = start
        return out


class _Batch:
    """Decodes a few tokens at given positions of sequence 0 and returns every token's logits."""

    def __init__(self, llm: Llama) -> None:
        from llama_cpp import llama_cpp

        self._api: Any = llama_cpp
        self._ctx: Any = llm._ctx  # noqa: SLF001 - the context the Llama object evaluates in
        self._size = llm.n_batch
        self._batch = self._api.llama_batch_init(self._size, 0, 1)

    def __del__(self) -> None:
        batch = getattr(self, "_batch", None)
        if batch is not None:
            self._api.llama_batch_free(batch)

    def logits(self, index: int, n_vocab: int) -> np.ndarray:
        pointer = self._api.llama_get_logits_ith(self._ctx.ctx, index)
        return np.ctypeslib.as_array(pointer, shape=(n_vocab,)).copy()

    def forget(self, position: int) -> None:
        """Drop every cached token from `position` on."""
        self._ctx.kv_cache_seq_rm(0, position, -1)

    def decode(self, tokens: list[int], position: int, n_vocab: int) -> list[np.ndarray]:
        self.forget(position)
        out: list[np.ndarray] = []
        for begin in range(0, len(tokens), self._size):
            chunk = tokens[begin : begin + self._size]
            batch = self._batch
            batch.n_tokens = len(chunk)
            for i, token in enumerate(chunk):
                batch.token[i] = token
                batch.pos[i] = position + begin + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                batch.logits[i] = True
            if self._api.llama_decode(self._ctx.ctx, batch) != 0:
                raise RuntimeError("llama_decode failed while scoring candidates")
            out += [self.logits(i, n_vocab) for i in range(len(chunk))]
        return out


def _log_softmax(row: np.ndarray) -> np.ndarray:
    shifted = row - row.max()
    return shifted - np.log(np.exp(shifted).sum())  # type: ignore[no-any-return]

