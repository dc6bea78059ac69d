"""Every preset's messages, checked on the wire: a separate client sees the exact topic and payload."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from mqtt_support import Connect, Listener, home_on_broker, load_cases

from assistant.commands import Command, Value
from assistant.config import ConfigError, Home, load_home
from assistant.mqtt import CommandPublisher, PayloadError, messages_for
from assistant.mqtt.presets import PRESETS, Unsupported, color_rgb

CASES: dict[str, list[dict[str, Any]]] = load_cases("publish_cases.yaml")
SAMPLE_VALUES: dict[str, Value] = {"set_color": "green", "set_mode": "cool", "set_temperature": 20}


def test_cases_cover_every_preset() -> None:
    assert set(PRESETS) <= set(CASES)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=f"{group}-{case['device']}-{case['action']}")
        for group, cases in CASES.items()
        for case in cases
    ],
)
def test_command_arrives_as_the_device_expects(
    case: dict[str, Any], preset_home: Home, mosquitto: Any, listener: Listener, connect: Connect
) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    command = Command(case["device"], case["action"], case.get("value"))
    deliveries = CommandPublisher(home, connect(home)).publish([command])
    assert [(d.delivered, d.error) for d in deliveries] == [(True, None)]
    assert listener.wait_count(1) == [(case["topic"], case["payload"].encode())]


# What the example home's devices cannot do (an IR remote has no absolute volume and one mute
# toggle): refused with the reason, never sent.
EXAMPLE_REFUSALS = {("living_room_tv", "set_volume"), ("living_room_tv", "unmute")}


def test_every_action_of_the_example_home_has_a_message(example_config: Path) -> None:
    home = load_home(example_config)
    refused = set()
    for device in home.devices:
        for action in home.allowed_actions(device):
            value = SAMPLE_VALUES.get(action, 50 if action.startswith("set_") else None)
            expected = 0 if action == "get_state" else 1
            try:
                assert len(messages_for(device, Command(device.id, action, value))) == expected, (device.id, action)
            except Unsupported:
                refused.add((device.id, action))
    assert refused == EXAMPLE_REFUSALS


def test_the_example_home_has_no_generic_device_to_command(example_home: Home) -> None:
    assert [d.id for d in example_home.devices if d.mqtt.preset == "generic" and example_home.allowed_actions(d) != ("get_state",)] == []


def test_unknown_colour_is_refused_and_nothing_is_published(
    preset_home: Home, mosquitto: Any, listener: Listener, connect: Connect
) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    publisher = CommandPublisher(home, connect(home))
    deliveries = publisher.publish([Command("z_light", "set_color", "blurple"), Command("z_light", "turn_off")])
    assert [d.delivered for d in deliveries] == [False, True]
    assert "blurple" in (deliveries[0].error or "")
    assert listener.wait_count(1) == [("zigbee2mqtt/reading_lamp/set", b'{"state":"OFF"}')]


def test_get_state_publishes_nothing(preset_home: Home) -> None:
    device = preset_home.device("z_light")
    assert device is not None
    assert messages_for(device, Command("z_light", "get_state")) == []


def test_broken_template_is_a_clear_error(preset_home: Home) -> None:
    device = preset_home.device("g_script")
    assert device is not None
    broken = device.model_copy(update={"mqtt": device.mqtt.model_copy(update={"payloads": {"activate": "$speed"}})})
    with pytest.raises(PayloadError, match=r"g_script's payload template for activate is broken"):
        messages_for(broken, Command("g_script", "activate"))


@pytest.mark.parametrize(
    ("name", "rgb"),
    [("red", (255, 0, 0)), ("Light Blue", (173, 216, 230)), ("warm white", (255, 180, 107)), ("#00ff00", (0, 255, 0))],
)
def test_colour_names_become_rgb(name: str, rgb: tuple[int, int, int]) -> None:
    assert color_rgb(name) == rgb


@pytest.mark.parametrize(
    ("device_id", "action", "value", "reason"),
    [
        ("z_danfoss", "turn_on", None, "Danfoss Radiator cannot do turn_on: the zigbee2mqtt preset has no message"),
        ("h_switch", "toggle", None, "Porch Switch cannot do toggle: the homeassistant preset has no message"),
        ("z_white_bulb", "set_color", "red", "Desk Bulb shows only shades of white"),
        ("t_ct_bulb", "set_color", "blurple", "I don't know the colour 'blurple'"),
    ],
)
def test_what_a_device_cannot_do_is_refused_with_the_reason(
    preset_home: Home, device_id: str, action: str, value: Value, reason: str
) -> None:
    device = preset_home.device(device_id)
    assert device is not None
    with pytest.raises(PayloadError, match=re.escape(reason)):
        messages_for(device, Command(device_id, action, value))


def test_a_refused_action_publishes_nothing(
    preset_home: Home, mosquitto: Any, listener: Listener, connect: Connect
) -> None:
    home = home_on_broker(preset_home, mosquitto.host, mosquitto.port)
    deliveries = CommandPublisher(home, connect(home)).publish([Command("z_danfoss", "turn_on")])
    assert [d.delivered for d in deliveries] == [False]
    assert listener.wait_count(1, timeout=1.0) == []


CHECK_CASES: list[dict[str, Any]] = load_cases("check_refusals.yaml")


@pytest.mark.parametrize("case", CHECK_CASES, ids=[c["why"] for c in CHECK_CASES])
def test_check_refuses_what_a_preset_cannot_send(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "devices.yaml"
    path.write_text(yaml.safe_dump({"devices": [case["device"]]}), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_home(path)
    assert [str(p) for p in refused.value.problems] == [case["problem"]]


def test_a_valve_does_not_ask_first(preset_home: Home) -> None:
    device = preset_home.device("z_valve")
    assert device is not None
    assert [a for a in ("open", "close", "set_position") if preset_home.needs_confirmation(device, a)] == []
