"""The imported Zigbee2MQTT home, commanded with `assistant send`: the simulated devices
(tests/simulators) change as the sentence says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import Broker, free_port
from import_support import HERE, Z2M_HOME, load, retain, run_import

from assistant.cli import main
from simulators import Zigbee2MqttBridge
from simulators.zigbee2mqtt import devices_from_bridge

CASES = load(HERE / "end_to_end_cases.yaml")
BRIDGE = load(Z2M_HOME)


class Home:
    def __init__(self, broker: Broker, config: Path, bridge: Zigbee2MqttBridge) -> None:
        self.broker, self.config, self.bridge = broker, config, bridge


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """One broker, the home imported from its bridge/devices, and the bridge's devices simulated."""
    broker = Broker(port=free_port(), workdir=tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    bridge = Zigbee2MqttBridge(broker.host, broker.port, devices_from_bridge(BRIDGE["devices"]))
    try:
        retain(broker, {"zigbee2mqtt/bridge/devices": BRIDGE["devices"], "zigbee2mqtt/bridge/groups": BRIDGE["groups"]})
        config = tmp_path_factory.mktemp("home") / "devices.yaml"
        result = run_import(broker, "zigbee2mqtt", "--output", str(config))
        assert result.exit_code == 0, result.output
        bridge.start()
        yield Home(broker, config, bridge)
    finally:
        bridge.stop()
        broker.stop()


def _matches(state: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(state.get(key) == value for key, value in want.items())


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="issue 14 items 1, 3")) if c.get("gap") else c for c in CASES],
    ids=[c["say"] for c in CASES],
)
def test_typed_command_changes_the_simulated_device(case: dict, home: Home) -> None:
    args = ["send", "--config", str(home.config), "--broker", home.broker.address, "--understand", "templates"]
    result = CliRunner().invoke(main, [*args, case["say"]])
    assert result.stdout.startswith("sent "), result.output
    changed = home.bridge.wait_until(lambda: _matches(home.bridge.state(case["device"]), case["state"]), 5)
    assert changed, f"{case['device']} is {home.bridge.state(case['device'])}; ignored: {home.bridge.ignored[-3:]}"
