"""Real-device presets written by hand, commanded with `assistant send`: the simulated firmware
(tests/simulators) changes as the sentence says, on the topics and in the payloads it takes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from mqtt_support import load_cases

from assistant.cli import main
from simulators import EsphomeComponent, EsphomeNode

DATA = load_cases("real_devices.yaml")
ESPHOME = DATA["esphome"]


@pytest.fixture
def node(mosquitto: Any, start_simulator: Any) -> EsphomeNode:
    components = [EsphomeComponent(**c) for c in ESPHOME["components"]]
    return start_simulator(EsphomeNode(mosquitto.host, mosquitto.port, ESPHOME["prefix"], components))


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "devices.yaml"
    path.write_text(yaml.safe_dump({"devices": ESPHOME["devices"]}), encoding="utf-8")
    return path


def _matches(state: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(state.get(key) == value for key, value in want.items())


@pytest.mark.parametrize("case", ESPHOME["cases"], ids=[c["say"] for c in ESPHOME["cases"]])
def test_esphome_preset_changes_the_simulated_component(
    case: dict[str, Any], node: EsphomeNode, config: Path, mosquitto: Any
) -> None:
    args = ["send", "--config", str(config), "--broker", mosquitto.address, "--understand", "templates"]
    result = CliRunner().invoke(main, [*args, case["say"]])
    assert result.stdout.startswith("sent "), result.output
    component, object_id = case["component"]
    changed = node.wait_until(lambda: _matches(node.state(component, object_id), case["state"]), 5)
    assert changed, f"{node.state(component, object_id)}; ignored: {node.ignored[-3:]}"
    assert node.ignored == []  # nothing reached the firmware that it could not use
