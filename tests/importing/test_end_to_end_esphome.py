"""An ESPHome node found by its Home Assistant discovery, imported, and commanded with
`assistant send`: the simulated components (tests/simulators) change as the sentence says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import Broker, free_port
from import_support import HERE, load, run_import

from assistant.cli import main
from assistant.config import load_home
from simulators import EsphomeComponent, EsphomeNode

DATA = load(HERE / "esphome_end_to_end.yaml")


class Home:
    def __init__(self, broker: Broker, config: Path, node: EsphomeNode, stderr: str) -> None:
        self.broker, self.config, self.node, self.stderr = broker, config, node, stderr


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    broker = Broker(port=free_port(), workdir=tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    spec = DATA["node"]
    components = [EsphomeComponent(**c) for c in spec["components"]]
    node = EsphomeNode(broker.host, broker.port, spec["prefix"], components, area=spec["area"])
    try:
        node.start()
        config = tmp_path_factory.mktemp("home") / "devices.yaml"
        result = run_import(broker, "homeassistant", "--output", str(config))
        assert result.exit_code == 0, result.output
        yield Home(broker, config, node, result.stderr)
    finally:
        node.stop()
        broker.stop()


def test_node_components_are_imported_into_its_area(home: Home) -> None:
    devices = load_home(home.config).devices
    assert (len(devices), {d.area for d in devices}) == (DATA["imported"], {DATA["node"]["area"]})


def test_nothing_is_left_out(home: Home) -> None:
    assert "not imported" not in home.stderr


def _matches(state: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(state.get(key) == value for key, value in want.items())


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["say"] for c in DATA["cases"]])
def test_typed_command_changes_the_simulated_component(case: dict, home: Home) -> None:
    args = ["send", "--config", str(home.config), "--broker", home.broker.address, "--understand", "templates"]
    result = CliRunner().invoke(main, [*args, *(["--yes"] if case.get("confirm") else []), case["say"]])
    assert result.stdout.startswith("sent "), result.output
    component, object_id = case["component"]
    node = home.node
    changed = node.wait_until(lambda: _matches(node.state(component, object_id), case["state"]), 5)
    assert changed, f"{node.state(component, object_id)}; ignored: {node.ignored[-3:]}"
