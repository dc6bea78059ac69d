"""`assistant run`: the always-on voice loop, on the microphone or on a recording, in the foreground.

It hands each transcript to the same utterance handler as the service: a risky command is asked
about aloud, and the next utterance answers it.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

import click

from assistant.cli.common import EXIT_BAD_INPUT, EXIT_FAILURE, broker_option, choice_of, config_option
from assistant.cli.common import connect_or_exit, describe_command, fail, load_home_or_exit, understand_option
from assistant.config.schema import PocketsphinxSearch, SttEngine, UnderstandMode, VadEngine, VoskMode, WakeEngine
from assistant.pipeline.loop import HeardCommand

log = logging.getLogger(__name__)


def describe(heard: HeardCommand) -> str:
    wake = f"[{heard.wake_word}] " if heard.wake_word else ""
    transcript = heard.transcript
    if heard.reply is None:
        why = transcript.rejected if transcript and transcript.rejected else heard.endpoint.value
        said = f" (heard {transcript.heard!r})" if transcript and transcript.heard else ""
        return f"{heard.started_at_s:7.2f}s {wake}no command: {why}{said}"
    assert transcript is not None  # the loop only replies to a transcript
    commands = ", ".join(map(describe_command, heard.reply.commands))
    timings = " ".join(f"{k}={v:.0f}ms" for k, v in heard.timings.items())
    heard_openly = " (open)" if transcript.open else ""
    return (
        f"{heard.started_at_s:7.2f}s {wake}{transcript.text!r}{heard_openly} -> {commands or 'nothing'}; "
        f"said {heard.reply.text!r} [{timings}]"
    )


@click.command("run")
@config_option
@broker_option
@click.option("--input", "input_path", metavar="WAV|-", help="A WAV file (any rate/channels) or - for raw 16 kHz mono s16le on stdin; default: the microphone.")
@click.option("--realtime", is_flag=True, help="Feed --input at the speed it was recorded.")
@click.option("--device", "device", help="Microphone by index or part of its name (`assistant audio devices`).")
@click.option("--no-wake", is_flag=True, help="No wake word: every utterance is a command (testing, push-to-talk).")
@click.option("--wake-word", "wake_words", multiple=True, help="okay_nabu, hey_jarvis, hey_mycroft, alexa, or a model in models/; repeatable (default: assistant.voice.wake_words, hey_jarvis).")
@click.option("--wake-engine", type=choice_of(WakeEngine), help="Default: assistant.voice.wake_engine (micro).")
@click.option("--vad", "vad_engine", type=choice_of(VadEngine),
              help="Voice activity detector for endpointing (micro ignores steady noise; webrtc is lighter). Default: assistant.voice.vad (micro).")
@click.option("--stt", "stt_engine", type=choice_of(SttEngine),
              help="auto: Vosk when a Vosk model is in models/, else the home's pocketsphinx model then Whisper when installed, else pocketsphinx. Default: assistant.voice.stt (auto).")
@click.option("--vosk-mode", type=choice_of(VoskMode), help="Default: assistant.voice.vosk_mode.")
@click.option("--pocketsphinx-search", type=choice_of(PocketsphinxSearch),
              help="lm: a trigram model of the home's sentences; jsgf: their JSGF grammar. Default: assistant.voice.pocketsphinx_search (lm).")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"), show_default=True)
@understand_option
@click.option("--no-sounds", is_flag=True, help="No wake/done/error sounds.")
@click.option("--no-speech", is_flag=True, help="No spoken replies.")
@click.option("--record", "record_dir", type=click.Path(file_okay=False, path_type=Path), help="Keep a WAV of every command heard here.")
def command(
    config_path: Path,
    broker_address: tuple[str, int] | None,
    input_path: str | None,
    realtime: bool,
    device: str | None,
    no_wake: bool,
    wake_words: tuple[str, ...],
    wake_engine: WakeEngine | None,
    vad_engine: VadEngine | None,
    stt_engine: SttEngine | None,
    vosk_mode: VoskMode | None,
    pocketsphinx_search: PocketsphinxSearch | None,
    models_dir: Path,
    mode: UnderstandMode | None,
    no_sounds: bool,
    no_speech: bool,
    record_dir: Path | None,
) -> None:
    """Listen for the wake word and carry out spoken commands (Ctrl-C stops)."""
    from assistant.audio.microphone import AudioDeviceError
    from assistant.audio.wavfile import AudioFileError
    from assistant.feedback.speech import SpeechError
    from assistant.handling.events import MqttEvents
    from assistant.handling.handler import UtteranceHandler
    from assistant.pipeline.assemble import VoiceSetup, assemble_voice, open_player, open_source, with_flags
    from assistant.stt import SpeechToTextError
    from assistant.understanding import build_understander
    from assistant.understanding.sentences_loader import SentencesError
    from assistant.wake import WakeWordError

    home = load_home_or_exit(config_path)
    settings = with_flags(
        home.data.assistant.voice,
        wake_words=list(wake_words) or None,
        wake_engine=wake_engine,
        vad=vad_engine,
        stt=stt_engine,
        vosk_mode=vosk_mode,
        pocketsphinx_search=pocketsphinx_search,
        sounds=False if no_sounds else None,
        speech=False if no_speech else None,
    )
    setup = VoiceSetup(models_dir=models_dir, no_wake=no_wake, record_dir=record_dir)
    try:
        source = open_source(input_path, realtime, device)
        player = open_player(input_path, not (settings.sounds or settings.speech))
        understander = build_understander(home, None, mode)
        parts = assemble_voice(home, settings, setup, understander, player)
    except (AudioDeviceError, AudioFileError, SpeechError, SpeechToTextError, SentencesError, WakeWordError) as exc:
        fail(str(exc), EXIT_BAD_INPUT if isinstance(exc, (AudioFileError, WakeWordError)) else EXIT_FAILURE)
    connection = connect_or_exit(home, config_path, broker_address, "run")
    assistant = home.data.assistant
    events = MqttEvents(connection, home.data.mqtt.base_topic, assistant.site_id, assistant.hermes)
    handler = UtteranceHandler.on(home, understander, connection, events)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        loop = parts.loop(source, handler, on_command=show)
        click.echo(f"listening ({'no wake word' if no_wake else ', '.join(settings.wake_words)}; "
                   f"speech-to-text: {parts.stt.name})", err=True)
        loop.run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        runtime = handler.runtime
        if runtime.states is not None:
            runtime.states.stop()
        connection.close()


def show(heard: HeardCommand) -> None:
    """One line per command; a noise that woke nothing and said nothing only goes to the log."""
    if heard.wake_word is None and heard.reply is None and not (heard.transcript and heard.transcript.heard):
        log.info("%s", describe(heard))
        return
    click.echo(describe(heard))
