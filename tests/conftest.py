"""Fixtures every test may use: the shared data folder and real Mosquitto brokers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from simulators import SimulatedFirmware
from support.checkout import EXAMPLE_HOME, SHARED
from wire_recorder import WireRecorder


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (spec, corpus, audio); tests that need it skip when it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"{SHARED} is absent: the shared benchmark data is not next to this checkout")
    return SHARED


@pytest.fixture(scope="session")
def example_config() -> Path:
    return EXAMPLE_HOME


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Broker:
    """A real Mosquitto on a loopback port; `stop()` and `start()` simulate an outage."""

    port: int
    workdir: Path
    username: str | None = None
    password: str | None = None
    process: subprocess.Popen[bytes] | None = None

    host: str = "127.0.0.1"

    def write_config(self) -> Path:
        lines = [f"listener {self.port} 127.0.0.1", "persistence false", "log_dest none"]
        if os.geteuid() == 0:  # as root (CI) mosquitto would switch to its own user and lose our files
            lines.append("user root")
        if self.username:
            passwd = self.workdir / "passwd"
            passwd.write_text(f"{self.username}:{self.password}\n")
            subprocess.run(["mosquitto_passwd", "-U", str(passwd)], check=True, capture_output=True)
            passwd.chmod(0o600)
            lines += ["allow_anonymous false", f"password_file {passwd}"]
        else:
            lines.append("allow_anonymous true")
        conf = self.workdir / "mosquitto.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf

    def start(self) -> None:
        conf = self.write_config()
        self.process = subprocess.Popen(
            [_mosquitto(), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"mosquitto exited with {self.process.returncode}")
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start listening within 10 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def _mosquitto() -> str:
    for candidate in (shutil.which("mosquitto"), "/usr/sbin/mosquitto"):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("mosquitto is not installed: run the README's test command (it installs it)")


def _broker(tmp_path_factory: pytest.TempPathFactory, **auth: str) -> Iterator[Broker]:
    broker = Broker(port=free_port(), workdir=tmp_path_factory.mktemp("mosquitto"), **auth)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def mosquitto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """An anonymous broker, fresh for each test."""
    yield from _broker(tmp_path_factory)


@pytest.fixture
def secure_mosquitto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """A broker that accepts only user 'hub' with password 'correct horse'."""
    yield from _broker(tmp_path_factory, username="hub", password="correct horse")


@pytest.fixture
def wire(mosquitto: Broker) -> Iterator[WireRecorder]:
    """Records everything on the `mosquitto` broker, subscribed before the test starts."""
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    recorder = WireRecorder(client)
    client.on_connect = recorder.on_connect
    client.on_subscribe = recorder.on_subscribe
    client.on_disconnect = recorder.on_disconnect
    client.on_message = recorder.on_message
    client.reconnect_delay_set(min_delay=0.1, max_delay=0.5)  # type: ignore[arg-type]
    client.connect(mosquitto.host, mosquitto.port)
    client.loop_start()
    assert recorder.wait_subscribed(), "the wire recorder could not subscribe"
    yield recorder
    client.disconnect()
    client.loop_stop()


@pytest.fixture
def start_simulator() -> Iterator[Callable[[SimulatedFirmware], SimulatedFirmware]]:
    """start_simulator(simulator) -> the simulator (tests/simulators/) connected; stopped after the test."""
    started: list[SimulatedFirmware] = []

    def _start(simulator: SimulatedFirmware) -> SimulatedFirmware:
        simulator.start()
        started.append(simulator)
        return simulator

    yield _start
    for simulator in started:
        simulator.stop()
