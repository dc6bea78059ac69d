"""pocketsphinx's transcripts: a command or nothing, taken from its best guesses."""

from __future__ import annotations

from voice_support import run_voice

from assistant.feedback.speech import PiperSpeaker, room_noise
from assistant.pipeline.assemble import VoiceParts
from assistant.handling.handler import UtteranceHandler
from assistant.stt.pocketsphinx_engine import PocketsphinxRecognizer


def recognizer(voice: VoiceParts) -> PocketsphinxRecognizer:
    assert isinstance(voice.stt, PocketsphinxRecognizer)
    return voice.stt


def test_a_best_guess_that_is_a_command_is_the_transcript(voice: VoiceParts) -> None:
    transcript = recognizer(voice).judge("lock the front door", ["lock the front door", "lock our front door"])
    assert (transcript.text, transcript.rejected) == ("lock the front door", None)


def test_the_first_alternative_that_is_a_command_replaces_a_best_guess_that_is_not(voice: VoiceParts) -> None:
    heard = "what of front door"
    transcript = recognizer(voice).judge(heard, [heard, "want the front door", "lock the front door", "lock front door"])
    assert (transcript.text, transcript.heard) == ("lock the front door", heard)


def test_speech_with_no_command_among_its_guesses_is_rejected(voice: VoiceParts) -> None:
    guesses = ["what a lovely day", "what a lovely day it is", "want a lovely day"]
    transcript = recognizer(voice).judge(guesses[0], guesses)
    assert transcript.text == ""
    assert transcript.rejected == "not a command this home knows"


def test_a_command_whose_best_guess_is_wrong_is_still_heard(
    voice: VoiceParts, speaker: PiperSpeaker, handler: UtteranceHandler
) -> None:
    # Piper's "lock the front door" is heard first as "what of front door" or "want the front door".
    pcm = room_noise(0.5) + speaker.synthesize_16k("lock the front door") + room_noise(1.5)
    heard = run_voice(voice, handler, pcm, no_wake=True)
    assert [h.transcript.text for h in heard if h.transcript] == ["lock the front door"]


def test_a_next_guess_with_other_words_altogether_does_not_replace_the_best(voice: VoiceParts) -> None:
    # "good morning" heard as "dim orange", a few guesses down "lock the front door": not a command.
    transcript = recognizer(voice).judge("dim orange", ["dim orange", "lock the front door"])
    assert transcript.text == ""
    assert transcript.rejected == "not a command this home knows"
