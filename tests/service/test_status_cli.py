"""`assistant status`: what the running service last wrote to its state folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main
from assistant.handling.utterance import heard_now


def status(state_dir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["status", "--state-dir", str(state_dir)])
    return result.exit_code, result.output


def test_status_shows_the_broker_and_recent_utterances(start_service, home_path, tmp_path) -> None:
    service = start_service(home_path)
    assert service.connection.wait_connected(10)
    service.handler.process(heard_now("turn on the kitchen light"))
    service.status.write()
    code, output = status(tmp_path / "state")
    assert code == 0, output
    assert "service: running" in output
    assert f"broker: {service.connection.address} connected" in output
    assert '"turn on the kitchen light" -> templates: 1 delivered' in output
    assert "understand " in output
    assert "publish " in output


def test_status_says_when_the_broker_is_gone(start_service, home_path, tmp_path, mosquitto) -> None:
    mosquitto.stop()
    service = start_service(home_path)
    service.status.write()
    _, output = status(tmp_path / "state")
    assert f"broker: {service.connection.address} DISCONNECTED" in output


def test_status_without_a_service_is_one_line(tmp_path: Path) -> None:
    code, output = status(tmp_path)
    assert code == 1
    assert output.strip().splitlines() == [
        f"error: no service status at {tmp_path / 'status.json'} (No such file or directory); is the service running?"
    ]


def test_a_stopped_service_is_reported_as_not_running(start_service, home_path, tmp_path) -> None:
    service = start_service(home_path)
    service.status.pid = 2**22 + 1  # no such process
    service.status.write()
    code, output = status(tmp_path / "state")
    assert code == 1
    assert "service: NOT running" in output
