"""End to end through the real engines and a real Mosquitto: audio in, commands acknowledged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from voice_support import delivered, load_data, quiet_settings, run_voice, wav

from assistant.audio.pcm import FRAME_SECONDS, silence
from assistant.audio.playback import SilentPlayer
from assistant.commands import Command
from assistant.config import Home
from assistant.feedback.speech import PiperSpeaker, spoken_request
from assistant.handling.handler import UtteranceHandler
from assistant.pipeline.assemble import VoiceParts, VoiceSetup
from assistant.vad import Endpoint
from assistant.vad.loudness import frame_levels_db

LAMP_ON = Command("living_room_lamp", "turn_on")


def lamp_recordings(manifest: list[dict[str, str]]) -> list[str]:
    return [m["file"] for m in manifest if "turn on the living room lamp" in m["what_is_said"]]


def test_the_manifest_lists_six_lamp_recordings(manifest: list[dict[str, str]]) -> None:
    assert len(lamp_recordings(manifest)) == 6


def test_every_real_lamp_recording_turns_on_the_living_room_lamp(
    audio_dir: Path, manifest: list[dict[str, str]], voice: VoiceParts, handler: UtteranceHandler
) -> None:
    # Five of them start with another product's wake word, so they run without one.
    missed = {}
    for name in lamp_recordings(manifest):
        got = delivered(run_voice(voice, handler, wav(audio_dir, name) + silence(1.0), no_wake=True))
        if got != [LAMP_ON]:
            missed[name] = got
    assert missed == {}


def test_the_lamp_recording_after_a_real_wake_word_clip_turns_on_the_lamp(
    audio_dir: Path, voice: VoiceParts, handler: UtteranceHandler
) -> None:
    pcm = wav(audio_dir, "wyoming_openwakeword_hey_jarvis.wav") + wav(
        audio_dir, "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav"
    )
    heard = run_voice(voice, handler, pcm + silence(1.0))
    assert delivered(heard) == [LAMP_ON]
    assert heard[0].wake_word == "hey_jarvis"


@pytest.mark.parametrize(
    "clip", ["rhino_coffee_order_within_context.wav", "rhino_out_of_context.wav", "porcupine_multiple_keywords.wav"]
)
def test_real_speech_that_is_not_a_command_triggers_nothing(
    audio_dir: Path, voice: VoiceParts, handler: UtteranceHandler, clip: str
) -> None:
    assert run_voice(voice, handler, wav(audio_dir, clip)) == []


@pytest.mark.parametrize("clip", ["rhino_coffee_order_within_context.wav", "rhino_out_of_context.wav"])
def test_coffee_orders_give_no_command_even_without_a_wake_word(
    audio_dir: Path, voice: VoiceParts, handler: UtteranceHandler, clip: str
) -> None:
    assert delivered(run_voice(voice, handler, wav(audio_dir, clip), no_wake=True)) == []


def test_piper_spoken_commands_of_the_example_home_reach_the_right_devices(
    speaker: PiperSpeaker, home: Home, handler: UtteranceHandler
) -> None:
    cases = load_data("spoken_commands.yaml")
    pcm = b"".join(spoken_request(speaker, case["say"]) for case in cases)
    # A recogniser of its own: what earlier tests fed the shared one (real recordings at another
    # level) shifts its normalisation for the first few commands.
    fresh = VoiceParts.load(home, quiet_settings(), VoiceSetup(), SilentPlayer())
    sent = Counter(delivered(run_voice(fresh, handler, pcm)))
    expected = Counter(Command.from_dict(c) for case in cases for c in case["commands"])
    missed, wrong = expected - sent, sent - expected
    # Piper's voice varies from run to run; the benchmark measures the rate over many runs
    # (target 95 %). Here: at most 4 of 24 missed, and at most one wrong command sent.
    assert sum(missed.values()) <= 4, f"missed {missed}, wrong {wrong}"
    assert sum(wrong.values()) <= 1, f"wrong commands were sent: {wrong}"


def test_piper_small_talk_without_a_wake_word_triggers_nothing(
    speaker: PiperSpeaker, voice: VoiceParts, handler: UtteranceHandler
) -> None:
    pcm = b"".join(spoken_request(speaker, line, wake_phrase=None) for line in load_data("small_talk.yaml"))
    assert delivered(run_voice(voice, handler, pcm, no_wake=True)) == []


def test_a_wake_word_with_nothing_after_it_times_out_without_a_command(
    speaker: PiperSpeaker, voice: VoiceParts, handler: UtteranceHandler
) -> None:
    heard = run_voice(voice, handler, spoken_request(speaker, "", wake_phrase="hey jarvis") + silence(5.0))
    assert [(h.wake_word, h.reply) for h in heard] == [("hey_jarvis", None)]


def test_the_reply_says_what_was_done(audio_dir: Path, voice: VoiceParts, handler: UtteranceHandler) -> None:
    pcm = wav(audio_dir, "wyoming_openwakeword_hey_jarvis.wav") + wav(
        audio_dir, "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav"
    )
    heard = run_voice(voice, handler, pcm + silence(1.0))
    assert heard[0].reply is not None
    assert heard[0].reply.text == "Turned on the living room lamp."


def test_a_device_the_home_lacks_is_not_turned_on(speaker: PiperSpeaker, voice: VoiceParts, handler: Any) -> None:
    assert delivered(run_voice(voice, handler, spoken_request(speaker, "turn on the sauna"))) == []


def test_a_complete_command_ends_when_the_room_is_quiet_again_not_when_the_vad_notices(
    audio_dir: Path, voice: VoiceParts, handler: UtteranceHandler
) -> None:
    pcm = wav(audio_dir, "wyoming_openwakeword_hey_jarvis.wav") + wav(
        audio_dir, "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav"
    )
    loud = np.nonzero(frame_levels_db(pcm) > 55)[0]  # this recording's voice is 60-70 dB, its room 30-45
    speech_end_s = (loud[-1] + 1) * FRAME_SECONDS
    heard = run_voice(voice, handler, pcm + silence(1.0))
    assert [h.endpoint for h in heard] == [Endpoint.SPOKE_EARLY]
    assert heard[0].ended_at_s - speech_end_s < 0.4  # the VAD alone ends 0.6 s or more after
