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

from assistant.audio.pcm import silence
from assistant.audio.wavfile import read_wav, write_wav
from assistant.cli import main
from assistant.feedback.speech import spoken_request

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


def test_the_jsgf_grammar_search_turns_on_the_lamp(
    audio_dir: Path, example_config: Path, mosquitto: Any, broker_messages: list[tuple[str, bytes]]
) -> None:
    result = run("--config", str(example_config), "--broker", mosquitto.address, "--input", str(audio_dir / LAMP),
                 "--no-wake", "--pocketsphinx-search", "jsgf")
    assert result.exit_code == 0, result.output
    assert "living_room_lamp turn_on" in result.output
    assert "zigbee2mqtt/living_room_lamp/set" in [t for t, _ in broker_messages]


def test_record_keeps_a_wav_of_each_command(audio_dir: Path, example_config: Path, mosquitto: Any, tmp_path: Path) -> None:
    result = run("--config", str(example_config), "--broker", mosquitto.address, "--input", str(audio_dir / LAMP),
                 "--no-wake", "--record", str(tmp_path / "heard"))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "heard").glob("command-*.wav"))) == 1


def test_a_missing_input_file_is_one_clear_error(example_config: Path, tmp_path: Path) -> None:
    result = run("--config", str(example_config), "--input", str(tmp_path / "absent.wav"))
    assert result.exit_code == 2
    assert result.output.strip().endswith("absent.wav: no such file")


def test_an_unknown_wake_word_is_one_clear_error(audio_dir: Path, example_config: Path) -> None:
    result = run("--config", str(example_config), "--input", str(audio_dir / LAMP), "--wake-word", "hey_sauna")
    assert result.exit_code == 2
    assert "unknown microWakeWord wake word 'hey_sauna'" in result.output


def with_voice_settings(example_config: Path, tmp_path: Path, voice: str) -> Path:
    """The example home with an `assistant.voice` block."""
    text = example_config.read_text(encoding="utf-8")
    assert "assistant:\n  area: Living Room" in text
    path = tmp_path / "devices.yaml"
    path.write_text(text.replace("assistant:\n  area: Living Room", f"assistant:\n  voice: {voice}\n  area: Living Room"))
    return path


def run_on_file(config: Path, broker: str, wav: Path, *args: str) -> Any:
    """`assistant run` with only what devices.yaml says about the voice path."""
    return CliRunner().invoke(main, ["run", "--config", str(config), "--broker", broker, "--input", str(wav), "--understand", "templates", *args])


def test_the_wake_words_come_from_devices_yaml(audio_dir: Path, example_config: Path, mosquitto: Any, tmp_path: Path) -> None:
    config = with_voice_settings(example_config, tmp_path, "{wake_words: [alexa], stt: pocketsphinx, sounds: false, speech: false}")
    heard = {}
    for word in ("alexa", "hey_jarvis"):
        recording = tmp_path / f"{word}.wav"
        pcm = read_wav(audio_dir / f"wyoming_openwakeword_{word}.wav") + read_wav(audio_dir / LAMP) + silence(1.0)
        write_wav(recording, pcm)
        heard[word] = run_on_file(config, mosquitto.address, recording).output
    assert "living_room_lamp turn_on" in heard["alexa"]
    assert "living_room_lamp" not in heard["hey_jarvis"]


def test_the_speech_engine_comes_from_devices_yaml(audio_dir: Path, example_config: Path, mosquitto: Any, tmp_path: Path) -> None:
    config = with_voice_settings(example_config, tmp_path, "{stt: vosk, sounds: false, speech: false}")
    result = run_on_file(config, mosquitto.address, audio_dir / LAMP, "--models-dir", str(tmp_path / "no-models"))
    assert result.exit_code != 0
    assert "vosk" in result.output.lower()


def test_a_command_line_engine_overrides_devices_yaml(audio_dir: Path, example_config: Path, mosquitto: Any, tmp_path: Path) -> None:
    config = with_voice_settings(example_config, tmp_path, "{stt: vosk, sounds: false, speech: false}")
    result = run_on_file(config, mosquitto.address, audio_dir / LAMP, "--stt", "pocketsphinx", "--no-wake")
    assert result.exit_code == 0, result.output
    assert "living_room_lamp turn_on" in result.output, result.output


def test_a_misspelt_engine_in_devices_yaml_is_a_clear_error(example_config: Path, tmp_path: Path) -> None:
    config = with_voice_settings(example_config, tmp_path, "{stt: pocketsfinx}")
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 2
    assert "assistant.voice.stt" in result.output
    assert "pocketsphinx" in result.output


def test_run_with_the_llm_passes_a_paraphrase_no_template_reads_on_openly(
    example_config: Path, mosquitto: Any, speaker: Any, llm_understander: Any, tmp_path: Path
) -> None:
    recording = tmp_path / "paraphrase.wav"
    write_wav(recording, spoken_request(speaker, "time to clean the house"))
    result = CliRunner().invoke(main, ["run", "--config", str(example_config), "--broker", mosquitto.address,
                                       "--input", str(recording), "--no-sounds", "--no-speech",
                                       "--stt", "pocketsphinx", "--understand", "both"])
    assert result.exit_code == 0, result.output
    assert "(open) -> robot_vacuum start" in result.output, result.output
