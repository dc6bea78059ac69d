"""Open transcripts: with the LLM on, speech that is no template sentence is still transcribed
(by pocketsphinx's general English model) instead of rejected; with templates only, nothing changes."""

from __future__ import annotations

from voice_support import transcribe

from assistant.config import Home
from assistant.config.schema import VoiceSettings
from assistant.feedback.speech import PiperSpeaker, room_noise
from assistant.pipeline.assemble import VoiceParts, llm_understands
from assistant.stt import build_speech_to_text
from assistant.understanding import build_understander
from assistant.understanding.router import RoutedUnderstander

# No template reads it, nor anything the home's model hears in Piper's voice; the LLM does
# (tests/llm/data/paraphrases_tune.yaml). "it's pitch black in the kitchen", for one, is heard as
# the template sentence "what's kitchen light in the kitchen" once in four.
PARAPHRASE = "time to clean the house"


def spoken(speaker: PiperSpeaker, text: str) -> bytes:
    return room_noise(0.5) + speaker.synthesize_16k(text) + room_noise(0.8)


def test_with_the_llm_on_pocketsphinx_transcribes_a_paraphrase_openly(open_voice: VoiceParts, speaker: PiperSpeaker) -> None:
    transcript = transcribe(open_voice.stt, spoken(speaker, PARAPHRASE))
    assert transcript.open, transcript
    assert {"clean", "house"} <= set(transcript.text.split()), transcript


def test_with_templates_only_pocketsphinx_still_rejects_it(home: Home, speaker: PiperSpeaker) -> None:
    transcript = transcribe(build_speech_to_text(home, VoiceSettings(stt="pocketsphinx")).stt, spoken(speaker, PARAPHRASE))
    assert (transcript.text, transcript.open, transcript.rejected) == ("", False, "not a command this home knows")


def test_with_the_llm_on_a_template_command_still_comes_from_the_home_model(
    open_voice: VoiceParts, speaker: PiperSpeaker
) -> None:
    transcript = transcribe(open_voice.stt, spoken(speaker, "turn off the kitchen light"))
    # Piper's voice varies, and pocketsphinx hears "put off that ..." or "turn up the ..." at
    # times: any template sentence will do, as long as it is the home model's, not an open one.
    assert transcript.open is False, transcript.text
    assert "kitchen light" in transcript.text, transcript.text


def test_with_the_llm_on_speech_that_names_nothing_of_the_home_is_still_rejected(
    open_voice: VoiceParts, speaker: PiperSpeaker
) -> None:
    transcript = transcribe(open_voice.stt, spoken(speaker, "what a lovely day it is today"))
    assert (transcript.text, transcript.open) == ("", False)
    assert "names nothing" in (transcript.rejected or "")


def test_with_the_llm_on_room_noise_is_not_transcribed_openly(open_voice: VoiceParts) -> None:
    transcript = transcribe(open_voice.stt, room_noise(2.0, seed=3))
    assert (transcript.text, transcript.open) == ("", False)


def test_templates_only_understanding_keeps_transcripts_closed(home: Home) -> None:
    assert not llm_understands(build_understander(home, mode="templates"))


def test_understanding_with_the_llm_loaded_opens_them(llm_understander: RoutedUnderstander) -> None:
    assert llm_understands(llm_understander)
