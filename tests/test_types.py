"""The package and the benchmarks type-check: the type hints are kept true, not only written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def test_the_package_type_checks() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "assistant", "bench"],
        cwd=PROJECT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
