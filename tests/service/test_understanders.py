"""On reload the service keeps the loaded LLM and rebuilds only its grammar and prompt."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.config import load_home
from assistant.service.understanders import UnderstanderBuilder
from assistant.understanding.router import RoutedUnderstander


def test_templates_mode_builds_fresh_templates(home_path: Path) -> None:
    builder = UnderstanderBuilder(None)
    home = load_home(home_path)
    first, second = builder(home), builder(home)
    assert isinstance(first, RoutedUnderstander)
    assert isinstance(second, RoutedUnderstander)
    assert first.templates is not second.templates
    assert first.llm is None


@pytest.mark.slow
def test_a_reload_keeps_the_loaded_model(home_path: Path) -> None:
    data = yaml.safe_load(home_path.read_text())
    data["assistant"]["understand"] = "both"
    home_path.write_text(yaml.safe_dump(data))
    builder = UnderstanderBuilder(None)
    first = builder(load_home(home_path))
    assert isinstance(first, RoutedUnderstander)
    if first.llm is None:
        pytest.skip(f"the LLM is unavailable here: {first.llm_problem}")
    data["devices"][0]["name"] = "Reading Light"
    home_path.write_text(yaml.safe_dump(data))
    second = builder(load_home(home_path))
    assert isinstance(second, RoutedUnderstander)
    assert second.llm is first.llm
    assert second.llm.home.device(data["devices"][0]["id"]).name == "Reading Light"  # type: ignore[union-attr]
