"""Home.validate_command: the last gate before anything is published."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.commands import Command
from assistant.config import load_home


@pytest.fixture(scope="module")
def home(example_config: Path):
    return load_home(example_config)


@pytest.mark.parametrize(
    "command",
    [
        Command("living_room_lamp", "set_brightness", 50),
        Command("living_room_lamp", "set_color", "red"),
        Command("office_thermostat", "set_temperature", 21.5),
        Command("office_thermostat", "set_mode", "heat"),
        Command("front_door", "get_state"),
        Command("movie_scene", "activate"),
    ],
)
def test_allowed_commands_pass(home, command: Command) -> None:
    assert home.validate_command(command) is None


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (Command("sauna", "turn_on"), "no device 'sauna'"),
        (Command("kitchen_light", "set_color", "red"), "cannot set color"),
        (Command("office_lamp", "set_brightness", 50), "cannot set brightness"),
        (Command("living_room_lamp", "set_brightness", 150), "0 to 100"),
        (Command("office_thermostat", "set_temperature", 45), "outside"),
        (Command("office_thermostat", "set_mode", "turbo"), "set_mode takes"),
        (Command("front_door", "open"), "cannot open"),
        (Command("kitchen_temperature", "turn_on"), "cannot turn on"),
        (Command("living_room_lamp", "turn_on", 5), "takes no value"),
    ],
)
def test_invalid_commands_are_refused_with_a_reason(home, command: Command, why: str) -> None:
    reason = home.validate_command(command)
    assert reason is not None
    assert why in reason


def test_unlock_and_garage_open_need_confirmation_by_default(home) -> None:
    assert home.needs_confirmation(home.device("front_door"), "unlock")
    assert not home.needs_confirmation(home.device("front_door"), "lock")
    assert home.needs_confirmation(home.device("garage_door"), "open")
    assert not home.needs_confirmation(home.device("living_room_blinds"), "open")
