"""`assistant send`, `assistant run` and the service hand a sentence to the same utterance handler:
the same sentence gives the same commands, the same messages on the broker and the same reply
through each; a risky one is asked about by each and sent by none."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from wire_recorder import WireRecorder

from assistant.audio.wavfile import read_wav, write_wav
from assistant.cli import main
from assistant.feedback.speech import PiperSpeaker, room_noise
from assistant.service.app import AssistantService

LAMP = "turn on the living room lamp"
LAMP_RECORDING = "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav"
UNLOCK = "unlock the front door"
# The assistant's own topics (events), apart from the devices' topics; of them, the service's
# input and its availability say nothing about the sentence.
OWN_TOPICS = ("assistant/", "hermes/")
NOT_EVENTS = ("assistant/text", "assistant/availability")
# `run` and the service ask the devices for their state when they start (Zigbee2MQTT /get, an
# empty Tasmota STATE: docs/state.md); those messages are not the sentence's.
STATE_QUERY = re.compile(r"(/get|^cmnd/[^/]+/STATE)$")


@pytest.fixture(scope="module")
def speaker() -> PiperSpeaker:
    return PiperSpeaker()


class Outcome:
    """What one entry point did with the sentence: the commands, the messages, the reply."""

    def __init__(self, commands: list[str], messages: list[tuple[str, bytes]], reply: str) -> None:
        self.commands = commands
        self.device_messages = [(t, p) for t, p in messages if not t.startswith(OWN_TOPICS) and not STATE_QUERY.search(t)]
        self.event_topics = [t for t, _ in messages if t.startswith(OWN_TOPICS) and t not in NOT_EVENTS]
        self.reply = reply


def messages_during(wire: WireRecorder, action: Callable[[], Any], settle_s: float = 1.5) -> tuple[Any, list[tuple[str, bytes]]]:
    """What `action` returns and every message the broker routed while (and just after) it ran."""
    before = len(wire.messages)
    result = action()
    wire.wait_count(10**6, timeout=settle_s)  # let stragglers arrive
    return result, [(t, p) for t, p, _ in wire.messages[before:]]


def through_send(home_path: Path, wire: WireRecorder, text: str, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    # A terminal that answers "no": the question is asked there, as a person would see it.
    monkeypatch.setattr("assistant.cli.send.stdin_is_terminal", lambda: True)
    args = ["send", "--config", str(home_path), "--understand", "templates", text]
    result, messages = messages_during(wire, lambda: CliRunner().invoke(main, args, input="n\n"))
    assert result.exit_code == 0, result.output
    sent = re.findall(r"^sent (\S+ \S+?):", result.stdout, re.MULTILINE)
    question = re.match(r"^(.*\?) \[y/N\]: ", result.stdout)
    reply = question.group(1) if question else result.stdout.strip().splitlines()[-1]
    return Outcome(sent, messages, reply)


def through_run(home_path: Path, wire: WireRecorder, recording: Path) -> Outcome:
    args = ["run", "--config", str(home_path), "--input", str(recording), "--no-wake", "--no-sounds", "--no-speech",
            "--stt", "pocketsphinx", "--understand", "templates"]  # fmt: skip
    result, messages = messages_during(wire, lambda: CliRunner().invoke(main, args))
    assert result.exit_code == 0, result.output
    heard = re.search(r"-> (.*?); said (.*) \[", result.output)
    assert heard is not None, result.output
    commands = [] if heard.group(1) == "nothing" else heard.group(1).split(", ")
    return Outcome(commands, messages, ast.literal_eval(heard.group(2)))


def through_service(service: AssistantService, wire: WireRecorder, text: str) -> Outcome:
    def say() -> dict[str, Any]:
        events = len(wire.on("assistant/utterance"))
        wire.client.publish("assistant/text", text, qos=1).wait_for_publish(5)
        return json.loads(wire.wait_for("assistant/utterance", count=events + 1)[events])

    event, messages = messages_during(wire, say)
    commands = [" ".join(str(c[k]) for k in ("device", "action")) for c in event["commands"]]
    return Outcome(commands, messages, event["reply"])


def spoken(speaker: PiperSpeaker, text: str, path: Path) -> Path:
    write_wav(path, room_noise(0.5) + speaker.synthesize_16k(text) + room_noise(1.5))
    return path


def three_ways(
    home_path: Path, wire: WireRecorder, start_service: Callable[..., AssistantService], monkeypatch: pytest.MonkeyPatch,
    text: str, recording: Path,
) -> dict[str, Outcome]:  # fmt: skip
    assert wire.wait_subscribed()
    outcomes = {"send": through_send(home_path, wire, text, monkeypatch), "run": through_run(home_path, wire, recording)}
    service = start_service(home_path)
    assert service.connection.wait_connected(10)
    wire.wait_for("assistant/availability")
    outcomes["service"] = through_service(service, wire, text)
    return outcomes


def test_a_command_gives_the_same_commands_messages_and_reply_everywhere(
    home_path: Path, recorder: WireRecorder, start_service: Callable[..., AssistantService],
    monkeypatch: pytest.MonkeyPatch, shared_dir: Path, tmp_path: Path,
) -> None:  # fmt: skip
    recording = tmp_path / "lamp.wav"
    write_wav(recording, read_wav(shared_dir / "audio" / LAMP_RECORDING) + room_noise(1.0))
    outcomes = three_ways(home_path, recorder, start_service, monkeypatch, LAMP, recording)
    assert {name: o.commands for name, o in outcomes.items()} == dict.fromkeys(outcomes, ["living_room_lamp turn_on"])
    assert outcomes["run"].device_messages == outcomes["send"].device_messages
    assert outcomes["service"].device_messages == outcomes["send"].device_messages
    assert len(outcomes["send"].device_messages) == 1
    assert {name: o.reply for name, o in outcomes.items()} == dict.fromkeys(outcomes, "Turned on the living room lamp.")
    # `run` and the service tell the home the same things about it (send tells only the terminal).
    assert outcomes["run"].event_topics == outcomes["service"].event_topics


def test_a_risky_command_is_asked_about_everywhere_and_sent_nowhere(
    home_path: Path, recorder: WireRecorder, start_service: Callable[..., AssistantService],
    monkeypatch: pytest.MonkeyPatch, speaker: PiperSpeaker, tmp_path: Path,
) -> None:  # fmt: skip
    outcomes = three_ways(home_path, recorder, start_service, monkeypatch, UNLOCK, spoken(speaker, UNLOCK, tmp_path / "u.wav"))
    assert {name: o.reply for name, o in outcomes.items()} == dict.fromkeys(outcomes, "Unlock the front door?")
    assert {name: o.device_messages for name, o in outcomes.items()} == dict.fromkeys(outcomes, [])
    assert "assistant/confirmation" in outcomes["run"].event_topics
    assert "assistant/confirmation" in outcomes["service"].event_topics
