"""The wake word stage on real recordings and on Piper's voice."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.audio.pcm import silence
from assistant.audio.wavfile import read_wav
from assistant.feedback.speech import PiperSpeaker
from assistant.wake import WakeWordError, build_wake_detector
from assistant.wake.detector import WakeDetection

WAKE_CLIPS = {
    "okay_nabu": "wyoming_openwakeword_okay_nabu.wav",
    "hey_jarvis": "wyoming_openwakeword_hey_jarvis.wav",
    "hey_mycroft": "wyoming_openwakeword_hey_mycroft.wav",
    "alexa": "wyoming_openwakeword_alexa.wav",
}


def detections(
    names: tuple[str, ...], pcm: bytes, engine: str = "micro", refractory_s: float = 2.0
) -> list[WakeDetection]:
    detector = build_wake_detector(names, engine, refractory_s=refractory_s)
    found = []
    for start in range(0, len(pcm), 960):
        detection = detector.process(pcm[start : start + 960])
        if detection:
            found.append(detection)
    return found


@pytest.mark.parametrize("word", sorted(WAKE_CLIPS))
def test_each_real_wake_word_clip_is_detected_once_as_its_word(audio_dir: Path, word: str) -> None:
    pcm = read_wav(audio_dir / WAKE_CLIPS[word]) + silence(1.0)
    found = detections(tuple(WAKE_CLIPS), pcm)
    assert [d.name for d in found] == [word]


@pytest.mark.parametrize("word", ["hey_jarvis", "hey_mycroft"])
def test_the_keyword_list_does_not_wake(audio_dir: Path, word: str) -> None:
    assert detections((word,), read_wav(audio_dir / "porcupine_multiple_keywords.wav")) == []


@pytest.mark.parametrize("clip", ["rhino_coffee_order_within_context.wav", "rhino_out_of_context.wav", "porcupine_porcupine.wav"])
def test_other_speech_wakes_no_wake_word(audio_dir: Path, clip: str) -> None:
    assert detections(tuple(WAKE_CLIPS), read_wav(audio_dir / clip)) == []


@pytest.mark.parametrize("phrase,word", [("hey jarvis", "hey_jarvis"), ("okay nabu", "okay_nabu")])
def test_piper_saying_the_wake_word_wakes_it(speaker: PiperSpeaker, phrase: str, word: str) -> None:
    pcm = silence(0.5) + speaker.synthesize_16k(phrase) + silence(1.0)
    assert [d.name for d in detections((word,), pcm)] == [word]


def test_without_a_refractory_period_one_utterance_would_wake_many_times(audio_dir: Path) -> None:
    # The counterpart of the one-detection test above: the period is what makes it one.
    clip = read_wav(audio_dir / WAKE_CLIPS["hey_jarvis"])
    assert len(detections(("hey_jarvis",), clip, refractory_s=0.0)) > 1


def test_the_same_wake_word_said_again_after_the_period_wakes_again(audio_dir: Path) -> None:
    clip = read_wav(audio_dir / WAKE_CLIPS["hey_jarvis"])
    assert len(detections(("hey_jarvis",), clip + silence(1.0) + clip)) == 2


def test_open_wake_word_engine_detects_the_real_clip(audio_dir: Path) -> None:
    pcm = read_wav(audio_dir / WAKE_CLIPS["hey_jarvis"]) + silence(1.0)
    assert [d.name for d in detections(("hey_jarvis",), pcm, "openwakeword")] == ["hey_jarvis"]


def test_an_unknown_wake_word_is_a_clear_error() -> None:
    with pytest.raises(WakeWordError, match="unknown microWakeWord wake word 'hey_sauna'"):
        build_wake_detector(("hey_sauna",))
