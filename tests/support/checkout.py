"""Where a source checkout keeps the data the tests and benchmarks read."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
# The shared data (spec, corpus, audio) sits next to the checkout and is never copied into it.
SHARED = PROJECT.parent / "shared"
HA_CORPUS = SHARED / "corpus" / "ha_intents_en.jsonl"
EXAMPLE_HOME = PROJECT / "devices.yaml"
