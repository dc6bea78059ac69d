"""Plays cues and spoken replies, and tells the listener when its own voice has stopped."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.audio.playback import Player
from assistant.feedback.speech import PiperSpeaker
from assistant.feedback.tones import TONE_RATE, Cue, cue_pcm

log = logging.getLogger(__name__)


@dataclass
class FeedbackSettings:
    sounds: bool = True
    speech: bool = True


class Feedback:
    """Cues and replies on one output; `speaker` None means replies are not spoken."""

    def __init__(self, player: Player, speaker: PiperSpeaker | None, settings: FeedbackSettings) -> None:
        self.player = player
        self.speaker = speaker if settings.speech else None
        self.settings = settings

    def cue(self, cue: Cue) -> None:
        if self.settings.sounds:
            self.player.play(cue_pcm(cue), TONE_RATE)

    def say(self, text: str) -> None:
        if self.speaker is None or not text:
            return
        self.player.play(self.speaker.synthesize(text), self.speaker.rate)
