"""A missing or corrupt model file is a one-line ModelError, never a traceback from llama.cpp."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Home
from assistant.config.schema import LlmConfig
from assistant.understanding.llm import LlmUnderstander, ModelError
from assistant.understanding.llm.model import default_model_path, model_path


def test_missing_model_file_is_a_model_error(example_home: Home, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        LlmUnderstander(example_home, LlmConfig(model=str(tmp_path / "absent.gguf")))


def test_file_that_is_not_gguf_is_a_model_error(example_home: Home, tmp_path: Path) -> None:
    fake = tmp_path / "fake.gguf"
    fake.write_text("this is not a model\n")
    with pytest.raises(ModelError, match="not a GGUF"):
        LlmUnderstander(example_home, LlmConfig(model=str(fake)))


def test_truncated_gguf_is_a_model_error(example_home: Home, tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(default_model_path().read_bytes()[:4096])
    with pytest.raises(ModelError, match="could not be loaded"):
        LlmUnderstander(example_home, LlmConfig(model=str(truncated)))


def test_model_error_message_is_one_line(example_home: Home, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        model_path(LlmConfig(model=str(tmp_path / "absent.gguf")), example_home)
    assert "\n" not in str(caught.value)


def test_relative_model_is_found_in_models_next_to_devices_yaml(example_home: Home, tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "mine.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 16)
    home = Home(example_home.data, tmp_path / "devices.yaml")
    assert model_path(LlmConfig(model="mine.gguf"), home) == model
