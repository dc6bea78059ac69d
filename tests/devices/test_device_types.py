"""Every device type and every action through every layer: the templates read a sentence as
the action, validation accepts it, each MQTT preset has a message for it (or refuses it in so
many words), its reply is worded, and a state message of the type gets its answer. A type or
an action without a case in type_cases.yaml fails here, so a new type cannot skip a layer."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.commands import Command
from assistant.config import DeviceConfig, Home
from assistant.config.schema import HomeFile
from assistant.devices import TYPES, words_key
from assistant.devices.spec import PresetHooks
from assistant.feedback.replies import describe, done_sentence
from assistant.mqtt import PayloadError, messages_for
from assistant.mqtt.presets import PRESETS, state_topics
from assistant.mqtt.state import DeviceState, describe_state, parse_payload
from assistant.understanding import TemplateUnderstander

CASES: dict[str, dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "type_cases.yaml").read_text(encoding="utf-8"))
ROOM = "Test Room"
ACTION_CASES = [(type_name, action) for type_name, case in CASES.items() for action in case["actions"]]


def _device(type_name: str, preset: str = "generic") -> dict[str, Any]:
    spec = CASES[type_name]["device"]
    return {
        "id": type_name,
        "type": type_name,
        "area": ROOM,
        **spec,
        "features": list(spec.get("features", ())),
        "mqtt": {"topic": f"test/{type_name}", "preset": preset},
    }


@pytest.fixture(scope="module")
def home() -> Home:
    return Home(HomeFile.model_validate({"devices": [_device(t) for t in CASES]}))


@pytest.fixture(scope="module")
def understander(home: Home) -> TemplateUnderstander:
    return TemplateUnderstander(home)


def _command(type_name: str, action: str) -> Command:
    return Command(type_name, action, CASES[type_name]["actions"][action].get("value"))


def _with_preset(type_name: str, preset: str) -> DeviceConfig:
    return DeviceConfig.model_validate(_device(type_name, preset))


def test_every_type_has_cases() -> None:
    assert set(CASES) == set(TYPES)


@pytest.mark.parametrize("type_name", list(TYPES))
def test_every_action_has_a_case(type_name: str) -> None:
    spec = TYPES[type_name]
    assert set(CASES.get(type_name, {}).get("actions", {})) == set(spec.actions_for(spec.features))


def test_every_preset_has_a_hook_in_every_type() -> None:
    """A type says each preset's payload (PresetHooks has no defaults); generic is shared."""
    assert {f.name for f in fields(PresetHooks)} == set(PRESETS) - {"generic"}


@pytest.mark.parametrize("type_name", list(TYPES))
def test_other_types_actions_are_refused(type_name: str, home: Home) -> None:
    device = home.device(type_name)
    assert device is not None
    others = {a.name for t in TYPES.values() for a in t.actions} - set(home.allowed_actions(device))
    accepted = [a for a in sorted(others) if home.validate_command(Command(type_name, a)) is None]
    assert accepted == []


@pytest.mark.parametrize(("type_name", "action"), ACTION_CASES)
def test_a_sentence_is_read_as_the_action(type_name: str, action: str, understander: TemplateUnderstander) -> None:
    result = understander.parse(CASES[type_name]["actions"][action]["say"], ROOM)
    assert result.commands == [_command(type_name, action)]


@pytest.mark.parametrize(("type_name", "action"), ACTION_CASES)
def test_validation_accepts_the_action(type_name: str, action: str, home: Home) -> None:
    assert home.validate_command(_command(type_name, action)) is None


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize(("type_name", "action"), ACTION_CASES)
def test_every_preset_has_a_message_or_a_refusal(type_name: str, action: str, preset: str) -> None:
    device = _with_preset(type_name, preset)
    try:
        messages = messages_for(device, _command(type_name, action))
    except PayloadError as refusal:
        assert str(refusal)  # an explicit "cannot", in a sentence
        return
    assert len(messages) == (0 if action == "get_state" else 1)


@pytest.mark.parametrize(("type_name", "action"), [c for c in ACTION_CASES if c[1] != "get_state"])
def test_the_reply_words_the_action(type_name: str, action: str, home: Home) -> None:
    assert done_sentence(home, [_command(type_name, action)]) == CASES[type_name]["actions"][action]["reply"]


@pytest.mark.parametrize("part", ["ask", "cannot", "answer"])
@pytest.mark.parametrize(("type_name", "action"), ACTION_CASES)
def test_the_language_words_the_action(type_name: str, action: str, part: str, home: Home) -> None:
    """A question ("unlock the front door?"), a refusal ("cannot unlock") and the language
    model's answer words come from the language data, not the action's name."""
    assert home.language.has(f"{words_key(action)}.{part}")


@pytest.mark.parametrize("type_name", list(CASES))
def test_a_state_message_is_answered(type_name: str, home: Home) -> None:
    case = CASES[type_name]["state"]
    device = _with_preset(type_name, case["preset"])
    topic = state_topics(device)[0].replace("RESULT", case.get("topic_leaf", "RESULT"))
    state = DeviceState(fields=parse_payload(topic, case["payload"].encode()), raw=case["payload"])
    assert describe_state(device, state, home) == case["answer"]


def test_a_question_names_the_device_and_value(home: Home) -> None:
    assert describe(home, Command("cover", "set_position", 30)) == "open the test blinds to 30 percent"
