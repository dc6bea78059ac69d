"""How a sentence's words pick devices: names, look-alike names, places, "all", floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.commands import Command
from assistant.config import load_home
from assistant.understanding import Request, Resolver, Target, TemplateUnderstander

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def lookalikes() -> TemplateUnderstander:
    return TemplateUnderstander(load_home(DATA / "lookalike_home.yaml"))


def test_one_name_in_two_rooms_is_no_command_naming_both(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn on the desk lamp", "Kitchen")
    assert result.commands == []
    assert "office_desk_lamp" in (result.reason or "")
    assert "bedroom_desk_lamp" in (result.reason or "")


def test_one_name_in_two_rooms_means_the_one_in_the_microphones_room(lookalikes: TemplateUnderstander) -> None:
    assert lookalikes.parse("turn on the desk lamp", "Office").commands == [Command("office_desk_lamp", "turn_on")]


def test_one_name_in_two_rooms_narrowed_by_the_room_said(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn on the desk lamp in the bedroom", "Kitchen")
    assert result.commands == [Command("bedroom_desk_lamp", "turn_on")]


def test_misheard_name_equally_close_to_two_devices_is_no_command_naming_both(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn on the ted lamp", "Kitchen")
    assert result.commands == []
    assert "Red Lamp" in (result.reason or "")
    assert "Bed Lamp" in (result.reason or "")


def test_misheard_name_close_to_one_device_is_repaired(lookalikes: TemplateUnderstander) -> None:
    assert lookalikes.parse("turn on the red lamb", "Office").commands == [Command("red_lamp", "turn_on")]


def test_all_without_a_room_means_the_whole_home(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn off all the lights", "Kitchen")
    assert {c.device for c in result.commands} == {"office_desk_lamp", "bedroom_desk_lamp", "red_lamp", "bed_lamp"}


def test_no_room_word_means_the_microphones_room(lookalikes: TemplateUnderstander) -> None:
    assert lookalikes.parse("turn off the lights", "Kitchen").commands == [Command("red_lamp", "turn_off")]


def test_no_room_word_and_no_microphone_room_is_no_command(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn off the lights", None)
    assert result.commands == []
    assert "room" in (result.reason or "")


def test_a_question_without_a_room_asks_the_whole_home(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("which lights are on?", None)
    assert len(result.commands) == 4
    assert {c.action for c in result.commands} == {"get_state"}


def test_a_floor_means_every_area_on_it(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn off the upstairs lights", "Kitchen")
    assert {c.device for c in result.commands} == {"office_desk_lamp", "bedroom_desk_lamp", "bed_lamp"}


def test_a_group_leaves_out_devices_that_cannot_do_the_action(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("set all the lights to red", "Kitchen")
    assert result.commands == [Command("red_lamp", "set_color", "red")]


def test_a_group_none_of_which_can_do_the_action_is_no_command(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("set the lights in the bedroom to fifty percent", "Kitchen")
    assert result.commands == []
    assert "brightness" in (result.reason or "")


def test_a_room_without_that_kind_of_device_is_no_command(lookalikes: TemplateUnderstander) -> None:
    result = lookalikes.parse("turn on the fan in the kitchen", "Kitchen")
    assert result.commands == []
    assert "fans" in (result.reason or "")


@pytest.mark.parametrize(
    ("intent", "value", "reason_word"),
    [("lock", None, "lock"), ("set_brightness", 50, "brightness"), ("set_temperature", 20, "temperature")],
)
def test_resolver_never_gives_an_action_the_type_cannot_do(intent: str, value: int | None, reason_word: str) -> None:
    resolver = Resolver(load_home(DATA / "lookalike_home.yaml"))
    resolution = resolver.resolve([Request(intent, Target(name="Kettle"), value)], "Kitchen")
    assert resolution.commands == []
    assert reason_word in (resolution.reason or "")


def test_resolver_names_a_missing_device_in_its_reason() -> None:
    resolver = Resolver(load_home(DATA / "lookalike_home.yaml"))
    resolution = resolver.resolve([Request("on", Target(name="sauna"))], "Kitchen")
    assert resolution.commands == []
    assert "sauna" in (resolution.reason or "")


def test_resolver_refuses_every_request_when_one_of_them_is_impossible() -> None:
    resolver = Resolver(load_home(DATA / "lookalike_home.yaml"))
    requests = [Request("on", Target(name="Kettle")), Request("on", Target(name="sauna"))]
    assert resolver.resolve(requests, "Kitchen").commands == []
