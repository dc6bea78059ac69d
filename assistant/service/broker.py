"""Keep trying the broker until the first connect succeeds; paho reconnects after that.

A broker that is down when the service starts must not stop it: the service listens anyway,
says so in the log and the status, and connects as soon as the broker appears.
"""

from __future__ import annotations

import logging
import threading

from assistant.mqtt.connection import BrokerUnavailable, MqttConnection

log = logging.getLogger(__name__)


class BrokerLink:
    """Connects `connection` in the background with capped exponential backoff."""

    def __init__(self, connection: MqttConnection, first_delay: float = 0.5, max_delay: float = 5.0) -> None:
        self.connection = connection
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.last_error: str | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 3.0) -> bool:
        """Try once now; on failure keep trying in the background. True when connected now."""
        if self._try(timeout):
            return True
        log.warning("%s; listening anyway and retrying in the background", self.last_error)
        self._thread = threading.Thread(target=self._retry, args=(timeout,), name="broker-link", daemon=True)
        self._thread.start()
        return False

    def _try(self, timeout: float) -> bool:
        try:
            self.connection.connect(timeout)
        except BrokerUnavailable as error:
            self.last_error = str(error)
            return False
        self.last_error = None
        return True

    def _retry(self, timeout: float) -> None:
        delay = self.first_delay
        while not self._stopping.wait(delay):
            if self._try(timeout):
                log.warning("connected to the MQTT broker at %s", self.connection.address)
                return
            log.info("%s; retrying in %.1f s", self.last_error, delay)
            delay = min(delay * 2, self.max_delay)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.connection.close()
