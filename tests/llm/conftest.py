"""A real LLM understander on the example home, loaded once for the LLM tests that need it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Home, load_home


@pytest.fixture(scope="session")
def example_home(example_config: Path) -> Home:
    return load_home(example_config)


@pytest.fixture(scope="session")
def llm_understander(example_home: Home):  # type: ignore[no-untyped-def]
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install 'assistant[llm]')")
    from assistant.understanding.llm import LlmUnderstander, ModelError

    try:
        return LlmUnderstander(example_home, example_home.data.assistant.llm)
    except ModelError as exc:
        pytest.skip(f"the default model is not installed: {exc}")
