"""`assistant service run`: the service in the foreground, under systemd or by hand.

The service loop (text topic, confirm topic, watchdog, status) runs on the main thread; the
voice loop, when there is one, runs on its own thread and hands transcripts to the service's
handler. Audio arriving is the voice loop's heartbeat: if it stops, so do the watchdog pings.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.audio.sources import AudioSource
from assistant.config import Home
from assistant.exit_codes import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from assistant.handling.utterance import heard_now
from assistant.service.app import AssistantService, ServiceOptions
from assistant.service.reload import problems_of
from assistant.service.understanders import UnderstanderBuilder
from assistant.understanding.sentences_loader import default_intents_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceInput:
    """Where the voice loop listens: a WAV file (`input_path`) or a microphone."""

    input_path: Path | None = None
    device: str | None = None
    wake_words: tuple[str, ...] = ()  # none given: the voice loop's default
    no_wake: bool = False
    models_dir: Path = Path("models")
    speech: bool = True


class _BeatingSource:
    """An audio source that reports every chunk to the service (the voice loop's heartbeat)."""

    def __init__(self, source: AudioSource, beat: Callable[[], None]) -> None:
        self.source = source
        self.live = source.live
        self._beat = beat

    def chunks(self) -> Iterator[bytes]:
        for chunk in self.source.chunks():
            self._beat()
            yield chunk

    def discard_pending(self) -> None:
        self.source.discard_pending()


def _read_stdin(service: AssistantService) -> None:
    for line in sys.stdin:
        if line.strip():
            service.submit(heard_now(line.strip()))


def _start_voice(service: AssistantService, voice: VoiceInput, stop: threading.Event, failed: list[str]) -> None:
    """Load the voice parts now (errors exit at start) and run the voice loop on a thread."""
    from assistant.pipeline.assemble import VoiceSetup, assemble_voice, open_player, open_source, with_flags

    input_path = str(voice.input_path) if voice.input_path else None
    runtime = service.runtime
    settings = with_flags(
        runtime.home.data.assistant.voice, wake_words=list(voice.wake_words) or None, speech=None if voice.speech else False
    )
    setup = VoiceSetup(models_dir=voice.models_dir, intents_dir=service.options.intents_dir, no_wake=voice.no_wake)
    # Whether speech no template reads is heard openly is decided once, at start (it survives reloads).
    parts = assemble_voice(runtime.home, settings, setup, runtime.understander, open_player(input_path, silent=False))
    source = _BeatingSource(open_source(input_path, False, voice.device), service.beat)
    loop = parts.loop(source, service.handler)
    service.say = parts.feedback.say

    def reload_speech(home: Home) -> None:
        reloaded = parts.for_home(home)
        loop.use_speech(reloaded.stt, reloaded.check)
        log.info("speech-to-text rebuilt for the reloaded home (%s)", reloaded.stt.name)

    service.voice_reload = reload_speech

    def listen() -> None:
        try:
            loop.run(stop)
        except Exception as error:  # the microphone vanished, a model failed: let systemd restart us
            log.exception("the voice loop failed")
            failed.append(str(error))
        stop.set()

    threading.Thread(target=listen, name="voice", daemon=True).start()


def run_service(options: ServiceOptions, voice: VoiceInput | None, read_stdin: bool, run_for: float | None) -> int:
    """Run until SIGTERM/SIGINT (or `run_for` seconds); SIGHUP reloads. Returns the exit code."""
    intents_dir = options.intents_dir or default_intents_dir(options.config_path)
    options = ServiceOptions(options.config_path, options.state_dir, intents_dir, options.watch_files)
    try:
        service = AssistantService(options, UnderstanderBuilder(intents_dir))
    except Exception as error:  # a broken config or sentence file: report it, no traceback
        for problem in problems_of(error):
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    stop = threading.Event()
    failed: list[str] = []
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGHUP, lambda *_: service.reloader.request("SIGHUP"))
    if read_stdin:
        service.say = lambda text: print(text, flush=True)
        threading.Thread(target=_read_stdin, args=(service,), name="stdin", daemon=True).start()
    if voice is not None:
        try:
            _start_voice(service, voice, stop, failed)
        except Exception as error:  # no microphone, no model: one line, and systemd retries
            print(f"error: cannot start listening: {error}", file=sys.stderr)
            return EXIT_FAILURE
    service.start()
    try:
        service.run(stop, run_for)
    finally:
        service.stop()
    return EXIT_FAILURE if failed else EXIT_OK
