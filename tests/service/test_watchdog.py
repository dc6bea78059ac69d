"""Watchdog pings come from the service loop, and stop when the voice loop stops reading
audio, so that systemd restarts a service whose microphone stage is stuck."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.service.app import VOICE_SILENCE_LIMIT_S, AssistantService, ServiceOptions
from assistant.service.notify import ServiceNotifier
from assistant.service.understanders import UnderstanderBuilder


@pytest.fixture
def watched(home_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[AssistantService, socket.socket]]:
    """A service whose notifier talks to a socket here, pinging at every tick."""
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "1")  # the smallest interval: every tick may ping
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    service = AssistantService(ServiceOptions(home_path, tmp_path / "state", None, False), UnderstanderBuilder(None), ServiceNotifier())
    yield service, sock
    service.stop()
    sock.close()


def pings_after_tick(service: AssistantService, sock: socket.socket) -> int:
    time.sleep(0.06)  # past the notifier's minimum interval, so a ping is due
    service.tick()
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096).decode())
        except BlockingIOError:
            return sum("WATCHDOG=1" in m for m in messages)


def test_the_loop_pings_without_a_voice_loop(watched) -> None:
    service, sock = watched
    assert pings_after_tick(service, sock) == 1


def test_the_loop_pings_while_audio_arrives(watched) -> None:
    service, sock = watched
    service.beat()
    assert pings_after_tick(service, sock) == 1


def test_pings_stop_when_the_voice_loop_is_stuck(watched) -> None:
    service, sock = watched
    service.beat(at=time.monotonic() - VOICE_SILENCE_LIMIT_S - 1)  # the last audio, long ago
    assert pings_after_tick(service, sock) == 0
