"""`python -m bench service`: the service under broker restarts, reload time, memory over time.

- restarts: a real Mosquitto (with persistence, so the independent recorder misses nothing)
  is stopped and started N times while commands are sent before, during and after each
  outage. Fresh commands must all arrive; commands from an outage longer than the freshness
  window must be dropped and never arrive; nothing may reach the broker after its deadline.
- reload: a generated 100-device home reloaded repeatedly (build + swap), in seconds.
- memory: the service handling a sentence every 0.5 s; RSS sampled, growth after warm-up.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import paho.mqtt.client as paho
import yaml
from paho.mqtt.enums import CallbackAPIVersion

from assistant.commands import Command
from assistant.service.app import AssistantService, ServiceOptions
from assistant.handling.utterance import heard_now
from assistant.service.understanders import UnderstanderBuilder

DEVICES = 100
AREAS = 10
SENTENCES = ("turn on the light 1", "turn off the light 2 in area 0", "set light 3 to 40 percent", "what a lovely day")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


class LocalBroker:
    """Mosquitto on a loopback port, keeping sessions across restarts (persistence)."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not Path(binary).exists():
            raise click.ClickException("mosquitto is not installed (Debian: apt-get install mosquitto)")
        config = folder / "mosquitto.conf"
        # As root, mosquitto would switch to its own user and lose access to our folder.
        as_root = "user root\n" if os.geteuid() == 0 else ""
        config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\nlog_dest none\n{as_root}"
            f"persistence true\npersistence_location {folder}/\nautosave_interval 0\n"
        )
        self.command = [binary, "-c", str(config)]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(400):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.025)
        raise click.ClickException("mosquitto did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def write_home(path: Path, port: int, stale_after: float, understand: str) -> Path:
    """A home of DEVICES dimmable lights in AREAS areas on the generic preset."""
    devices = [
        {"id": f"light_{i}", "name": f"Light {i}", "area": f"Area {i % AREAS}", "type": "light",
         "features": ["brightness"], "mqtt": {"topic": f"bench/light_{i}"}}
        for i in range(DEVICES)
    ]  # fmt: skip
    data = {
        "mqtt": {"host": "127.0.0.1", "port": port, "stale_after": stale_after, "client_id": "bench-assistant"},
        "assistant": {"area": "Area 0", "understand": understand},
        "devices": devices,
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@dataclass
class Recorder:
    """A persistent-session subscriber: the broker keeps its messages while it reconnects."""

    seen: dict[tuple[str, int], float] = field(default_factory=dict)  # (device, value) -> arrival
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, port: int) -> paho.Client:
        client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id="bench-recorder", clean_session=False)
        client.on_connect = lambda c, u, f, r, p: c.subscribe("bench/#", qos=1)
        client.on_message = self._on_message
        # paho annotates the delays as int, but only doubles, caps and adds them to the clock: floats work
        client.reconnect_delay_set(0.05, 0.2)  # type: ignore[arg-type]
        client.connect("127.0.0.1", port)
        client.loop_start()
        return client

    def _on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        device = message.topic.split("/")[1]
        value = json.loads(message.payload)["value"]
        with self.lock:
            self.seen.setdefault((device, int(value)), time.monotonic())


@dataclass
class Sent:
    command: Command
    heard_at: float
    delivered: bool
    returned_at: float
    during_outage: bool


def _service(home: Path, state: Path) -> AssistantService:
    service = AssistantService(ServiceOptions(home, state, None, False), UnderstanderBuilder(None))
    service.start()
    return service


def run_restarts(restarts: int, stale_after: float, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        broker = LocalBroker(folder)
        broker.start()
        recorder = Recorder()
        client = recorder.start(broker.port)
        service = _service(write_home(folder / "devices.yaml", broker.port, stale_after, "templates"), folder / "state")
        service.connection.wait_connected(10)
        publisher = service.runtime.publisher
        sent: list[Sent] = []
        counter = 0

        def send(during_outage: bool) -> None:
            nonlocal counter
            command = Command(f"light_{counter % DEVICES}", "set_brightness", (counter // DEVICES) % 101)
            counter += 1
            heard_at = time.monotonic()
            deliveries = publisher.publish([command], heard_at)
            sent.append(Sent(command, heard_at, all(d.delivered for d in deliveries), time.monotonic(), during_outage))

        started = time.monotonic()
        for _ in range(restarts):
            send(False)
            broker.stop()
            outage = rng.uniform(0.1, 2 * stale_after)  # about half the outages outlast freshness
            restart = threading.Timer(outage, broker.start)
            restart.start()
            send(True)
            restart.join()
            service.connection.wait_connected(30)
            send(False)
        elapsed = time.monotonic() - started
        time.sleep(2 * stale_after)  # let the recorder's queued messages drain
        client.disconnect()
        client.loop_stop()
        service.stop()
        broker.stop()
    _report_restarts(restarts, stale_after, sent, recorder.seen, elapsed)


def _report_restarts(restarts: int, stale_after: float, sent: list[Sent], seen: dict[tuple[str, int], float],
                     elapsed: float) -> None:  # fmt: skip
    def arrived(s: Sent) -> bool:
        return (s.command.device, int(s.command.value or 0)) in seen

    fresh = [s for s in sent if not s.during_outage]
    outage = [s for s in sent if s.during_outage]
    lost_fresh = [s for s in fresh if not (s.delivered and arrived(s))]
    dropped = [s for s in outage if not s.delivered]
    replayed = [s for s in dropped if arrived(s)]
    # Acknowledged later than the freshness window (plus the broker's own acknowledgement time).
    late = [s for s in sent if s.delivered and s.returned_at - s.heard_at > stale_after]
    worst = max((s.returned_at - s.heard_at for s in sent if s.delivered), default=0.0)
    rows = [
        ("broker restarts", f"{restarts}"),
        ("freshness window (stale_after)", f"{stale_after:g} s"),
        ("commands sent while the broker was up", f"{len(fresh)}"),
        ("  of which lost", f"{len(lost_fresh)}"),
        ("commands sent during an outage", f"{len(outage)}"),
        ("  delivered in time (broker back within the window)", f"{len(outage) - len(dropped)}"),
        ("  dropped as stale", f"{len(dropped)}"),
        ("  dropped but delivered later (replayed)", f"{len(replayed)}"),
        ("late deliveries (acknowledged after the window)", f"{len(late)}"),
        ("slowest acknowledged delivery after hearing", f"{worst * 1000:.0f} ms"),
        ("wall time", f"{elapsed:.0f} s"),
    ]
    _table("broker restarts", rows)


def run_reload(runs: int, understand: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = write_home(folder / "devices.yaml", free_port(), 5.0, understand)  # no broker needed
        service = _service(home, folder / "state")
        seconds = []
        for _ in range(runs):
            outcome = service.reloader.reload_now("bench")
            if not outcome.accepted:
                raise click.ClickException("; ".join(outcome.problems))
            seconds.append(outcome.seconds)
        service.stop()
    _table(
        f"reload of a {DEVICES}-device home ({understand}), {runs} runs",
        [("median", f"{statistics.median(seconds) * 1000:.0f} ms"), ("max", f"{max(seconds) * 1000:.0f} ms")],
    )


def run_memory(minutes: float, interval_s: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        broker = LocalBroker(folder)
        broker.start()
        service = _service(write_home(folder / "devices.yaml", broker.port, 5.0, "templates"), folder / "state")
        service.connection.wait_connected(10)
        stop = threading.Event()
        loop = threading.Thread(target=service.run, args=(stop,), daemon=True)
        loop.start()
        samples: list[tuple[float, int]] = []
        started = time.monotonic()
        handled = 0
        next_sample = started
        while time.monotonic() - started < minutes * 60:
            service.submit(heard_now(SENTENCES[handled % len(SENTENCES)]))
            handled += 1
            if time.monotonic() >= next_sample:
                samples.append((time.monotonic() - started, rss_kib()))
                next_sample += interval_s
            time.sleep(0.5)
        samples.append((time.monotonic() - started, rss_kib()))
        stop.set()
        loop.join()
        service.stop()
        broker.stop()
    # The first fifth is warm-up (caches, first allocations); growth is measured after it.
    warm = samples[max(1, len(samples) // 5)]
    last = samples[-1]
    growth = (last[1] - warm[1]) / warm[1] * 100
    _table(
        f"memory over {minutes:g} min ({handled} utterances)",
        [
            ("RSS at start", f"{samples[0][1] / 1024:.1f} MiB"),
            (f"RSS after warm-up ({warm[0]:.0f} s)", f"{warm[1] / 1024:.1f} MiB"),
            ("RSS at the end", f"{last[1] / 1024:.1f} MiB"),
            ("growth after warm-up", f"{growth:+.2f} %"),
        ],
    )


def _table(title: str, rows: list[tuple[str, Any]]) -> None:
    width = max(len(r[0]) for r in rows)
    click.echo(f"\n{title}")
    click.echo("-" * (width + 14))
    for name, value in rows:
        click.echo(f"{name:<{width}}  {value:>10}")


@click.command("service")
@click.option("--restarts", type=click.IntRange(0), default=100, show_default=True, help="Broker restarts (0: skip).")
@click.option("--stale-after", type=click.FloatRange(0.1), default=1.0, show_default=True,
              help="The freshness window for the restart test, in seconds.")
@click.option("--reload-runs", type=click.IntRange(0), default=20, show_default=True, help="Reloads to time (0: skip).")
@click.option("--understand", type=click.Choice(["templates", "both"]), default="templates", show_default=True,
              help="Understanders the reload rebuilds (both: also the LLM).")
@click.option("--minutes", type=click.FloatRange(0), default=1.0, show_default=True, help="Memory run length (0: skip).")
@click.option("--sample-every", type=click.FloatRange(1), default=10.0, show_default=True, help="RSS sample interval (s).")
@click.option("--seed", default=5, show_default=True)
def command(restarts: int, stale_after: float, reload_runs: int, understand: str, minutes: float,
            sample_every: float, seed: int) -> None:  # fmt: skip
    """Broker restarts (lost/late commands), reload time, memory growth."""
    if reload_runs:
        run_reload(reload_runs, understand)
    if restarts:
        run_restarts(restarts, stale_after, seed)
    if minutes:
        run_memory(minutes, sample_every)
