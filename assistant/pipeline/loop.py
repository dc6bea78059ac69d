"""The voice loop: wait for the wake word (or for speech, without one), record the command until
the endpoint, transcribe it while it is spoken, hand the transcript on, and answer.

After a question ("Unlock the front door?") the answer needs no wake word: for the question's
time limit, speech itself starts the next utterance, and the recogniser is told that an answer
("yes", "no", the PIN) is a transcript too.

Time inside the loop is audio time (frames fed), so a file gives the same result at any speed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.audio.pcm import FRAME_BYTES, FRAME_SECONDS
from assistant.audio.sources import AudioSource
from assistant.audio.wavfile import write_wav
from assistant.feedback.player import Feedback
from assistant.feedback.tones import Cue
from assistant.handling.handler import UtteranceHandler
from assistant.handling.utterance import HandlerReply, HeardUtterance
from assistant.stt.domain import TemplateCheck
from assistant.stt.engine import RecognitionStream, SpeechToText, Transcript
from assistant.vad.activity import VoiceActivityDetector
from assistant.vad.endpointer import Endpoint, Endpointer, EndpointSettings
from assistant.vad.loudness import LoudnessTracker
from assistant.wake.detector import WakeWordDetector

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoopSettings:
    area: str | None = None
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    # Without a wake word, audio this long before speech starts is kept (the first syllable).
    pre_roll_s: float = 0.8
    record_dir: Path | None = None
    # Said when speech after the wake word was heard as nothing to act on ("" : only the tone).
    unheard_reply: str = ""


@dataclass
class HeardCommand:
    """Everything about one command, for logs, tests and the benchmark."""

    started_at_s: float  # audio time the recording began
    ended_at_s: float  # audio time of the endpoint
    wake_word: str | None
    endpoint: Endpoint
    transcript: Transcript | None
    reply: HandlerReply | None
    # ms: endpointing (end of speech -> endpoint, audio time), transcript (with, for two
    # recognition passes, closed_pass and open_pass within it), understand, publish
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def speech_to_ack_ms(self) -> float:
        return sum(self.timings.get(k, 0.0) for k in ("endpointing", "transcript", "understand", "publish"))


class Recording:
    """One command being recorded: the recogniser, the endpointer and the audio kept."""

    def __init__(
        self,
        stt: SpeechToText,
        settings: EndpointSettings,
        started_at_s: float,
        wake_word: str | None,
        answer_expected: bool = False,
    ):
        self.stream: RecognitionStream = stt.start(answer_expected)
        self.endpointer = Endpointer(settings)
        self.audio = bytearray()
        self.started_at_s = started_at_s
        self.wake_word = wake_word


class VoiceLoop:
    def __init__(
        self,
        source: AudioSource,
        wake: WakeWordDetector | None,
        vad: VoiceActivityDetector,
        stt: SpeechToText,
        check: TemplateCheck,
        handler: UtteranceHandler,
        feedback: Feedback,
        settings: LoopSettings,
        on_command: Callable[[HeardCommand], None] | None = None,
    ) -> None:
        self.source = source
        self.wake = wake
        self.vad = vad
        self.stt = stt
        self.check = check
        self.handler = handler
        self.feedback = feedback
        self.settings = settings
        self.on_command = on_command
        self.audio_s = 0.0
        self.heard: list[HeardCommand] = []
        self.recording: Recording | None = None
        self.loudness = LoudnessTracker()
        # Audio time until which an answer to the handler's question is listened for without
        # the wake word (None: no question waits).
        self.answer_until_s: float | None = None
        self.pre_roll: deque[bytes] = deque(maxlen=max(1, int(settings.pre_roll_s / FRAME_SECONDS)))

    def run(self, stop: threading.Event | None = None) -> list[HeardCommand]:
        """Until the source ends (a file) or `stop` is set (the microphone)."""
        for chunk in self.source.chunks():
            if stop is not None and stop.is_set():
                break
            self.feed(chunk)
        if self.recording is not None:  # the file ended mid-command: finish it
            self.finish(Endpoint.SPOKE)
        return self.heard

    def use_speech(self, stt: SpeechToText, check: TemplateCheck) -> None:
        """Recognise the next utterance with these (a reloaded home's); one being recorded ends
        with the ones it began with."""
        self.stt, self.check = stt, check

    def awaiting_answer(self) -> bool:
        """A question was asked, is still unanswered, and its time has not run out."""
        if self.answer_until_s is None:
            return False
        if self.audio_s > self.answer_until_s or self.handler.gate.pending is None:
            self.answer_until_s = None
            return False
        return True

    def feed(self, chunk: bytes) -> None:
        if self.recording is None and self.wake is not None and not self.awaiting_answer():
            detection = self.wake.process(chunk)
            self.loudness.listen(chunk)
            self.audio_s += len(chunk) / FRAME_BYTES * FRAME_SECONDS
            if detection is not None:
                log.info("wake word %s (%.2f) at %.2f s", detection.name, detection.probability, self.audio_s)
                self.feedback.cue(Cue.WAKE)
                self.vad.reset()
                self.loudness.start_command()
                self.recording = Recording(self.stt, self.settings.endpoint, self.audio_s, detection.name)
            return
        for start in range(0, len(chunk), FRAME_BYTES):
            self.feed_frame(chunk[start : start + FRAME_BYTES])
            if self.recording is None and self.wake is not None and not self.awaiting_answer():
                return  # the command ended: the rest of the chunk is for the wake word again

    def feed_frame(self, frame: bytes) -> None:
        self.audio_s += FRAME_SECONDS
        is_speech = self.vad.is_speech(frame)
        # The last moments of audio, recording or not: the VAD notices speech late, and a
        # command can follow the end of the previous one closely.
        self.pre_roll.append(frame)
        if self.recording is None:  # no wake word: speech itself starts a command
            if not is_speech:
                self.loudness.listen(frame)
                return
            self.loudness.start_command()
            answer = self.awaiting_answer()
            self.recording = Recording(self.stt, self.settings.endpoint, self.audio_s, None, answer)
            kept = b"".join(self.pre_roll)
            self.recording.stream.accept(kept)
            self.recording.audio += kept
        else:
            self.recording.stream.accept(frame)
            self.recording.audio += frame
        recording = self.recording
        quiet = self.loudness.is_quiet(frame)
        endpoint = recording.endpointer.feed(
            is_speech, lambda: self.check.accepts(recording.stream.partial()), quiet
        )
        if endpoint is not Endpoint.LISTENING:
            self.finish(endpoint)

    def finish(self, endpoint: Endpoint) -> None:
        recording = self.recording
        assert recording is not None
        self.recording = None
        heard_at = time.monotonic()
        endpointer = recording.endpointer
        timings: dict[str, float] = {}
        if endpointer.last_speech_end_s is not None:
            timings["endpointing"] = (endpointer.elapsed_s - endpointer.last_speech_end_s) * 1000
        started = time.perf_counter()
        transcript = recording.stream.finish()
        if (not transcript.text or transcript.open) and recording.wake_word is None and transcript.heard:
            transcript = self.command_after_other_speech(transcript)
        timings["transcript"] = (time.perf_counter() - started) * 1000
        timings.update(transcript.stage_ms)
        command = HeardCommand(
            recording.started_at_s, self.audio_s, recording.wake_word, endpoint, transcript, None, timings
        )
        if self.settings.record_dir is not None and transcript.heard:  # words, not a cough
            name = f"command-{time.strftime('%Y%m%d-%H%M%S')}-{recording.started_at_s:.2f}.wav"
            write_wav(self.settings.record_dir / name, bytes(recording.audio))
        if endpoint is Endpoint.NO_SPEECH or not transcript.text:
            log.info("no command (%s): %s", endpoint.value, transcript.rejected or "nothing said")
            if recording.wake_word is not None:  # woken but nothing usable: say so
                self.feedback.cue(Cue.ERROR)
                if endpoint is not Endpoint.NO_SPEECH and transcript.rejected != "nothing recognised":
                    self.feedback.say(self.settings.unheard_reply)
        else:
            log.info("heard %r (%s%s)", transcript.text, endpoint.value, ", open" if transcript.open else "")
            utterance = HeardUtterance(transcript.text, self.settings.area, heard_at, dict(timings), recording.wake_word)
            command.reply = self.handler.handle(utterance)
            timings.update(command.reply.timings)
            self.answer(command.reply)
            if command.reply.question is not None:  # its answer needs no wake word
                self.answer_until_s = self.audio_s + self.handler.gate.timeout
        log.info("timings (ms): %s", ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
        self.heard.append(command)
        if self.on_command is not None:
            self.on_command(command)
        self.after_command()

    def command_after_other_speech(self, transcript: Transcript) -> Transcript:
        """Without a wake word, speech can run into the command with no pause (another
        product's wake word): the command at the end is still the command (and is preferred
        to an open transcript of the whole, which the LLM would have to read)."""
        command = self.check.command_at_end(transcript.heard)
        if command is None:
            return transcript
        log.info("took %r from the end of %r", command, transcript.heard)
        return replace(transcript, text=command, rejected=None, open=False)

    def answer(self, reply: HandlerReply) -> None:
        self.feedback.cue(Cue.DONE if reply.outcome == "done" else Cue.ERROR)
        self.feedback.say(reply.text)

    def after_command(self) -> None:
        # Whatever the microphone caught while we spoke is our own voice: never a command.
        self.source.discard_pending()
        self.vad.reset()
        if self.source.live:
            self.pre_roll.clear()
        if self.wake is not None:
            self.wake.reset()
