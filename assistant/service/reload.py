"""Reload devices.yaml and intents/ on SIGHUP or when they change on disk.

A reload builds a complete new runtime first and swaps it in only when that succeeded, so a
broken file is refused (its problems logged) and the running configuration stays.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver  # Observer is the platform's class, chosen at import

from assistant.config import ConfigError

log = logging.getLogger(__name__)

Runtime = TypeVar("Runtime")
# Event types that mean a file's content may have changed (not opens or read-only closes).
CHANGE_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})


@dataclass(frozen=True)
class ReloadOutcome:
    trigger: str
    accepted: bool
    seconds: float
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.accepted:
            return f"configuration reloaded ({self.trigger}) in {self.seconds * 1000:.0f} ms"
        return f"configuration refused ({self.trigger}); keeping the running one: " + "; ".join(self.problems)


def problems_of(error: Exception) -> list[str]:
    """One line per problem, without a traceback."""
    if isinstance(error, ConfigError):
        return [f"{error.path}: {problem}" for problem in error.problems]
    return [f"{type(error).__name__}: {error}"]


class _ChangeHandler(FileSystemEventHandler):
    def __init__(self, on_change: Callable[[str], None], only: Path | None) -> None:
        self._on_change = on_change
        self._only = only  # the one file to watch in its folder; None: every file below

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        paths = [Path(str(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if self._only is None and not event.is_directory:
            self._on_change(f"{paths[0]} changed")
        elif self._only is not None and self._only in paths:
            self._on_change(f"{self._only.name} changed")


class ConfigReloader(Generic[Runtime]):
    """Calls `build` for a new runtime on request; hands it to `accept`, or reports why not."""

    def __init__(
        self,
        build: Callable[[], Runtime],
        accept: Callable[[Runtime], None],
        refused: Callable[[ReloadOutcome], None],
        config_path: Path,
        intents_dir: Path | None,
        quiet_period: float = 0.3,
    ) -> None:
        self._build = build
        self._accept = accept
        self._refused = refused
        self.config_path = config_path.resolve()
        self.intents_dir = intents_dir.resolve() if intents_dir else None
        # Editors write a file in several steps: wait this long after the last change.
        self.quiet_period = quiet_period
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._trigger = ""
        self._observer: BaseObserver | None = None
        self._worker: threading.Thread | None = None
        self.last: ReloadOutcome | None = None

    def reload_now(self, trigger: str) -> ReloadOutcome:
        started = time.perf_counter()
        try:
            runtime = self._build()
        except Exception as error:  # any failure to build means: keep the old one
            outcome = ReloadOutcome(trigger, False, time.perf_counter() - started, problems_of(error))
            log.error("%s", outcome.summary())
            self.last = outcome
            self._refused(outcome)
            return outcome
        self._accept(runtime)
        outcome = ReloadOutcome(trigger, True, time.perf_counter() - started)
        log.warning("%s", outcome.summary())
        self.last = outcome
        return outcome

    def request(self, trigger: str) -> None:
        """Ask for a reload soon (signal handlers and watcher threads call this)."""
        self._trigger = trigger
        self._wake.set()

    def start(self, watch_files: bool = True) -> None:
        """Serve requests (SIGHUP); with `watch_files`, also reload when the files change."""
        if watch_files:
            self._watch()
        self._worker = threading.Thread(target=self._run, name="config-reloader", daemon=True)
        self._worker.start()

    def _watch(self) -> None:
        observer = Observer()
        observer.schedule(_ChangeHandler(self.request, self.config_path), str(self.config_path.parent))
        if self.intents_dir and self.intents_dir.is_dir():
            observer.schedule(_ChangeHandler(self.request, None), str(self.intents_dir), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._worker is not None:
            self._worker.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._stopping.is_set():
                return
            while True:  # wait for the writes to settle
                self._wake.clear()
                if not self._wake.wait(self.quiet_period) or self._stopping.is_set():
                    break
            if self._stopping.is_set():
                return
            self.reload_now(self._trigger)
