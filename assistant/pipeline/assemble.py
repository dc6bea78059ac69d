"""Putting a voice loop together: the one place engines are chosen and loaded, for `assistant run`,
the service and the benchmark alike.

The engines and timings come from one `VoiceSettings` (devices.yaml's assistant.voice, with the
command line's flags laid over it by `model_copy(update=...)`); `VoiceSetup` holds only what
devices.yaml does not say: where this run's models, sentences and recordings are.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.audio.playback import Player
from assistant.audio.sources import AudioSource
from assistant.config import Home
from assistant.config.schema import VoiceSettings
from assistant.feedback.player import Feedback, FeedbackSettings
from assistant.feedback.replies import unheard
from assistant.handling.handler import UtteranceHandler
from assistant.pipeline.loop import HeardCommand, LoopSettings, VoiceLoop
from assistant.stt import SpeechToText, build_speech_to_text
from assistant.stt.domain import TemplateCheck
from assistant.understanding.router import RoutedUnderstander, Understander
from assistant.vad import EndpointSettings, build_vad
from assistant.wake import WakeWordDetector, build_wake_detector


@dataclass(frozen=True)
class VoiceSetup:
    """What devices.yaml does not say about the voice path."""

    models_dir: Path = Path("models")
    intents_dir: Path | None = None  # None: intents/ next to devices.yaml
    no_wake: bool = False  # every utterance is a command (push-to-talk, tests)
    record_dir: Path | None = None  # keep a WAV of each command here
    # Transcribe speech that is no template sentence openly instead of rejecting it: only when
    # the understanding reads such sentences (the LLM loaded; see `llm_understands`).
    open_transcripts: bool = False


def with_flags(settings: VoiceSettings, **flags: object) -> VoiceSettings:
    """devices.yaml's voice settings with the command line's flags laid over them (None: not given)."""
    return settings.model_copy(update={name: value for name, value in flags.items() if value is not None})


def llm_understands(understander: Understander) -> bool:
    """Whether a transcript no template reads can still be understood: the LLM is loaded (with
    understanding "both" or "llm"). With templates only, such transcripts stay rejected."""
    return isinstance(understander, RoutedUnderstander) and understander.llm is not None


def feedback_settings(settings: VoiceSettings) -> FeedbackSettings:
    return FeedbackSettings(sounds=settings.sounds, speech=settings.speech)


def endpoint_settings(settings: VoiceSettings) -> EndpointSettings:
    return EndpointSettings(
        no_speech_timeout_s=settings.no_speech_timeout,
        trailing_silence_s=settings.trailing_silence,
        max_s=settings.max_command_seconds,
    )


@dataclass
class VoiceParts:
    """Loaded once, reused for every audio source (tests and the benchmark run many files)."""

    home: Home
    settings: VoiceSettings
    setup: VoiceSetup
    stt: SpeechToText
    check: TemplateCheck
    feedback: Feedback
    wake: WakeWordDetector | None = None

    @classmethod
    def load(cls, home: Home, settings: VoiceSettings, setup: VoiceSetup, player: Player) -> VoiceParts:
        speech = build_speech_to_text(home, settings, setup.models_dir, setup.intents_dir, setup.open_transcripts)
        speaker = None
        if settings.speech:
            from assistant.feedback.speech import PiperSpeaker

            speaker = PiperSpeaker()
        feedback = Feedback(player, speaker, feedback_settings(settings))
        parts = cls(home, settings, setup, speech.stt, speech.check, feedback)
        parts.wake = None if setup.no_wake else parts.build_wake()
        return parts

    def for_home(self, home: Home) -> VoiceParts:
        """The same engines for a reloaded home: its sentences, names and Whisper prompt (the
        engines and voice settings stay as they were at start)."""
        speech = build_speech_to_text(
            home, self.settings, self.setup.models_dir, self.setup.intents_dir, self.setup.open_transcripts,
            previous=self.stt,
        )
        return replace(self, home=home, stt=speech.stt, check=speech.check)

    def build_wake(self) -> WakeWordDetector:
        return build_wake_detector(tuple(self.settings.wake_words), self.settings.wake_engine, self.setup.models_dir)

    def without_wake(self) -> VoiceParts:
        """The same engines, every utterance a command."""
        return replace(self, setup=replace(self.setup, no_wake=True), wake=None)

    def loop(
        self, source: AudioSource, handler: UtteranceHandler, on_command: Callable[[HeardCommand], None] | None = None
    ) -> VoiceLoop:
        """A fresh loop (fresh wake word and VAD state) over `source`."""
        wake = None
        if not self.setup.no_wake:
            wake = self.wake or self.build_wake()
            wake.reset()
        unheard_reply = unheard(self.home) if self.settings.unheard_reply == "speak" else ""
        loop_settings = LoopSettings(self.home.data.assistant.area, endpoint_settings(self.settings),
                                     record_dir=self.setup.record_dir, unheard_reply=unheard_reply)  # fmt: skip
        return VoiceLoop(
            source, wake, build_vad(self.settings.vad), self.stt, self.check, handler, self.feedback, loop_settings, on_command
        )


def assemble_voice(
    home: Home, settings: VoiceSettings, setup: VoiceSetup, understander: Understander, player: Player
) -> VoiceParts:
    """The voice parts `assistant run` and the service listen with: speech no template reads is
    transcribed openly exactly when `understander` includes the LLM."""
    return VoiceParts.load(home, settings, replace(setup, open_transcripts=llm_understands(understander)), player)


def open_source(input_path: str | None, realtime: bool, device: str | None) -> AudioSource:
    """A WAV file, raw 16 kHz mono s16le on stdin ("-"), or the microphone (None)."""
    from assistant.audio.microphone import MicrophoneSource
    from assistant.audio.sources import PcmBufferSource, RawStreamSource

    if input_path == "-":
        return RawStreamSource(sys.stdin.buffer)
    if input_path is not None:
        return PcmBufferSource.from_wav(Path(input_path), realtime)
    return MicrophoneSource(device)


def open_player(input_path: str | None, silent: bool) -> Player:
    from assistant.audio.playback import SilentPlayer, SpeakerPlayer

    # Replies to a recording go nowhere: there is nobody listening to the file.
    if silent or input_path is not None:
        return SilentPlayer()
    return SpeakerPlayer()
