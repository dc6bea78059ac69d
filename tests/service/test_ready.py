"""`assistant service run` as systemd runs it: READY and watchdog pings on NOTIFY_SOCKET,
SIGHUP reloads, SIGTERM stops cleanly, and a vanished service leaves "offline" behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# What systemd would set for WatchdogSec=0.4: the service pings every 0.2 s.
WATCHDOG_USEC = "400000"


@dataclass
class NotifySocket:
    """The datagram socket systemd listens on, bound here instead."""

    sock: socket.socket
    path: Path

    def messages_until(self, wanted: str, timeout: float = 30.0) -> list[str]:
        """Every message received up to and including the first one containing `wanted`."""
        deadline = time.monotonic() + timeout
        seen = []
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                message = self.sock.recv(4096).decode()
            except TimeoutError:
                break
            seen.append(message)
            if wanted in message:
                break
        return seen


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[NotifySocket]:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    yield NotifySocket(sock, path)
    sock.close()


def start(config: Path, state_dir: Path, notify: NotifySocket) -> subprocess.Popen[str]:
    env = {**os.environ, "NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": WATCHDOG_USEC}
    env.pop("WATCHDOG_PID", None)
    command = [sys.executable, "-m", "assistant", "service", "run", "--config", str(config),
               "--state-dir", str(state_dir), "--no-watch", "--no-voice"]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def service_process(home_path: Path, tmp_path: Path, notify_socket: NotifySocket) -> Iterator[subprocess.Popen[str]]:
    process = start(home_path, tmp_path / "state", notify_socket)
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)


def test_the_service_reports_ready(service_process, notify_socket) -> None:
    assert any("READY=1" in m for m in notify_socket.messages_until("READY=1"))


def test_the_service_pings_the_watchdog(service_process, notify_socket) -> None:
    notify_socket.messages_until("READY=1")
    assert any("WATCHDOG=1" in m for m in notify_socket.messages_until("WATCHDOG=1"))


def test_sighup_reloads(service_process, notify_socket) -> None:
    notify_socket.messages_until("READY=1")
    service_process.send_signal(signal.SIGHUP)
    assert any("configuration reloaded" in m for m in notify_socket.messages_until("configuration reloaded"))


def test_sigterm_stops_cleanly(service_process, notify_socket) -> None:
    notify_socket.messages_until("READY=1")
    service_process.send_signal(signal.SIGTERM)
    assert any("STOPPING=1" in m for m in notify_socket.messages_until("STOPPING=1"))
    assert service_process.wait(timeout=20) == 0


def test_a_broken_config_exits_2_without_ready(tmp_path: Path, notify_socket: NotifySocket) -> None:
    broken = tmp_path / "devices.yaml"
    broken.write_text("devices:\n  - id: x\n    type: toastr\n")
    process = start(broken, tmp_path / "state", notify_socket)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "unknown device type 'toastr'" in stderr
    assert notify_socket.messages_until("READY=1", timeout=0.1) == []


def test_a_killed_service_leaves_offline(service_process, notify_socket, recorder) -> None:
    notify_socket.messages_until("READY=1")
    assert recorder.wait_for("assistant/availability") == ["online"]
    service_process.kill()
    assert recorder.wait_for("assistant/availability", count=2) == ["online", "offline"]


def test_sentences_on_stdin_are_carried_out(home_path: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "assistant", "service", "run", "--config", str(home_path),
               "--state-dir", str(tmp_path / "state"), "--no-watch", "--no-voice", "--stdin", "--run-for", "4"]  # fmt: skip
    result = subprocess.run(command, input="turn on the kitchen light\n", capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (0, "Turned on the kitchen light.\n")
