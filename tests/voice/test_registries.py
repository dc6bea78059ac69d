"""Each voice stage's registry has one entry per engine name devices.yaml's schema allows: a name
the schema accepts but no stage builds, or an engine no setting can choose, fails here."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from assistant.config.schema import SttEngine, VadEngine, WakeEngine
from assistant.stt import STT_ENGINES
from assistant.vad import VAD_ENGINES
from assistant.wake import WAKE_ENGINES


@pytest.mark.parametrize(
    ("registry", "names"),
    [(STT_ENGINES, SttEngine), (WAKE_ENGINES, WakeEngine), (VAD_ENGINES, VadEngine)],
    ids=["stt", "wake", "vad"],
)
def test_the_registry_builds_exactly_the_engines_the_schema_names(registry: dict[str, Any], names: Any) -> None:
    assert sorted(registry) == sorted(get_args(names))
