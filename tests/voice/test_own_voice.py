"""The assistant does not take its own spoken reply for a new command.

The microphone is the hardware edge, so it is the one fake: it hears whatever the speaker plays.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import numpy as np
from voice_support import quiet_settings

from assistant.audio.pcm import FRAME_BYTES, to_mono_16k
from assistant.feedback.player import Feedback, FeedbackSettings
from assistant.feedback.speech import PiperSpeaker, spoken_request
from assistant.pipeline.assemble import VoiceParts, VoiceSetup
from assistant.handling.handler import UtteranceHandler
from assistant.pipeline.loop import HeardCommand


CHUNK = 3 * FRAME_BYTES


def whole_chunks(pcm: bytes) -> Iterator[bytes]:
    return (pcm[i : i + CHUNK] for i in range(0, len(pcm) - CHUNK + 1, CHUNK))


class EchoingMicrophone:
    """A live source that hears the room: the request first, then everything the speaker plays."""

    live = True

    def __init__(self, pcm: bytes, forgets_echo: bool) -> None:
        self.pending: deque[bytes] = deque(whole_chunks(pcm))
        self.forgets_echo = forgets_echo
        self.echoes_left = 2  # a room that echoes forever would keep the assistant talking to itself

    def chunks(self) -> Iterator[bytes]:
        while self.pending:
            yield self.pending.popleft()

    def discard_pending(self) -> None:
        if self.forgets_echo:
            self.pending.clear()

    def play(self, pcm: bytes, rate: int) -> None:  # the speaker, heard by this microphone
        if self.echoes_left == 0:
            return
        self.echoes_left -= 1
        heard = to_mono_16k(np.frombuffer(pcm, dtype=np.int16), rate).tobytes() + bytes(16000)
        self.pending.extend(whole_chunks(heard))


def run_with_echo(voice: VoiceParts, handler: UtteranceHandler, speaker: PiperSpeaker, forgets_echo: bool) -> list[HeardCommand]:
    microphone = EchoingMicrophone(spoken_request(speaker, "turn on the living room lamp", None), forgets_echo)
    feedback = Feedback(microphone, speaker, FeedbackSettings(sounds=True, speech=True))
    parts = VoiceParts(voice.home, quiet_settings(), VoiceSetup(no_wake=True), voice.stt, voice.check, feedback)
    return parts.loop(microphone, handler).run()


def test_the_spoken_reply_is_not_heard_as_a_command(
    voice: VoiceParts, handler: UtteranceHandler, speaker: PiperSpeaker
) -> None:
    heard = run_with_echo(voice, handler, speaker, forgets_echo=True)
    assert len(heard) == 1
    assert heard[0].reply is not None


def test_without_dropping_the_echo_the_reply_would_be_heard(
    voice: VoiceParts, handler: UtteranceHandler, speaker: PiperSpeaker
) -> None:
    # The counterpart: the same room, a microphone that keeps what it heard while we spoke.
    assert len(run_with_echo(voice, handler, speaker, forgets_echo=False)) > 1
