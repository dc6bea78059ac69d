"""The Tasmota simulator answers as Tasmota does (tasmota_cases.yaml), with telemetry and LWT."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulators import TasmotaDevice, TasmotaFirmware
from simulators.probe import retained_message
from wire_recorder import WireRecorder

DATA = yaml.safe_load((Path(__file__).parent / "tasmota_cases.yaml").read_text(encoding="utf-8"))
StartTasmota = Callable[[str], TasmotaFirmware]


@pytest.fixture
def tasmota(mosquitto: Any, wire: WireRecorder, start_simulator: Callable[..., Any]) -> StartTasmota:
    def _start(name: str) -> TasmotaFirmware:
        device = TasmotaDevice(**DATA["devices"][name])
        firmware = start_simulator(TasmotaFirmware(mosquitto.host, mosquitto.port, device))
        wire.wait_for(f"tele/{device.topic}/LWT")
        return firmware  # type: ignore[no-any-return]

    return _start


def command(wire: WireRecorder, topic: str, name: str, payload: str) -> str:
    """Send cmnd/<topic>/<name> and return the RESULT it was answered with."""
    result = f"stat/{topic}/RESULT"
    seen = len(wire.on(result))
    wire.client.publish(f"cmnd/{topic}/{name}", payload, qos=1).wait_for_publish(5)
    answers = wire.wait_for(result, seen + 1)
    assert len(answers) > seen, f"no answer to {name} {payload!r}"
    return answers[seen]


@pytest.mark.parametrize("case", DATA["cases"], ids=[f"{c['device']}: {' '.join(c['send'])}" for c in DATA["cases"]])
def test_device_answers_as_tasmota(case: dict, tasmota: StartTasmota, wire: WireRecorder) -> None:
    firmware = tasmota(case["device"])
    topic = firmware.device.topic
    for name, payload in case.get("before", []):
        command(wire, topic, name, payload)
    ignored = len(firmware.ignored)
    result = json.loads(command(wire, topic, *case["send"]))
    assert {key: result.get(key) for key in case["result"]} == case["result"]
    if "power" in case:
        leaf, word = case["power"]
        with wire.changed:  # stat/<topic>/POWER<n> follows RESULT; the `before` commands' may still arrive
            assert wire.changed.wait_for(lambda: wire.on(f"stat/{topic}/{leaf}")[-1:] == [word], 5)
    reasons = [reason for _, _, reason in firmware.ignored[ignored:]]
    assert reasons == ([case["refused"]] if "refused" in case else [])


@pytest.mark.parametrize(("relay", "watts"), [("ON", 60), ("OFF", 1)])
def test_energy_plug_reports_power_draw_and_relay_apart(
    relay: str, watts: float, tasmota: StartTasmota, wire: WireRecorder
) -> None:
    firmware = tasmota("plug")  # draws 60 W while on and 1 W on standby
    command(wire, "plug", "POWER", relay)
    firmware.telemetry()
    sensor = json.loads(wire.wait_for("tele/plug/SENSOR")[-1])
    state = json.loads(wire.wait_for("tele/plug/STATE")[-1])
    assert (sensor["ENERGY"]["Power"], state["POWER"]) == (watts, relay)


def test_button_press_publishes_the_new_power(tasmota: StartTasmota, wire: WireRecorder) -> None:
    firmware = tasmota("double")
    firmware.press_button(2)
    assert wire.wait_for("stat/double/POWER2") == ["ON"]


def test_lwt_is_online_retained(tasmota: StartTasmota, mosquitto: Any) -> None:
    tasmota("plug")
    assert retained_message(mosquitto, "tele/plug/LWT") == "Online"


def test_lwt_turns_offline_when_the_device_drops(tasmota: StartTasmota, wire: WireRecorder, mosquitto: Any) -> None:
    firmware = tasmota("plug")
    firmware.crash()
    assert wire.wait_for("tele/plug/LWT", 2)[-1] == "Offline"


@pytest.mark.parametrize(
    ("name", "relays", "subtype"), [("plug", [1], 0), ("bulb", [2], 5), ("double", [1, 1], 0), ("shutter", [3, 3], 0)]
)
def test_discovery_describes_the_device(name: str, relays: list[int], subtype: int, tasmota: StartTasmota, mosquitto: Any) -> None:
    firmware = tasmota(name)
    mac = firmware.device.discovery_mac()
    config = json.loads(retained_message(mosquitto, f"tasmota/discovery/{mac}/config") or "{}")
    assert (config.get("t"), config.get("rl"), config.get("lt_st")) == (firmware.device.topic, relays, subtype)
