"""The service's own messages besides the utterance events (handling/events.py): availability
and reload reports (mapping: docs/events.md).

- `<base>availability`: "online" (retained) while running, "offline" as the last will and on
  a clean stop.
- `<base>reload`: whether a changed devices.yaml or intents/ was taken, and its problems.
"""

from __future__ import annotations

from assistant.handling.events import MqttEvents
from assistant.mqtt.connection import LastWill

ONLINE = "online"
OFFLINE = "offline"


def availability_topic(base_topic: str) -> str:
    return f"{base_topic}availability"


def last_will(base_topic: str) -> LastWill:
    return LastWill(availability_topic(base_topic), OFFLINE, retain=True)


class ServiceEvents(MqttEvents):
    """The utterance events, and the service's availability and reloads."""

    def online(self) -> None:
        # QoS 0: this runs in the network thread on every (re)connect, where waiting for the
        # acknowledgement would block the very thread that receives it.
        self._publish(availability_topic(self.base_topic), ONLINE, retain=True, qos=0)

    def offline(self) -> None:
        self._publish(availability_topic(self.base_topic), OFFLINE, retain=True)

    def reload(self, accepted: bool, problems: list[str]) -> None:
        self._publish(f"{self.base_topic}reload", {"accepted": accepted, "problems": problems})
