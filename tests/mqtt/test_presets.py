"""Every preset's messages, checked on the wire: a separate client sees the exact topic and payload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mqtt_support import Connect, Listener, home_on_broker, load_cases

from assistant.commands import Command, Value
from assistant.config import Home, load_home
from assistant.mqtt import CommandPublisher, PayloadError, messages_for
from assistant.mqtt.presets import PRESETS, color_rgb

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


def test_every_action_of_the_example_home_has_a_message(example_config: Path) -> None:
    home = load_home(example_config)
    for device in home.devices:
        for action in home.allowed_actions(device):
            value = SAMPLE_VALUES.get(action, 50 if action.startswith("set_") else None)
            expected = 0 if action == "get_state" else 1
            assert len(messages_for(device, Command(device.id, action, value))) == expected, (device.id, action)


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


def test_a_relay_valve_refuses_a_position(preset_home: Home) -> None:
    device = preset_home.device("t_valve")
    assert device is not None
    with pytest.raises(PayloadError, match="Garden Valve is a Tasmota relay"):
        messages_for(device, Command("t_valve", "set_position", 50))


def test_a_valve_does_not_ask_first(preset_home: Home) -> None:
    device = preset_home.device("z_valve")
    assert device is not None
    assert [a for a in ("open", "close", "set_position") if preset_home.needs_confirmation(device, a)] == []
