"""Putting a voice loop together from options: the one place engines are chosen and loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.audio.playback import Player
from assistant.audio.sources import AudioSource
from assistant.config import Home
from assistant.config.schema import VoiceSettings
from assistant.feedback.player import Feedback, FeedbackSettings
from assistant.pipeline.handler import UtteranceHandler
from assistant.pipeline.loop import HeardCommand, LoopSettings, VoiceLoop
from assistant.stt import SpeechToText, build_speech_to_text
from assistant.stt.domain import TemplateCheck
from assistant.understanding.router import RoutedUnderstander, Understander
from assistant.vad import EndpointSettings, build_vad
from assistant.wake import WakeWordDetector, build_wake_detector
from assistant.wake.factory import DEFAULT_WAKE_WORD


@dataclass(frozen=True)
class VoiceOptions:
    wake_words: tuple[str, ...] = (DEFAULT_WAKE_WORD,)
    wake_engine: str = "micro"
    no_wake: bool = False
    vad_engine: str = "micro"
    stt_engine: str = "auto"
    vosk_mode: str = "corrected"
    pocketsphinx_search: str = "lm"
    models_dir: Path = Path("models")
    intents_dir: Path | None = None
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    record_dir: Path | None = None
    # Transcribe speech that is no template sentence openly instead of rejecting it: only when
    # the understanding reads such sentences (the LLM loaded; see `llm_understands`).
    open_transcripts: bool = False

    @classmethod
    def from_settings(cls, settings: VoiceSettings, **overrides: Any) -> VoiceOptions:
        """The options devices.yaml asks for; `overrides` (from the command line) win where
        they are not None."""
        options = cls(
            wake_words=tuple(settings.wake_words),
            wake_engine=settings.wake_engine,
            vad_engine=settings.vad,
            stt_engine=settings.stt,
            vosk_mode=settings.vosk_mode,
            pocketsphinx_search=settings.pocketsphinx_search,
            feedback=FeedbackSettings(sounds=settings.sounds, speech=settings.speech),
            endpoint=EndpointSettings(
                no_speech_timeout_s=settings.no_speech_timeout,
                trailing_silence_s=settings.trailing_silence,
                max_s=settings.max_command_seconds,
            ),
        )
        return replace(options, **{k: v for k, v in overrides.items() if v is not None})


def llm_understands(understander: Understander) -> bool:
    """Whether a transcript no template reads can still be understood: the LLM is loaded (with
    understanding "both" or "llm"). With templates only, such transcripts stay rejected."""
    return isinstance(understander, RoutedUnderstander) and understander.llm is not None


@dataclass
class VoiceParts:
    """Loaded once, reused for every audio source (tests and the benchmark run many files)."""

    home: Home
    options: VoiceOptions
    stt: SpeechToText
    check: TemplateCheck
    feedback: Feedback
    wake: WakeWordDetector | None = None

    @classmethod
    def load(cls, home: Home, options: VoiceOptions, player: Player) -> VoiceParts:
        setup = build_speech_to_text(
            home,
            options.stt_engine,
            options.models_dir,
            vosk_mode=options.vosk_mode,
            pocketsphinx_search=options.pocketsphinx_search,
            intents_dir=options.intents_dir,
            open_fallback=options.open_transcripts,
        )
        speaker = None
        if options.feedback.speech:
            from assistant.feedback.speech import PiperSpeaker

            speaker = PiperSpeaker()
        wake = None if options.no_wake else build_wake_detector(options.wake_words, options.wake_engine, options.models_dir)
        return cls(home, options, setup.stt, setup.check, Feedback(player, speaker, options.feedback), wake)

    def loop(
        self, source: AudioSource, handler: UtteranceHandler, on_command: Callable[[HeardCommand], None] | None = None
    ) -> VoiceLoop:
        """A fresh loop (fresh wake word and VAD state) over `source`."""
        options = self.options
        wake = None
        if not options.no_wake:
            wake = self.wake or build_wake_detector(options.wake_words, options.wake_engine, options.models_dir)
            wake.reset()
        settings = LoopSettings(self.home.data.assistant.area, options.endpoint, record_dir=options.record_dir)
        return VoiceLoop(
            source,
            wake,
            build_vad(options.vad_engine),
            self.stt,
            self.check,
            handler,
            self.feedback,
            settings,
            on_command,
        )
