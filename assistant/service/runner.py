"""`assistant service run`: the service in the foreground, under systemd or by hand."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from assistant.config import ConfigError, Home
from assistant.service.app import AssistantService, ServiceOptions
from assistant.service.handler import Understander, Utterance
from assistant.service.reload import problems_of
from assistant.understanding.sentences_loader import default_intents_dir
from assistant.understanding.templates import TemplateUnderstander

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def understander_factory(intents_dir: Path | None) -> Callable[[Home], Understander]:
    def build(home: Home) -> Understander:
        return TemplateUnderstander(home, intents_dir)

    return build


def _read_stdin(service: AssistantService) -> None:
    for line in sys.stdin:
        if line.strip():
            service.submit(Utterance(line.strip()))


def run_service(config_path: Path, state_dir: Path, intents_dir: Path | None, read_stdin: bool,
                run_for: float | None, watch: bool) -> int:  # fmt: skip
    """Run until SIGTERM/SIGINT (or `run_for` seconds); SIGHUP reloads. Returns the exit code."""
    intents_dir = intents_dir or default_intents_dir(config_path)
    options = ServiceOptions(config_path, state_dir, intents_dir, watch)
    try:
        service = AssistantService(options, understander_factory(intents_dir))
    except (ConfigError, Exception) as error:  # e.g. a broken sentence file: report, no traceback
        for problem in problems_of(error):
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGHUP, lambda *_: service.reloader.request("SIGHUP"))
    if read_stdin:
        service.say = lambda text: print(text, flush=True)
        threading.Thread(target=_read_stdin, args=(service,), name="stdin", daemon=True).start()
    service.start()
    try:
        service.run(stop, run_for)
    finally:
        service.stop()
    return EXIT_OK
