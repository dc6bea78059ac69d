"""MQTT settings close to the refused ones (broken_files.yaml) that `check` must still accept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.config import parse_home_text

CASES = yaml.safe_load((Path(__file__).parent / "data" / "safe_mqtt.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_safe_mqtt_setting_loads(case: dict) -> None:
    home = parse_home_text(case["text"], Path("devices.yaml"))
    assert len(home.devices) == 1
