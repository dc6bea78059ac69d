"""The voice path with understanding "both" and open transcripts, end to end over a real
Mosquitto: paraphrases only the LLM reads reach their device; small talk and the real
non-command recordings still trigger nothing."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from voice_support import delivered, load_data, run_voice, wav
from wire_recorder import WireRecorder

from assistant.commands import Command
from assistant.feedback.speech import PiperSpeaker, spoken_request
from assistant.pipeline.assemble import VoiceParts
from assistant.handling.handler import UtteranceHandler
from assistant.handling.utterance import HeardUtterance
from assistant.pipeline.loop import HeardCommand
from assistant.stt import Transcript


def heard_openly(heard: HeardCommand) -> bool:
    """The open pass ran: its words went to the LLM, or named nothing of the home."""
    transcript = heard.transcript
    return transcript is not None and (transcript.open or "heard openly" in (transcript.rejected or ""))


def test_a_spoken_paraphrase_only_the_llm_reads_reaches_its_device(
    speaker: PiperSpeaker, open_voice: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    # One the benchmark hears right every time; `python -m bench audio --spoken llm` has the rate.
    heard = run_voice(open_voice, llm_handler, spoken_request(speaker, "time to clean the house"))
    assert [(delivered(heard), h.reply.handled_by if h.reply else None) for h in heard] == [
        ([Command("robot_vacuum", "start")], "llm")
    ]


def test_piper_small_talk_after_the_wake_word_triggers_nothing_with_the_llm_on(
    speaker: PiperSpeaker, open_voice: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    pcm = b"".join(spoken_request(speaker, line) for line in load_data("small_talk.yaml"))
    heard = run_voice(open_voice, llm_handler, pcm)
    assert any(map(heard_openly, heard)), "the open pass never ran"
    assert delivered(heard) == []


def test_piper_small_talk_without_a_wake_word_triggers_nothing_with_the_llm_on(
    speaker: PiperSpeaker, open_voice: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    pcm = b"".join(spoken_request(speaker, line, wake_phrase=None) for line in load_data("small_talk.yaml"))
    heard = run_voice(open_voice, llm_handler, pcm, no_wake=True)
    assert any(map(heard_openly, heard)), "the open pass never ran"
    assert delivered(heard) == []


@pytest.mark.parametrize("clip", ["rhino_coffee_order_within_context.wav", "rhino_out_of_context.wav"])
def test_coffee_orders_give_no_command_without_a_wake_word_with_the_llm_on(
    audio_dir: Path, open_voice: VoiceParts, llm_handler: UtteranceHandler, clip: str
) -> None:
    # Without a wake word every word of them reaches the recogniser, and openly the LLM.
    assert delivered(run_voice(open_voice, llm_handler, wav(audio_dir, clip), no_wake=True)) == []


def test_the_keyword_list_triggers_nothing_with_the_llm_on(
    audio_dir: Path, open_voice: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    # After the wake word only, as with templates: without one, even templates alone hear
    # "light on" and "run hoover" in it.
    assert delivered(run_voice(open_voice, llm_handler, wav(audio_dir, "porcupine_multiple_keywords.wav"))) == []


class HeardAs:
    """A recogniser that hears every utterance as one transcript: the loop's choice, not the
    recogniser's luck with Piper's voice, is under test."""

    name = "fixed"

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript

    def start(self, answer_expected: bool = False) -> HeardAs:
        return self

    def accept(self, pcm: bytes) -> None:
        pass

    def partial(self) -> str:
        return ""

    def finish(self) -> Transcript:
        return self.transcript


def test_a_command_run_into_other_speech_wins_over_the_open_transcript_without_a_wake_word(
    speaker: PiperSpeaker, open_voice: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    # Another product's wake word with no pause: the command at the end of the home model's
    # words, not the LLM's reading of the whole.
    said = "okay google turn on the living room lamp"
    stt = HeardAs(Transcript("okay do will turn on the living room lineup", "fixed", heard=said, open=True))
    parts = replace(open_voice, stt=stt)
    heard = run_voice(parts, llm_handler, spoken_request(speaker, said, wake_phrase=None), no_wake=True)
    assert [(h.transcript.text, h.transcript.open) for h in heard if h.transcript] == [
        ("turn on the living room lamp", False)
    ]


def test_an_unlock_the_llm_understood_is_asked_about_not_done(llm_handler: UtteranceHandler, wire: WireRecorder) -> None:
    assert wire.wait_subscribed()
    reply = llm_handler.handle(HeardUtterance("let me in the front door", "Living Room", time.monotonic()))
    assert reply.handled_by == "llm"
    assert reply.question == "Unlock the front door?"
    assert reply.deliveries == []
    assert not [t for t, _ in wire.wait_count(1, timeout=1.0) if "front_door" in t]
