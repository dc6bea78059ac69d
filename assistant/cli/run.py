"""`assistant run`: the always-on voice loop, on the microphone or on a recording."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

import click

from assistant.cli.common import EXIT_BAD_INPUT, config_option, fail, load_home_or_exit
from assistant.cli.send import connect_or_exit, describe_command, parse_broker_address
from assistant.pipeline.assemble import VoiceOptions, VoiceParts, llm_understands
from assistant.pipeline.loop import HeardCommand
from assistant.stt import STT_ENGINES
from assistant.vad import VAD_ENGINES
from assistant.wake import WAKE_ENGINES

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
@click.option("--broker", "broker_address", callback=parse_broker_address, metavar="HOST:PORT",
              help="The MQTT broker, instead of the one in devices.yaml.")
@click.option("--input", "input_path", metavar="WAV|-", help="A WAV file (any rate/channels) or - for raw 16 kHz mono s16le on stdin; default: the microphone.")
@click.option("--realtime", is_flag=True, help="Feed --input at the speed it was recorded.")
@click.option("--device", "device", help="Microphone by index or part of its name (`assistant audio devices`).")
@click.option("--no-wake", is_flag=True, help="No wake word: every utterance is a command (testing, push-to-talk).")
@click.option("--wake-word", "wake_words", multiple=True, help="okay_nabu, hey_jarvis, hey_mycroft, alexa, or a model in models/; repeatable (default: assistant.voice.wake_words, hey_jarvis).")
@click.option("--wake-engine", type=click.Choice(WAKE_ENGINES), help="Default: assistant.voice.wake_engine (micro).")
@click.option("--vad", "vad_engine", type=click.Choice(VAD_ENGINES),
              help="Voice activity detector for endpointing (micro ignores steady noise; webrtc is lighter). Default: assistant.voice.vad (micro).")
@click.option("--stt", "stt_engine", type=click.Choice(STT_ENGINES),
              help="auto: Vosk when a Vosk model is in models/, else pocketsphinx. Default: assistant.voice.stt (auto).")
@click.option("--vosk-mode", type=click.Choice(["open", "limited", "corrected"]), help="Default: assistant.voice.vosk_mode (corrected).")
@click.option("--pocketsphinx-search", type=click.Choice(["lm", "jsgf"]),
              help="lm: a trigram model of the home's sentences; jsgf: their JSGF grammar. Default: assistant.voice.pocketsphinx_search (lm).")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"), show_default=True)
@click.option("--understand", "mode", type=click.Choice(["templates", "llm", "both"]),
              help="Who understands the transcript (default: assistant.understand in devices.yaml).")
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
    wake_engine: str | None,
    vad_engine: str | None,
    stt_engine: str | None,
    vosk_mode: str | None,
    pocketsphinx_search: str | None,
    models_dir: Path,
    mode: str | None,
    no_sounds: bool,
    no_speech: bool,
    record_dir: Path | None,
) -> None:
    """Listen for the wake word and carry out spoken commands (Ctrl-C stops)."""
    from assistant.audio.microphone import AudioDeviceError
    from assistant.audio.wavfile import AudioFileError
    from assistant.feedback.player import FeedbackSettings
    from assistant.feedback.speech import SpeechError
    from assistant.mqtt import CommandPublisher, StateTracker
    from assistant.pipeline.handler import CommandHandler
    from assistant.stt import SpeechToTextError
    from assistant.understanding import build_understander
    from assistant.understanding.sentences_loader import SentencesError
    from assistant.wake import WakeWordError

    home = load_home_or_exit(config_path)
    voice = home.data.assistant.voice
    options = VoiceOptions.from_settings(
        voice,
        wake_words=wake_words or None,
        wake_engine=wake_engine,
        no_wake=no_wake,
        vad_engine=vad_engine,
        stt_engine=stt_engine,
        vosk_mode=vosk_mode,
        pocketsphinx_search=pocketsphinx_search,
        models_dir=models_dir,
        feedback=FeedbackSettings(sounds=voice.sounds and not no_sounds, speech=voice.speech and not no_speech),
        record_dir=record_dir,
    )
    try:
        source = open_source(input_path, realtime, device)
        player = open_player(input_path, not (options.feedback.sounds or options.feedback.speech))
        understander = build_understander(home, None, mode)  # type: ignore[arg-type]
        # Before the recogniser: whether it may pass on what no template reads depends on it.
        options = replace(options, open_transcripts=llm_understands(understander))
        parts = VoiceParts.load(home, options, player)
    except (AudioDeviceError, AudioFileError, SpeechError, SpeechToTextError, SentencesError, WakeWordError) as exc:
        fail(str(exc), EXIT_BAD_INPUT if isinstance(exc, (AudioFileError, WakeWordError)) else 1)
    connection = connect_or_exit(home, config_path, broker_address, "run")
    states = StateTracker(home, connection)
    states.start()
    handler = CommandHandler(home, understander, CommandPublisher(home, connection), states)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        loop = parts.loop(source, handler, on_command=show)
        click.echo(f"listening ({'no wake word' if no_wake else ', '.join(options.wake_words)}; "
                   f"speech-to-text: {parts.stt.name})", err=True)
        loop.run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        states.stop()
        connection.close()


def show(heard: HeardCommand) -> None:
    """One line per command; a noise that woke nothing and said nothing only goes to the log."""
    if heard.wake_word is None and heard.reply is None and not (heard.transcript and heard.transcript.heard):
        log.info("%s", describe(heard))
        return
    click.echo(describe(heard))


def open_source(input_path: str | None, realtime: bool, device: str | None):  # type: ignore[no-untyped-def]
    from assistant.audio.microphone import MicrophoneSource
    from assistant.audio.sources import PcmBufferSource, RawStreamSource

    if input_path == "-":
        return RawStreamSource(sys.stdin.buffer)
    if input_path is not None:
        return PcmBufferSource.from_wav(Path(input_path), realtime)
    return MicrophoneSource(device)


def open_player(input_path: str | None, silent: bool):  # type: ignore[no-untyped-def]
    from assistant.audio.playback import SilentPlayer, SpeakerPlayer

    # Replies to a recording go nowhere: there is nobody listening to the file.
    if silent or input_path is not None:
        return SilentPlayer()
    return SpeakerPlayer()
