"""The training chain on a tiny run: corpus -> LoRA steps -> GGUF adapter -> llama-cpp-python.

Slow (loading the base from its GGUF takes about a minute on two cores) and skipped without the
`train` extra (pip install 'assistant[train]' with a CPU torch) or llama-cpp-python.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.training.lora import CONVERTER_ENV, TrainError, converter_dir

TRAIN_EXTRA = ("torch", "transformers", "peft", "gguf", "tqdm", "llama_cpp")
MISSING = [m for m in TRAIN_EXTRA if importlib.util.find_spec(m) is None]
ADAPTER_LIMIT_BYTES = 20_000_000  # issue 12's target for the shipped adapter


def test_a_converter_folder_without_the_script_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONVERTER_ENV, str(tmp_path))
    with pytest.raises(TrainError):
        converter_dir()


@pytest.mark.slow
@pytest.mark.skipif(bool(MISSING), reason=f"the train extra is not installed (missing: {', '.join(MISSING)})")
def test_a_tiny_run_makes_an_adapter_llama_cpp_applies(tmp_path: Path) -> None:
    from assistant.training.lora import TrainSettings, frames_with_adapter, train

    result = train(TrainSettings(seed=0, count=40, steps=2, batch_size=4, output=tmp_path, threads=1))
    assert result.adapter.read_bytes()[:4] == b"GGUF"
    assert result.adapter_bytes < ADAPTER_LIMIT_BYTES
    assert result.steps == 2
    # Two steps teach nothing; the chain is what is tested: the base takes the adapter and writes.
    written = frames_with_adapter(result.base, result.adapter, [("turn on the lights", "kitchen")], max_tokens=4)
    assert isinstance(written[0], str)
