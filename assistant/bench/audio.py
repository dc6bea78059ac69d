"""`assistant bench audio`: wake words on the real clips, false wakes per hour on speech without
a wake word, command accuracy and per-stage latency from Piper-spoken commands through a real
broker, CPU share of one core while idle-listening, and memory.

Generated speech is cached under ~/.cache/assistant-bench (made once; 20+ minutes of it).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import numpy as np
import yaml

from assistant.audio.pcm import FRAME_SECONDS, SAMPLE_RATE, SAMPLE_WIDTH
from assistant.audio.playback import SilentPlayer
from assistant.audio.sources import PcmBufferSource
from assistant.audio.wavfile import read_wav, write_wav
from assistant.commands import Command
from assistant.config import Home, load_home
from assistant.feedback.player import FeedbackSettings
from assistant.feedback.speech import PiperSpeaker, room_noise, spoken_request
from assistant.pipeline.assemble import VoiceOptions, VoiceParts
from assistant.pipeline.handler import CommandHandler
from assistant.vad.loudness import frame_levels_db
from assistant.wake import build_wake_detector

PROJECT = Path(__file__).resolve().parents[2]
SHARED_AUDIO = PROJECT.parent / "shared" / "audio"
CORPUS = PROJECT.parent / "shared" / "corpus" / "ha_intents_en.jsonl"
COMMANDS = PROJECT / "tests" / "voice" / "spoken_commands.yaml"
CACHE = Path(os.environ.get("ASSISTANT_BENCH_CACHE", Path.home() / ".cache" / "assistant-bench"))
WAKE_CLIPS = {
    "okay_nabu": "wyoming_openwakeword_okay_nabu.wav",
    "hey_jarvis": "wyoming_openwakeword_hey_jarvis.wav",
    "hey_mycroft": "wyoming_openwakeword_hey_mycroft.wav",
    "alexa": "wyoming_openwakeword_alexa.wav",
}
WAKE_WORDS = tuple(WAKE_CLIPS)
CHUNK = 960


def table(title: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    click.echo(f"\n{title}")
    cells = [tuple(str(c) for c in header), *[tuple(str(c) for c in r) for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)))
        if index == 0:
            click.echo("  " + "  ".join("-" * w for w in widths))


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(values, share)) if values else float("nan")


def detections(word: str, pcm: bytes) -> int:
    detector = build_wake_detector((word,))
    return sum(1 for i in range(0, len(pcm), CHUNK) if detector.process(pcm[i : i + CHUNK]))


# -- generated speech ----------------------------------------------------------------------


def negative_speech(speaker: PiperSpeaker, minutes: float) -> bytes:
    """Corpus sentences spoken by Piper with pauses: speech that holds no wake word."""
    lines = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [t for t in lines if not any(w in t.lower() for w in ("jarvis", "alexa", "nabu", "mycroft"))]
    key = hashlib.sha256(("\n".join(lines) + f"{minutes}").encode()).hexdigest()[:12]
    path = CACHE / f"negative-speech-{key}.wav"
    if path.is_file():
        return read_wav(path)
    click.echo(f"making {minutes:.0f} minutes of speech without a wake word (once; cached in {CACHE})", err=True)
    parts, total = [], 0
    for index, text in enumerate(lines * 3):
        pcm = speaker.synthesize_16k(text) + room_noise(0.6, seed=index)
        parts.append(pcm)
        total += len(pcm)
        if total >= minutes * 60 * SAMPLE_RATE * SAMPLE_WIDTH:
            break
    audio = b"".join(parts)
    write_wav(path, audio)
    return audio


# A frame of speech in synthesized audio: RMS above 300 (the room noise is about 30).
SPEECH_LEVEL_DB = float(10 * np.log10(300.0**2 + 1))


def speech_end_s(pcm: bytes) -> float:
    """Where the speech in synthesized audio ends (the last 10 ms frame well above the noise)."""
    loud = np.nonzero(frame_levels_db(pcm) > SPEECH_LEVEL_DB)[0]
    return float(loud[-1] + 1) * FRAME_SECONDS if len(loud) else 0.0


# -- a broker of our own ---------------------------------------------------------------------


@contextmanager
def private_broker() -> Iterator[tuple[str, int]]:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        conf = Path(folder) / "mosquitto.conf"
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
        process = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield "127.0.0.1", port
        finally:
            process.terminate()
            process.wait()


# -- the parts of the benchmark ----------------------------------------------------------------


def bench_wake_clips() -> None:
    rows = []
    for word, clip in WAKE_CLIPS.items():
        pcm = read_wav(SHARED_AUDIO / clip) + bytes(SAMPLE_RATE * SAMPLE_WIDTH)
        rows.append((clip, word, detections(word, pcm), sum(detections(w, pcm) for w in WAKE_WORDS if w != word)))
    table("Wake word on the real clips (microWakeWord)", ("clip", "word", "detected", "other words fired"), rows)


def bench_false_wakes(speaker: PiperSpeaker, minutes: float) -> None:
    audio = negative_speech(speaker, minutes)
    hours = len(audio) / (SAMPLE_RATE * SAMPLE_WIDTH) / 3600
    real = {name: read_wav(SHARED_AUDIO / name) for name in (
        "rhino_coffee_order_within_context.wav", "rhino_out_of_context.wav", "porcupine_multiple_keywords.wav")}
    rows = []
    for word in WAKE_WORDS:
        count = detections(word, audio)
        real_hits = {name: detections(word, pcm) for name, pcm in real.items()}
        rows.append((word, count, f"{count / hours:.2f}", ", ".join(f"{n.split('_')[0]}:{c}" for n, c in real_hits.items())))
    table(f"False wakes on {hours * 60:.1f} min of Piper speech without the wake word (target <= 0.5/h)",
          ("word", "false wakes", "per hour", "real negatives (rhino:2 clips, porcupine keyword list)"), rows)


def bench_commands(home: Home, speaker: PiperSpeaker, rounds: int, vad: str, understand: str) -> None:
    from assistant.cli.send import describe_command
    from assistant.mqtt import CommandPublisher, MqttConnection
    from assistant.understanding import build_understander

    cases = yaml.safe_load(COMMANDS.read_text(encoding="utf-8"))
    options = VoiceOptions(feedback=FeedbackSettings(False, False), stt_engine="auto", vad_engine=vad)
    parts = VoiceParts.load(home, options, SilentPlayer())
    understander = build_understander(home, mode=understand)  # type: ignore[arg-type]
    right = total = wrong = 0
    misses: list[tuple[str, str, str]] = []
    stages: dict[str, list[float]] = {"endpointing": [], "transcript": [], "understand": [], "publish": [], "total": []}
    with private_broker() as (host, port):
        connection = MqttConnection(home.data.mqtt.model_copy(update={"host": host, "port": port}), client_id="bench")
        connection.connect(5)
        handler = CommandHandler(home, understander, CommandPublisher(home, connection), None)
        for _ in range(rounds):
            for case in cases:
                pcm = spoken_request(speaker, case["say"])
                expected = Counter(Command.from_dict(c) for c in case["commands"])
                heard = parts.loop(PcmBufferSource(pcm), handler).run()
                sent = Counter(d.command for h in heard if h.reply for d in h.reply.deliveries if d.delivered)
                total += 1
                right += sent == expected
                wrong += bool(sent - expected)
                if sent != expected:
                    heard_text = " / ".join(h.transcript.heard for h in heard if h.transcript) or "(nothing)"
                    misses.append((case["say"], heard_text, ", ".join(map(describe_command, sent)) or "(none)"))
                for h in heard:
                    if h.reply is None or not h.reply.deliveries:
                        continue
                    true_endpointing = (h.ended_at_s - speech_end_s(pcm)) * 1000
                    stages["endpointing"].append(true_endpointing)
                    for key in ("transcript", "understand", "publish"):
                        stages[key].append(h.timings.get(key, 0.0))
                    stages["total"].append(true_endpointing + sum(h.timings.get(k, 0.0) for k in ("transcript", "understand", "publish")))
        connection.close()
    table(f"Piper-spoken commands of the example home, {parts.stt.name}, VAD {vad}, understood by {understand} (target >= 95 %)",
          ("utterances", "right", "accuracy", "wrong command sent"), [(total, right, f"{100 * right / total:.1f} %", wrong)])
    if misses:
        table("Not right", ("said", "recogniser's best guess", "commands sent"), misses)
    rows = [(k, len(v), f"{percentile(v, 50):.0f}", f"{percentile(v, 95):.0f}") for k, v in stages.items()]
    table("Latency, end of speech -> broker acknowledgement (ms; endpointing measured from the true end of speech)",
          ("stage", "n", "P50", "P95"), rows)


def bench_idle_cpu(home: Home, seconds: float) -> None:
    noise = room_noise(seconds, level=60.0)
    rows = []
    for name, make in (
        ("wake word (hey_jarvis)", lambda: build_wake_detector(("hey_jarvis",))),
        ("wake words (all four)", lambda: build_wake_detector(WAKE_WORDS)),
    ):
        detector = make()
        started = time.process_time()
        for i in range(0, len(noise), CHUNK):
            detector.process(noise[i : i + CHUNK])
        used = time.process_time() - started
        rows.append((name, f"{used:.2f}", f"{100 * used / seconds:.2f} %"))
    from assistant.vad import build_vad

    for engine in ("micro", "webrtc"):
        vad = build_vad(engine)
        started = time.process_time()
        for i in range(0, len(noise), 320):
            vad.is_speech(noise[i : i + 320])
        used = time.process_time() - started
        rows.append((f"VAD {engine} (no-wake mode adds this)", f"{used:.2f}", f"{100 * used / seconds:.2f} %"))
    table(f"CPU while idle-listening to {seconds:.0f} s of room noise (target <= 3 % of one core)",
          ("stage", "CPU s", "share of one core"), rows)


@click.command("audio")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("devices.yaml"))
@click.option("--minutes", default=20.0, show_default=True, help="Minutes of speech without a wake word.")
@click.option("--rounds", default=2, show_default=True, help="Times each spoken command is synthesized and run.")
@click.option("--vad", default="micro", type=click.Choice(["micro", "webrtc"]), show_default=True)
@click.option("--idle-seconds", default=120.0, show_default=True)
@click.option("--understand", default="templates", type=click.Choice(["templates", "llm", "both"]), show_default=True,
              help="Who understands the spoken commands (llm: every command goes through the model).")
@click.option("--commands-only", is_flag=True, help="Only the spoken commands: no wake clips, idle CPU or false wakes.")
def command(
    config_path: Path, minutes: float, rounds: int, vad: str, idle_seconds: float, understand: str, commands_only: bool
) -> None:
    """Wake words, false wakes, command accuracy, latency per stage, idle CPU, memory."""
    if not SHARED_AUDIO.is_dir():
        raise click.ClickException(f"{SHARED_AUDIO} is absent: the benchmark needs the shared recordings")
    home = load_home(config_path)
    speaker = PiperSpeaker()
    if not commands_only:
        bench_wake_clips()
        bench_idle_cpu(home, idle_seconds)
    bench_commands(home, speaker, rounds, vad, understand)
    if not commands_only:
        bench_false_wakes(speaker, minutes)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table("Memory", ("what", "MB"), [("peak RSS of this process (all engines + Piper loaded)", f"{rss_mb:.0f}")])
