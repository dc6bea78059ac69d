"""`assistant send` end to end: sentence in, messages on a real broker out, errors in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner, Result
from mqtt_support import Listener

from assistant.cli import main
from assistant.cli.common import parse_broker_address


def send(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["send", "--config", str(config), "--understand", "templates", *args])


def test_sentence_is_published_and_reported(example_config: Path, mosquitto: Any, listener: Listener) -> None:
    result = send(example_config, "--broker", mosquitto.address, "turn on the kitchen light")
    assert result.exit_code == 0, result.output
    assert result.stdout == "sent kitchen_light turn_on: cmnd/kitchen_light/POWER ON\nTurned on the kitchen light.\n"
    assert listener.wait_count(1) == [("cmnd/kitchen_light/POWER", b"ON")]


def test_question_is_answered_from_the_retained_state(example_config: Path, mosquitto: Any, listener: Listener) -> None:
    listener.client.publish("home/hallway/front_door", "locked", qos=1, retain=True).wait_for_publish(5)
    result = send(example_config, "--broker", mosquitto.address, "is the front door locked")
    assert result.exit_code == 0, result.output
    assert result.stdout == "The front door is locked.\n"


def test_unreachable_broker_is_one_line_and_exit_1(example_config: Path, mosquitto: Any) -> None:
    mosquitto.stop()
    result = send(example_config, "--broker", mosquitto.address, "turn on the kitchen light")
    assert result.exit_code == 1
    assert result.stderr == f"error: Cannot reach the MQTT broker at {mosquitto.address} (connection refused)\n"


def test_wrong_password_is_one_line_and_exit_1(example_config: Path, secure_mosquitto: Any, tmp_path: Path) -> None:
    data = yaml.safe_load(example_config.read_text(encoding="utf-8"))
    data["mqtt"].update(host=secure_mosquitto.host, port=secure_mosquitto.port, username="hub", password="wrong")
    config = tmp_path / "devices.yaml"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = send(config, "turn on the kitchen light")
    assert result.exit_code == 1
    assert result.stderr == f"error: The MQTT broker at {secure_mosquitto.address} refused the username or password\n"


def test_sentence_without_a_command_sends_nothing_and_says_so(
    example_config: Path, mosquitto: Any, listener: Listener
) -> None:
    result = send(example_config, "--broker", mosquitto.address, "what a lovely day")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Sorry, I did not understand that.\n"
    assert listener.wait_count(1, timeout=1.0) == []


def test_malformed_broker_address_is_a_usage_error(example_config: Path) -> None:
    result = send(example_config, "--broker", "localhost:eighteen", "turn on the kitchen light")
    assert result.exit_code == 2
    assert "is not HOST:PORT" in result.stderr


@pytest.mark.parametrize(
    ("text", "address"),
    [("localhost", ("localhost", 1883)), ("10.0.0.2:1884", ("10.0.0.2", 1884)), ("[::1]:1885", ("::1", 1885))],
)
def test_broker_address_forms(text: str, address: tuple[str, int]) -> None:
    assert parse_broker_address(click.Context(main), None, text) == address  # type: ignore[arg-type]


def test_a_risky_command_is_not_sent_without_a_yes(example_config: Path, mosquitto: Any, listener: Listener) -> None:
    result = send(example_config, "--broker", mosquitto.address, "unlock the front door")
    assert result.exit_code == 0, result.output
    assert result.stdout == "not sent front_door unlock: it needs a confirmation first (--yes confirms)\n"
    assert listener.wait_count(1, timeout=1.0) == []


def test_yes_sends_a_risky_command(example_config: Path, mosquitto: Any, listener: Listener) -> None:
    result = send(example_config, "--broker", mosquitto.address, "--yes", "unlock the front door")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Unlocked the front door.\n")
    assert [topic for topic, _ in listener.wait_count(1)] == ["home/hallway/front_door/set"]


def send_on_a_terminal(config: Path, broker: Any, monkeypatch: pytest.MonkeyPatch, text: str, typed: str) -> Result:
    """`assistant send` as if typed at a terminal, where `typed` answers its question."""
    monkeypatch.setattr("assistant.cli.send.stdin_is_terminal", lambda: True)
    args = ["send", "--config", str(config), "--understand", "templates", "--broker", broker.address, text]
    return CliRunner().invoke(main, args, input=f"{typed}\n")


@pytest.mark.parametrize(("answer", "sent"), [("y", 1), ("n", 0)])
def test_on_a_terminal_a_risky_command_is_asked_about(
    example_config: Path, mosquitto: Any, listener: Listener, monkeypatch: pytest.MonkeyPatch, answer: str, sent: int
) -> None:
    result = send_on_a_terminal(example_config, mosquitto, monkeypatch, "unlock the front door", answer)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Unlock the front door? [y/N]: ")
    assert len(listener.wait_count(1, timeout=1.0)) == sent


@pytest.mark.parametrize(("pin", "sent"), [("1234", 1), ("4321", 0)])
def test_on_a_terminal_the_pin_confirms_when_one_is_set(
    example_config: Path, mosquitto: Any, listener: Listener, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    pin: str, sent: int,
) -> None:  # fmt: skip
    data = yaml.safe_load(example_config.read_text(encoding="utf-8"))
    data["assistant"]["confirm"] = {"pin": "1234"}
    config = tmp_path / "devices.yaml"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = send_on_a_terminal(config, mosquitto, monkeypatch, "unlock the front door", pin)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Unlock the front door? Say the PIN to confirm. ")
    assert len(listener.wait_count(1, timeout=1.0)) == sent
