"""pocketsphinx's grammar search: the JSGF grammar of the home's sentences, what it says and what
it refuses, and real recordings decoded with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.audio.pcm import silence
from assistant.audio.wavfile import read_wav
from assistant.config import Home
from assistant.stt.fsg import Automaton, grammar_automaton
from assistant.stt.jsgf import Grammar, build_grammar
from assistant.stt.open_english import bundled_english
from assistant.pronunciations import DICTIONARY_FILE, Pronunciations
from assistant.stt.pocketsphinx_engine import PocketsphinxRecognizer
from assistant.stt.templates import home_templates


@pytest.fixture(scope="module")
def pronunciations() -> Pronunciations:
    return Pronunciations.read(bundled_english()[1] / DICTIONARY_FILE)


@pytest.fixture(scope="module")
def grammar(home: Home, pronunciations: Pronunciations) -> Grammar:
    return build_grammar(*home_templates(home), pronunciations.__contains__)


@pytest.fixture(scope="module")
def automaton(grammar: Grammar) -> Automaton:
    return grammar_automaton(grammar)


@pytest.fixture(scope="module")
def jsgf_recognizer(home: Home) -> PocketsphinxRecognizer:
    return PocketsphinxRecognizer(*home_templates(home), search="jsgf")


def test_the_grammar_is_jsgf_of_the_homes_sentences(grammar: Grammar) -> None:
    assert grammar.text.startswith("#JSGF V1.0;")
    assert "public <command> =" in grammar.text
    assert {"living", "lamp", "garage", "thermostat"} <= grammar.vocabulary


@pytest.mark.parametrize(
    "sentence",
    ["turn on the living room lamp", "lock the front door", "set the thermostat to twenty one degrees",
     "turn off the lights in the kitchen"],
)
def test_the_homes_commands_are_in_the_grammar(automaton: Automaton, sentence: str) -> None:
    assert automaton.accepts(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["turn on the sauna", "what a lovely day", "open the pod bay doors", "set the thermostat to four hundred degrees"],
)
def test_other_sentences_are_not(automaton: Automaton, sentence: str) -> None:
    assert not automaton.accepts(sentence)


def test_a_real_recording_of_a_command_is_heard(jsgf_recognizer: PocketsphinxRecognizer, audio_dir: Path) -> None:
    stream = jsgf_recognizer.start()
    stream.accept(read_wav(audio_dir / "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav") + silence(0.5))
    assert stream.finish().text == "turn on the living room lamp"


@pytest.mark.parametrize("name", ["rhino_out_of_context.wav", "rhino_coffee_order_within_context.wav"])
def test_real_speech_outside_the_grammar_gives_no_command(
    jsgf_recognizer: PocketsphinxRecognizer, audio_dir: Path, name: str
) -> None:
    stream = jsgf_recognizer.start()
    stream.accept(read_wav(audio_dir / name))
    transcript = stream.finish()
    assert transcript.text == ""
    assert transcript.rejected


def test_devices_yaml_chooses_the_grammar_search() -> None:
    from assistant.config.schema import VoiceSettings
    from assistant.pipeline.assemble import VoiceOptions

    assert VoiceOptions.from_settings(VoiceSettings()).pocketsphinx_search == "lm"
    assert VoiceOptions.from_settings(VoiceSettings(pocketsphinx_search="jsgf")).pocketsphinx_search == "jsgf"
    with pytest.raises(ValueError, match="pocketsphinx_search"):
        VoiceSettings(pocketsphinx_search="fsg")
