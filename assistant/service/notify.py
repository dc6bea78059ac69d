"""Tell systemd how the service is doing (sd_notify): READY, watchdog pings, status lines.

Outside systemd (no NOTIFY_SOCKET) every call does nothing, so the service runs the same by hand.
"""

from __future__ import annotations

import os
import time

from sdnotify import SystemdNotifier


class ServiceNotifier:
    """READY=1 once, WATCHDOG=1 at half the interval systemd asked for, STATUS= on changes."""

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("NOTIFY_SOCKET"))
        self._notifier = SystemdNotifier() if self.enabled else None
        self.watchdog_interval = self._watchdog_interval()
        self._last_ping = 0.0

    @staticmethod
    def _watchdog_interval() -> float | None:
        """Seconds between pings: half of WatchdogSec, when the watchdog is meant for this process."""
        usec = os.environ.get("WATCHDOG_USEC")
        pid = os.environ.get("WATCHDOG_PID")
        if not usec or (pid and pid != str(os.getpid())):
            return None
        try:
            return max(int(usec) / 1_000_000 / 2, 0.05)
        except ValueError:
            return None

    def _send(self, message: str) -> None:
        if self._notifier is not None:
            self._notifier.notify(message)

    def ready(self, status: str) -> None:
        self._send(f"READY=1\nSTATUS={status}")
        self.ping()

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def ping(self) -> None:
        """A watchdog keep-alive; call it from the loop that must not wedge."""
        if self.watchdog_interval is None:
            return
        self._send("WATCHDOG=1")
        self._last_ping = time.monotonic()

    def ping_if_due(self) -> None:
        if self.watchdog_interval is not None and time.monotonic() - self._last_ping >= self.watchdog_interval:
            self.ping()

    def reloading(self) -> None:
        self._send("RELOADING=1")

    def reloaded(self, status: str) -> None:
        self._send(f"READY=1\nSTATUS={status}")

    def stopping(self) -> None:
        self._send("STOPPING=1")
