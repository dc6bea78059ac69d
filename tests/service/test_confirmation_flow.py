"""Risky commands through the running service and a real broker: a yes executes, anything
else does not. "Nothing was published" is proved by order: a safe command sent afterwards
reaches the recorder, and the risky one never came before it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.service.app import AssistantService
from assistant.handling.utterance import heard_now

UNLOCK = "unlock the front door"
SAFE = "turn on the kitchen light"


def connected(start_service: Callable[..., AssistantService], path: Path) -> AssistantService:
    service = start_service(path)
    assert service.connection.wait_connected(10), "the service did not connect"
    return service


def assert_not_published(service: AssistantService, recorder: Any, risky_topic: str, safe_topic: str) -> None:
    service.handler.process(heard_now(SAFE))
    assert recorder.wait_for(safe_topic), "the safe command after it did not arrive"
    assert risky_topic not in recorder.topics()


def test_unlock_asks_first(start_service, home_path, recorder, topic_of) -> None:
    service = connected(start_service, home_path)
    asked = service.handler.process(heard_now(UNLOCK))
    assert asked.reply.text == "Unlock the front door?"
    assert_not_published(service, recorder, topic_of("front_door", "unlock"), topic_of("kitchen_light", "turn_on"))


def test_a_spoken_yes_unlocks(start_service, home_path, recorder, topic_of) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now(UNLOCK))
    done = service.handler.process(heard_now("yes"))
    assert done.reply.text == "Unlocked the front door."
    assert recorder.wait_for(topic_of("front_door", "unlock"))


def test_a_spoken_no_does_not_unlock(start_service, home_path, recorder, topic_of) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now(UNLOCK))
    refused = service.handler.process(heard_now("no"))
    assert refused.event.confirmation == {"outcome": "refused", "commands": [{"device": "front_door", "action": "unlock", "value": None}]}
    assert_not_published(service, recorder, topic_of("front_door", "unlock"), topic_of("kitchen_light", "turn_on"))


def test_a_yes_on_the_confirm_topic_opens_the_garage(start_service, home_path, recorder, topic_of) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now("open the garage door"))
    recorder.client.publish("assistant/confirm", "yes", qos=1)
    assert recorder.wait_for(topic_of("garage_door", "open"))


def test_a_no_on_the_confirm_topic_keeps_the_garage_shut(start_service, home_path, recorder, topic_of) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now("open the garage door"))
    recorder.client.publish("assistant/confirm", "no", qos=1)
    asked_then_settled = recorder.wait_for("assistant/confirmation", count=2)
    assert [json.loads(p).get("outcome") for p in asked_then_settled] == ["asked", "refused"]
    assert_not_published(service, recorder, topic_of("garage_door", "open"), topic_of("kitchen_light", "turn_on"))


def test_no_answer_in_time_does_not_unlock(start_service, make_home, recorder, topic_of) -> None:
    service = connected(start_service, make_home(confirm={"timeout": 0.05}))
    service.handler.process(heard_now(UNLOCK))
    time.sleep(0.2)  # past the limit: the loop lets the question lapse, or the late yes finds it so
    service.handler.process(heard_now("yes"))
    assert_not_published(service, recorder, topic_of("front_door", "unlock"), topic_of("kitchen_light", "turn_on"))
    asked_then_lapsed = recorder.wait_for("assistant/confirmation", count=2)
    assert [json.loads(p).get("outcome") for p in asked_then_lapsed] == ["asked", "expired"]


def test_with_a_pin_a_plain_yes_is_not_enough(start_service, make_home, recorder, topic_of) -> None:
    service = connected(start_service, make_home(confirm={"timeout": 60, "pin": "4321"}))
    asked = service.handler.process(heard_now(UNLOCK))
    assert asked.reply.text == "Unlock the front door? Say the PIN to confirm."
    service.handler.process(heard_now("yes"))
    assert_not_published(service, recorder, topic_of("front_door", "unlock"), topic_of("kitchen_light", "turn_on"))


def test_the_spoken_pin_unlocks(start_service, make_home, recorder, topic_of) -> None:
    service = connected(start_service, make_home(confirm={"timeout": 60, "pin": "4321"}))
    service.handler.process(heard_now(UNLOCK))
    service.handler.process(heard_now("four three two one"))
    assert recorder.wait_for(topic_of("front_door", "unlock"))


def test_confirm_false_unlocks_at_once(start_service, make_home, recorder, topic_of) -> None:
    service = connected(start_service, make_home(devices={"front_door": {"confirm": False}}))
    handled = service.handler.process(heard_now(UNLOCK))
    assert handled.reply.text == "Unlocked the front door."
    assert recorder.wait_for(topic_of("front_door", "unlock"))
