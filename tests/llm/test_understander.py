"""Real inference with the bundled model: understanding, safety marking, routing and reload."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.paraphrases import load_paraphrases

from assistant.commands import Command
from assistant.config import Home, parse_home_text
from assistant.understanding import RoutedUnderstander, TemplateUnderstander

INFERENCE = load_paraphrases(Path(__file__).parent / "data" / "inference.yaml")

pytestmark = pytest.mark.slow  # loads the model (a few seconds) and runs it


@pytest.mark.parametrize("item", INFERENCE, ids=lambda p: p.text)
def test_understands_sentence(llm_understander, item) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse(item.text, item.area)
    assert item.matches(result.commands), result.to_dict()


def test_small_talk_yields_nothing_with_a_reason(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("tell me a joke", "Living Room")
    assert (result.commands, result.handled_by) == ([], "llm")
    assert result.reason


def test_unlock_from_the_llm_needs_confirmation(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("unlock the front door", "Living Room")
    unlock = Command("front_door", "unlock", None)
    assert result.commands == [unlock]
    assert result.needs_confirmation == [unlock]


def test_plain_command_needs_no_confirmation(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("fire up the coffee machine", "Living Room")
    assert result.commands
    assert result.needs_confirmation == []


def test_templates_go_first(llm_understander, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    both = RoutedUnderstander(TemplateUnderstander(example_home), llm_understander, None)
    assert both.parse("turn on the kitchen light", "Living Room").handled_by == "templates"


def test_llm_reads_what_templates_miss(llm_understander, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    both = RoutedUnderstander(TemplateUnderstander(example_home), llm_understander, None)
    result = both.parse("fire up the coffee machine", "Living Room")
    assert result.handled_by == "llm"
    assert result.commands == [Command("coffee_maker", "turn_on", None)]


def test_reload_adds_new_devices_to_the_grammar(llm_understander, example_home: Home, example_config: Path) -> None:  # type: ignore[no-untyped-def]
    text = example_config.read_text() + (
        "  - id: garden_pump\n    name: Garden Pump\n    type: switch\n    mqtt:\n      topic: home/garden\n"
    )
    bigger = Home(parse_home_text(text, example_config), example_config)
    try:
        llm_understander.reload(bigger)
        assert '"Garden Pump"' in llm_understander.grammar_text
        assert llm_understander.parse("switch the garden pump on", None).commands == [Command("garden_pump", "turn_on", None)]
    finally:
        llm_understander.reload(example_home)


def test_sentence_longer_than_the_context_is_refused_with_a_reason(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("turn on the kitchen light " * 400, "Living Room")
    assert result.commands == []
    assert "too long" in (result.reason or "")


def test_send_refuses_an_llm_understood_unlock(llm_understander, example_config: Path, mosquitto) -> None:  # type: ignore[no-untyped-def]
    # llm_understander: only to skip where the model cannot load; the CLI loads its own.
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "send", "--config", str(example_config), "--broker", mosquitto.address,
         "--understand", "llm", "unlock the front door"],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "not sent" in run.stdout
    assert "front" in run.stdout.lower()


def test_a_remark_about_a_device_is_not_a_command(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("I love this lamp", "Living Room")
    assert (result.commands, result.handled_by) == ([], "llm")
    assert result.reason


def test_a_sentence_the_templates_misread_goes_to_the_llm(llm_understander, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    # The templates read "lock {name}" with the name "up the front door", which no device has.
    both = RoutedUnderstander(TemplateUnderstander(example_home), llm_understander, None)
    result = both.parse("lock up the front door", "Living Room")
    assert result.handled_by == "llm"
    assert result.commands == [Command("front_door", "lock", None)]


def test_a_device_the_room_lacks_keeps_the_templates_reason(llm_understander, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    both = RoutedUnderstander(TemplateUnderstander(example_home), llm_understander, None)
    result = both.parse("turn on the fan in the kitchen", "Living Room")
    assert result.commands == []
    assert result.handled_by == "templates"


def test_two_requests_joined_by_and_are_both_understood(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("lock the front door and close the garage door", "Living Room")
    assert result.commands == [Command("front_door", "lock", None), Command("garage_door", "close", None)]


def test_one_action_on_two_devices_joined_by_and(llm_understander) -> None:  # type: ignore[no-untyped-def]
    result = llm_understander.parse("turn the kitchen light and the coffee machine off", "Living Room")
    assert sorted(result.commands, key=lambda c: c.device) == [
        Command("coffee_maker", "turn_off", None), Command("kitchen_light", "turn_off", None),
    ]
