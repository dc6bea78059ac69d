"""`assistant run --input`: a recording in, commands on a real broker, one line per command."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
from click.testing import CliRunner
from paho.mqtt.enums import CallbackAPIVersion

from assistant.cli import main

LAMP = "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav"


@pytest.fixture
def broker_messages(mosquitto: Any) -> Iterator[list[tuple[str, bytes]]]:
    """Everything published on the test broker while the test runs."""
    messages: list[tuple[str, bytes]] = []
    subscribed = threading.Event()
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    client.on_connect = lambda c, *_: c.subscribe("#")
    client.on_subscribe = lambda *_: subscribed.set()
    client.on_message = lambda _c, _u, m: messages.append((m.topic, m.payload))
    client.connect(mosquitto.host, mosquitto.port)
    client.loop_start()
    assert subscribed.wait(5)
    yield messages
    client.loop_stop()
    client.disconnect()


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["run", "--no-sounds", "--no-speech", "--stt", "pocketsphinx", "--understand", "templates", *args])


def test_a_recording_turns_on_the_lamp_on_the_broker(
    audio_dir: Path, example_config: Path, mosquitto: Any, broker_messages: list[tuple[str, bytes]]
) -> None:
    result = run("--config", str(example_config), "--broker", mosquitto.address, "--input", str(audio_dir / LAMP), "--no-wake")
    assert result.exit_code == 0, result.output
    assert "living_room_lamp turn_on" in result.output
    assert ("zigbee2mqtt/living_room_lamp/set", b'{"state": "ON"}') in [(t, p.replace(b" ", b"").replace(b":", b": ")) for t, p in broker_messages]


def test_record_keeps_a_wav_of_each_command(audio_dir: Path, example_config: Path, mosquitto: Any, tmp_path: Path) -> None:
    result = run("--config", str(example_config), "--broker", mosquitto.address, "--input", str(audio_dir / LAMP),
                 "--no-wake", "--record", str(tmp_path / "heard"))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "heard").glob("command-*.wav"))) == 1


def test_a_missing_input_file_is_one_clear_error(example_config: Path, tmp_path: Path) -> None:
    result = run("--config", str(example_config), "--input", str(tmp_path / "absent.wav"))
    assert result.exit_code == 2 and result.output.strip().endswith("absent.wav: no such file")


def test_an_unknown_wake_word_is_one_clear_error(audio_dir: Path, example_config: Path) -> None:
    result = run("--config", str(example_config), "--input", str(audio_dir / LAMP), "--wake-word", "hey_sauna")
    assert result.exit_code == 2 and "unknown microWakeWord wake word 'hey_sauna'" in result.output
