"""A Tasmota home found by its own discovery, imported, and commanded with `assistant send`: the
simulated devices (tests/simulators) change as the sentence says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Broker, free_port
from import_support import HERE, load, run_import

from assistant.cli import main
from simulators import TasmotaDevice, TasmotaFirmware

DATA = load(HERE / "tasmota_end_to_end.yaml")


class Home:
    def __init__(self, broker: Broker, config: Path, devices: dict[str, TasmotaFirmware]) -> None:
        self.broker, self.config, self.devices = broker, config, devices


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    broker = Broker(port=free_port(), workdir=tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    devices = {d["topic"]: TasmotaFirmware(broker.host, broker.port, TasmotaDevice(**d)) for d in DATA["devices"]}
    try:
        for firmware in devices.values():
            firmware.start()
        config = tmp_path_factory.mktemp("home") / "devices.yaml"
        result = run_import(broker, "tasmota", "--output", str(config))
        assert result.exit_code == 0, result.output
        yield Home(broker, config, devices)
    finally:
        for firmware in devices.values():
            firmware.stop()
        broker.stop()


def test_every_simulated_device_is_imported(home: Home) -> None:
    result = CliRunner().invoke(main, ["check", "--config", str(home.config)])
    assert "devices: 7 (1 cover, 1 fan, 2 light, 3 switch)" in result.output, result.output


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["say"] for c in DATA["cases"]])
def test_typed_command_changes_the_simulated_device(case: dict, home: Home) -> None:
    firmware = home.devices[case["topic"]]
    args = ["send", "--config", str(home.config), "--broker", home.broker.address, "--understand", "templates"]
    result = CliRunner().invoke(main, [*args, case["say"]])
    assert result.stdout.startswith("sent "), result.output

    def changed() -> bool:
        device = firmware.device
        powered = all(device.power[relay - 1] == on for relay, on in case.get("power", {}).items())
        return powered and all(device.values.get(k) == v for k, v in case.get("values", {}).items())

    assert firmware.wait_until(changed, 5), f"{firmware.device}; ignored: {firmware.ignored[-3:]}"
