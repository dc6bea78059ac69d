"""After fuzzed state messages and broken devices.yaml reloads (tests/support/fuzzing.py), the
running service still answers a question (issue 14's fuzz target)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from support.fuzzing import SEED, mutated_config, mutated_payload, seed_payloads

from assistant.handling.utterance import heard_now
from assistant.mqtt.availability import availability_source
from assistant.mqtt.presets import state_topics
from assistant.service.app import AssistantService

SERVICE_MESSAGES = 2_000


def _publish_all(broker: Any, messages: list[tuple[str, bytes]]) -> None:
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        for topic, payload in messages:
            client.publish(topic, payload, qos=1)
        client.publish("fuzz/done", "done", qos=1).wait_for_publish(10)
    finally:
        client.disconnect()
        client.loop_stop()


def test_the_service_still_answers_after_fuzzed_states_and_configs(
    start_service: Callable[..., AssistantService], make_home: Callable[..., Path], mosquitto: Any
) -> None:
    path = make_home()
    service = start_service(path)
    assert service.connection.wait_connected(10)
    home = service.runtime.home
    rng = random.Random(SEED)
    topics = sorted({t for d in home.devices for t in state_topics(d)}
                    | {s.topic for d in home.devices if (s := availability_source(d))})  # fmt: skip
    seeds = seed_payloads()
    _publish_all(mosquitto, [(rng.choice(topics), mutated_payload(rng.choice(seeds)[1], rng))
                             for _ in range(SERVICE_MESSAGES)])  # fmt: skip
    lines = path.read_text(encoding="utf-8").splitlines()
    good = path.read_text(encoding="utf-8")
    for _ in range(20):  # broken and odd files handed to the running service's reload
        path.write_text(mutated_config(lines, rng), encoding="utf-8")
        service.reloader.reload_now("fuzz")
    path.write_text(good, encoding="utf-8")
    service.reloader.reload_now("fuzz")
    _publish_all(mosquitto, [("home/kitchen/temperature", b"21.5"), ("tele/coffee_maker/LWT", b"Online")])
    reply = service.handler.process(heard_now("what is the temperature in the kitchen")).reply
    assert reply.text == "The kitchen temperature is 21.5 °C."
