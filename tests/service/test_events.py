"""What the service tells the home over MQTT: availability, one event per utterance, and
Rhasspy Hermes messages (docs/events.md)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from assistant.handling.utterance import HeardUtterance
from assistant.service.app import AssistantService
from assistant.handling.utterance import heard_now

KITCHEN_ON = "turn on the kitchen light"


def connected(start_service: Callable[..., AssistantService], path: Path) -> AssistantService:
    service = start_service(path)
    assert service.connection.wait_connected(10)
    return service


def test_availability_is_online_while_running(start_service, home_path, recorder) -> None:
    connected(start_service, home_path)
    assert recorder.wait_for("assistant/availability") == ["online"]


def test_a_clean_stop_says_offline(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    recorder.wait_for("assistant/availability")
    service.stop()
    assert recorder.wait_for("assistant/availability", count=2) == ["online", "offline"]


def test_availability_is_retained(start_service, home_path, recorder, mosquitto) -> None:
    connected(start_service, home_path)
    recorder.wait_for("assistant/availability")
    late = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    got: list[tuple[bytes, bool]] = []
    late.on_message = lambda c, u, m: got.append((m.payload, bool(m.retain)))
    late.connect(mosquitto.host, mosquitto.port)
    late.subscribe("assistant/availability")
    for _ in range(100):
        late.loop(0.05)
        if got:
            break
    late.disconnect()
    assert got == [(b"online", True)]


def test_one_event_per_utterance(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    service.handler.process(HeardUtterance(KITCHEN_ON, None, time.monotonic(), {"transcript": 120.0}))
    event = json.loads(recorder.wait_for("assistant/utterance")[0])
    assert event["transcript"] == KITCHEN_ON
    assert event["commands"] == [{"device": "kitchen_light", "action": "turn_on", "value": None}]
    assert event["handled_by"] == "templates"
    assert {"transcript", "understand", "publish"} <= set(event["timings"])


def test_text_captured_in_hermes(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now(KITCHEN_ON))
    captured = json.loads(recorder.wait_for("hermes/asr/textCaptured")[0])
    assert (captured["text"], captured["siteId"]) == (KITCHEN_ON, "default")


def test_a_command_is_a_hermes_intent(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now(KITCHEN_ON))
    intent = json.loads(recorder.wait_for("hermes/intent/TurnOn")[0])
    assert intent["intent"]["intentName"] == "TurnOn"
    assert [(s["slotName"], s["value"]["value"]) for s in intent["slots"]] == [("device", "kitchen_light")]


def test_nonsense_is_intent_not_recognized(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now("what a lovely day"))
    assert json.loads(recorder.wait_for("hermes/nlu/intentNotRecognized")[0])["input"] == "what a lovely day"


def test_the_wake_word_is_a_hermes_hotword(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    service.handler.process(HeardUtterance(KITCHEN_ON, None, time.monotonic(), {}, "hey_jarvis"))
    assert json.loads(recorder.wait_for("hermes/hotword/hey_jarvis/detected")[0])["modelId"] == "hey_jarvis"


def test_a_held_unlock_is_not_announced_as_an_intent(start_service, home_path, recorder) -> None:
    service = connected(start_service, home_path)
    service.handler.process(heard_now("unlock the front door"))
    service.handler.process(heard_now("no"))
    service.handler.process(heard_now(KITCHEN_ON))
    assert recorder.wait_for("hermes/intent/TurnOn")
    assert "hermes/intent/Unlock" not in recorder.topics()


def test_text_on_the_text_topic_is_handled(start_service, home_path, recorder, topic_of) -> None:
    connected(start_service, home_path)
    recorder.client.publish("assistant/text", json.dumps({"text": KITCHEN_ON}), qos=1)
    assert recorder.wait_for(topic_of("kitchen_light", "turn_on"))


def test_hermes_can_be_turned_off(start_service, make_home, recorder) -> None:
    service = connected(start_service, make_home(hermes=False))
    service.handler.process(heard_now(KITCHEN_ON))
    assert recorder.wait_for("assistant/utterance")
    assert not [t for t in recorder.topics() if t.startswith("hermes/")]
