"""At start the service asks the devices that do not retain their state (issue 14, item 2), and
a question is then answered from the reply without waiting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.handling.utterance import heard_now
from assistant.service.app import AssistantService


def test_the_service_asks_zigbee2mqtt_and_tasmota_devices_at_start(
    start_service: Callable[..., AssistantService], home_path: Path, recorder: Any
) -> None:
    start_service(home_path)
    assert recorder.wait_for("zigbee2mqtt/living_room_lamp/get") == ['{"state":"","brightness":""}']
    assert recorder.wait_for("cmnd/kitchen_light/STATE") == [""]


def test_devices_with_retained_state_are_not_asked(
    start_service: Callable[..., AssistantService], home_path: Path, recorder: Any
) -> None:
    service = start_service(home_path)
    assert recorder.wait_for("cmnd/kitchen_light/STATE")  # the asking is done by now
    asked = {topic for topic, _, _ in recorder.messages if topic.endswith(("/get", "/STATE"))}
    followed = {d.mqtt.topic for d in service.runtime.home.devices if d.mqtt.preset in ("generic", "ha_json")}
    assert not {topic for topic in asked if topic.rsplit("/", 1)[0] in followed}


def test_a_reply_to_the_start_query_answers_the_question(
    start_service: Callable[..., AssistantService], home_path: Path, recorder: Any
) -> None:
    service = start_service(home_path)
    assert recorder.wait_for("zigbee2mqtt/living_room_lamp/get")
    service.connection.publish("zigbee2mqtt/living_room_lamp", '{"state":"ON","brightness":254}')
    assert service.runtime.states is not None
    assert service.runtime.states.wait_for(["living_room_lamp"], timeout=5)
    reply = service.handler.process(heard_now("is the living room lamp on")).reply
    assert reply.text == "The living room lamp is on at 100% brightness."
