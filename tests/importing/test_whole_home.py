"""Issue 14's 30-device target: the Zigbee2MQTT home imported from its retained bridge/devices
(the `home` fixture of test_end_to_end.py: its own broker, import and simulated bridge for this
module), every controllable device commanded with `assistant send`, every device questioned with
no retained state (the answers come through the assistant's /get), and an offline device
reported offline, never "sent"."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner, Result
from import_support import HERE, load, retain
from test_end_to_end import Home, _matches, home

from assistant.cli import main

__all__ = ["home"]  # the fixture, imported so that pytest finds it here

COMMANDS = load(HERE / "whole_home_commands.yaml")
QUESTIONS = load(HERE / "whole_home_questions.yaml")


def send(home: Home, *words: str) -> Result:
    args = ["send", "--config", str(home.config), "--broker", home.broker.address, "--understand", "templates"]
    return CliRunner().invoke(main, [*args, *words])


@pytest.mark.parametrize("case", COMMANDS, ids=[c["say"] for c in COMMANDS])
def test_every_device_takes_its_command(case: dict[str, Any], home: Home) -> None:
    result = send(home, *(["--yes"] if case.get("confirm") else []), case["say"])
    assert result.stdout.startswith("sent "), result.output
    changed = home.bridge.wait_until(lambda: _matches(home.bridge.state(case["device"]), case["state"]), 5)
    assert changed, f"{case['device']} is {home.bridge.state(case['device'])}; ignored: {home.bridge.ignored[-3:]}"


@pytest.mark.parametrize("case", QUESTIONS, ids=[c["ask"] for c in QUESTIONS])
def test_every_device_answers_its_question(case: dict[str, Any], home: Home) -> None:
    if "do" in case:
        assert send(home, case["do"]).stdout.startswith("sent ")
        assert home.bridge.wait_until(lambda: _matches(home.bridge.state(case["device"]), case["then"]), 5)
    if "report" in case:
        home.bridge.report(case["device"], case["report"])
    assert send(home, case["ask"]).stdout == case["answer"] + "\n"


def _set_online(home: Home, name: str, online: bool) -> None:
    home.bridge.set_online(name, online)
    # the same retained message once more, acknowledged: it is on the broker before `send` asks
    retain(home.broker, {f"zigbee2mqtt/{name}/availability": {"state": "online" if online else "offline"}})


def test_an_offline_device_is_reported_offline_not_sent(home: Home) -> None:
    _set_online(home, "front door lock", False)
    try:
        before = home.bridge.state("front door lock")
        ignored = len(home.bridge.ignored)
        command = send(home, "lock the front door lock")
        question = send(home, "is the front door lock locked")
    finally:
        _set_online(home, "front door lock", True)
    assert command.stdout == (
        "not sent front_door_lock lock: the front door lock is offline\n"
        "I could not lock the front door lock: the front door lock is offline.\n"
    )
    assert command.exit_code != 0
    assert question.stdout == "The front door lock is offline.\n"
    assert home.bridge.state("front door lock") == before
    assert len(home.bridge.ignored) == ignored  # nothing was published to it


def test_a_device_back_online_is_commanded_again(home: Home) -> None:
    _set_online(home, "front door lock", False)
    _set_online(home, "front door lock", True)
    assert send(home, "lock the front door lock").stdout.startswith("sent ")
    assert home.bridge.wait_until(lambda: home.bridge.state("front door lock").get("lock_state") == "locked", 5)
