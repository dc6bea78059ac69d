"""The running service's state, kept in a small JSON file that `assistant status` reads."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STATUS_FILE = "status.json"
SYSTEM_STATE_DIR = Path("/var/lib/assistant")
RECENT_UTTERANCES = 20


def default_state_dir() -> Path:
    """$STATE_DIRECTORY under systemd, else $XDG_STATE_HOME/assistant (~/.local/state/assistant)."""
    if os.environ.get("STATE_DIRECTORY"):
        return Path(os.environ["STATE_DIRECTORY"].split(":")[0])
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "assistant"


def find_status_file(state_dir: Path | None) -> Path:
    """Where a running service keeps its status: the folder given, else the user's, else the system's."""
    if state_dir is not None:
        return state_dir / STATUS_FILE
    candidates = [default_state_dir() / STATUS_FILE, SYSTEM_STATE_DIR / STATUS_FILE]
    return next((c for c in candidates if c.exists()), candidates[0])


@dataclass
class BrokerState:
    address: str
    connected: bool = False
    since: float = field(default_factory=time.time)
    connects: int = 0
    disconnects: int = 0


@dataclass
class ConfigState:
    path: str
    devices: int
    loaded_at: float = field(default_factory=time.time)
    last_refused: list[str] = field(default_factory=list)


class ServiceStatus:
    """Thread-safe service state; `write()` replaces the file atomically."""

    def __init__(self, path: Path, broker: BrokerState, config: ConfigState) -> None:
        self.path = path
        self.pid = os.getpid()
        self.started_at = time.time()
        self.broker = broker
        self.config = config
        self.recent: deque[dict[str, Any]] = deque(maxlen=RECENT_UTTERANCES)
        self._lock = threading.Lock()

    def broker_changed(self, connected: bool) -> None:
        with self._lock:
            self.broker.connected = connected
            self.broker.since = time.time()
            if connected:
                self.broker.connects += 1
            else:
                self.broker.disconnects += 1

    def config_loaded(self, devices: int) -> None:
        with self._lock:
            self.config = ConfigState(self.config.path, devices)

    def config_refused(self, problems: list[str]) -> None:
        with self._lock:
            self.config.last_refused = problems

    def utterance(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.recent.append(event)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "pid": self.pid,
                "started_at": self.started_at,
                "updated_at": time.time(),
                "broker": asdict(self.broker),
                "config": asdict(self.config),
                "recent": list(self.recent),
            }

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.snapshot(), indent=1), encoding="utf-8")
        temporary.replace(self.path)


def read_status(path: Path) -> dict[str, Any]:
    """The last state a service wrote; raises OSError or ValueError when there is none."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "broker" not in data:
        raise ValueError(f"{path} is not a status file")
    return data
