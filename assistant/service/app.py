"""The always-on service: wires the broker link, events, confirmations, reload and status
around the utterance handler, and runs the loop the systemd watchdog watches."""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Home, load_home
from assistant.feedback.replies import configuration_refused, something_went_wrong
from assistant.handling.confirmation import ConfirmationGate
from assistant.handling.events import UtteranceEvent
from assistant.handling.handler import Runtime, UtteranceHandler
from assistant.handling.utterance import HeardUtterance, heard_now
from assistant.mqtt.connection import MqttConnection, ReceivedMessage
from assistant.service.broker import BrokerLink
from assistant.service.events import ServiceEvents, last_will
from assistant.service.notify import ServiceNotifier
from assistant.service.reload import ConfigReloader, ReloadOutcome
from assistant.service.status import STATUS_FILE, BrokerState, ConfigState, ServiceStatus
from assistant.understanding.router import Understander

log = logging.getLogger(__name__)

# How long the loop waits for input before it looks at the watchdog and expired questions.
LOOP_TICK_S = 0.1
# The status file is rewritten at most this often (and on every utterance).
STATUS_EVERY_S = 2.0
# A live microphone delivers audio many times a second; this long without any means the
# voice loop is stuck, and the watchdog pings stop so that systemd restarts the service.
VOICE_SILENCE_LIMIT_S = 10.0

UnderstanderFactory = Callable[[Home], Understander]


@dataclass(frozen=True)
class ConfirmAnswer:
    """A yes/no (or PIN) that arrived on the confirm topic."""

    text: str


@dataclass(frozen=True)
class ServiceOptions:
    config_path: Path
    state_dir: Path
    intents_dir: Path | None = None
    watch_files: bool = True


class AssistantService:
    """Start it, feed it utterances (voice loop, `<base>text` topic, stdin), stop it."""

    def __init__(self, options: ServiceOptions, understander_for: UnderstanderFactory,
                 notifier: ServiceNotifier | None = None) -> None:  # fmt: skip
        self.options = options
        self._understander_for = understander_for
        self.notifier = notifier or ServiceNotifier()
        home = load_home(options.config_path)  # a broken file at start is the caller's to report
        broker = home.data.mqtt
        self.base_topic = broker.base_topic
        self.connection = MqttConnection(broker, last_will=last_will(broker.base_topic), config_dir=options.config_path.parent)
        self.link = BrokerLink(self.connection)
        settings = home.data.assistant
        self.events = ServiceEvents(self.connection, broker.base_topic, settings.site_id, settings.hermes)
        self.gate = ConfirmationGate(settings.confirm.timeout, settings.confirm.pin)
        self.status = ServiceStatus(
            options.state_dir / STATUS_FILE,
            BrokerState(self.connection.address),
            ConfigState(str(options.config_path.resolve()), len(home.devices)),
        )
        self._runtime = self._runtime_for(home)
        self.handler = UtteranceHandler(lambda: self._runtime, self.gate, self.events, self._record)
        self.reloader: ConfigReloader[Runtime] = ConfigReloader(
            self._load_runtime, self._accept, self._refused, options.config_path, options.intents_dir
        )
        self.inbox: queue.Queue[HeardUtterance | ConfirmAnswer] = queue.Queue()
        # What to do with a sentence to say; the voice loop sets its text-to-speech here.
        self.say: Callable[[str], None] = lambda text: log.info("reply: %s", text)
        # What the voice loop does with a reloaded home (rebuild its recognisers); None: no loop.
        self.voice_reload: Callable[[Home], None] | None = None
        self._status_due = 0.0
        self._voice_beat: float | None = None  # None: no voice loop to watch
        self._voice_reported = False

    @property
    def runtime(self) -> Runtime:
        return self._runtime

    # -- configuration --------------------------------------------------------------------

    def _runtime_for(self, home: Home) -> Runtime:
        understander = self._understander_for(home)  # first: if it fails, nothing is left subscribed
        return Runtime.on(home, understander, self.connection)

    def _load_runtime(self) -> Runtime:
        home = load_home(self.options.config_path)
        if home.data.mqtt != self.connection.broker:
            log.warning("the mqtt: section changed; restart the service to use it")
        with self.handler.paused():  # the LLM is shared with the running understander
            return self._runtime_for(home)

    def _accept(self, runtime: Runtime) -> None:
        previous, self._runtime = self._runtime, runtime  # one swap: an utterance sees old or new, whole
        if previous.states is not None:
            previous.states.stop()
        settings = runtime.home.data.assistant
        self.gate.timeout, self.gate.pin = settings.confirm.timeout, settings.confirm.pin
        self.events.site_id, self.events.hermes = settings.site_id, settings.hermes
        self.status.config_loaded(len(runtime.home.devices))
        self.events.reload(True, [])
        if self.voice_reload is not None:
            try:
                self.voice_reload(runtime.home)
            except Exception:  # the recognisers could not be rebuilt: the running ones stay
                log.exception("the voice recognisers were not rebuilt for the reloaded home")
        self.notifier.reloaded(f"configuration reloaded: {len(runtime.home.devices)} devices")

    def _refused(self, outcome: ReloadOutcome) -> None:
        self.status.config_refused(outcome.problems)
        self.events.reload(False, outcome.problems)
        self.say(configuration_refused(self._runtime.home))

    # -- running ----------------------------------------------------------------------------

    def start(self) -> None:
        self.connection.add_listener(self._broker_changed)
        self.connection.subscribe(f"{self.base_topic}text", self._on_text, timeout=0)
        self.connection.subscribe(f"{self.base_topic}confirm", self._on_confirm, timeout=0)
        connected = self.link.start()
        self.reloader.start(self.options.watch_files)
        self.status.write()
        broker = "connected to" if connected else "waiting for"
        self.notifier.ready(f"listening; {broker} the MQTT broker at {self.connection.address}")

    def submit(self, item: HeardUtterance | ConfirmAnswer) -> None:
        self.inbox.put(item)

    def beat(self, at: float | None = None) -> None:
        """The voice loop calls this for each chunk of audio: proof that it has not wedged."""
        self._voice_beat = time.monotonic() if at is None else at

    def _voice_alive(self) -> bool:
        alive = self._voice_beat is None or time.monotonic() - self._voice_beat < VOICE_SILENCE_LIMIT_S
        if not alive and not self._voice_reported:
            log.error("no audio for %g s: the voice loop is stuck; watchdog pings stop", VOICE_SILENCE_LIMIT_S)
        self._voice_reported = not alive
        return alive

    def run(self, stop: threading.Event, run_for: float | None = None) -> None:
        """The service loop: one item at a time; a failing item is logged, never fatal."""
        deadline = None if run_for is None else time.monotonic() + run_for
        while not stop.is_set() and (deadline is None or time.monotonic() < deadline):
            try:
                item = self.inbox.get(timeout=LOOP_TICK_S)
            except queue.Empty:
                item = None
            if item is not None:
                self._process(item)
            self.tick()

    def tick(self) -> None:
        """Housekeeping between utterances: lapsed questions, watchdog, status file."""
        lapsed = self.handler.expire()
        if lapsed:
            self.say(lapsed)
        if self._voice_alive():
            self.notifier.ping_if_due()
        if time.monotonic() >= self._status_due:
            self._write_status()

    def _process(self, item: HeardUtterance | ConfirmAnswer) -> None:
        try:
            if isinstance(item, ConfirmAnswer):
                answered = self.handler.answer(item.text)
                reply = answered.text if answered else ""
            else:
                reply = self.handler.handle(item).text
        except Exception:  # one bad utterance must not stop the service
            log.exception("handling %r failed", item)
            reply = something_went_wrong(self._runtime.home)
        if reply:
            self.say(reply)
        self._status_due = 0.0

    def stop(self) -> None:
        self.notifier.stopping()
        self.reloader.stop()
        if self.connection.connected:
            self.events.offline()
        self.link.stop()
        self._write_status()

    # -- callbacks (network and watcher threads) ---------------------------------------

    def _broker_changed(self, connected: bool) -> None:
        self.status.broker_changed(connected)
        if connected:
            self.events.online()
        state = "connected to" if connected else "lost; reconnecting to"
        self.notifier.status(f"listening; MQTT broker {state} {self.connection.address}")
        self._status_due = 0.0

    def _on_text(self, message: ReceivedMessage) -> None:
        """`<base>text`: a sentence, or JSON {"text": ..., "area": ...}, handled as if heard."""
        if message.retained:  # an old sentence left on the broker is not a request now
            return
        raw = message.payload.decode("utf-8", errors="replace").strip()
        text, area = raw, None
        if raw.startswith("{"):
            try:
                data = json.loads(raw)
                text, area = str(data.get("text", "")), data.get("area")
            except (ValueError, AttributeError):
                log.warning("ignored a message on %stext that is not valid JSON", self.base_topic)
                return
        if text:
            self.submit(heard_now(text, area))

    def _on_confirm(self, message: ReceivedMessage) -> None:
        if not message.retained:
            self.submit(ConfirmAnswer(message.payload.decode("utf-8", errors="replace").strip()))

    def _record(self, event: UtteranceEvent) -> None:
        self.status.utterance(event.to_dict())

    def _write_status(self) -> None:
        try:
            self.status.write()
        except OSError as error:
            log.warning("cannot write the status file %s: %s", self.status.path, error)
        self._status_due = time.monotonic() + STATUS_EVERY_S
