"""Shared objects for the understanding tests: the example home, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Home, load_home
from assistant.understanding import TemplateUnderstander


@pytest.fixture(scope="session")
def example_home(example_config: Path) -> Home:
    return load_home(example_config)


@pytest.fixture(scope="session")
def understander(example_home: Home) -> TemplateUnderstander:
    """Templates only: what these tests check must not depend on the LLM."""
    return TemplateUnderstander(example_home)
