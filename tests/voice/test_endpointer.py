"""Endpointing decisions, frame by frame in audio time (10 ms frames)."""

from __future__ import annotations

from assistant.vad.endpointer import Endpoint, Endpointer, EndpointSettings

SETTINGS = EndpointSettings(no_speech_timeout_s=1.0, trailing_silence_s=0.5, early_silence_s=0.2, max_s=3.0)


def feed(endpointer: Endpointer, speech: bool, seconds: float, complete: bool | None = None) -> list[Endpoint]:
    check = None if complete is None else (lambda: complete)
    return [endpointer.feed(speech, check) for _ in range(round(seconds * 100))]


def test_speech_then_trailing_silence_ends_the_command() -> None:
    endpointer = Endpointer(SETTINGS)
    assert set(feed(endpointer, True, 1.0)) == {Endpoint.LISTENING}
    states = feed(endpointer, False, 0.6)
    assert states.index(Endpoint.SPOKE) == 49  # the 50th silent frame is 0.5 s


def test_nobody_speaking_times_out() -> None:
    states = feed(Endpointer(SETTINGS), False, 1.2)
    assert states.index(Endpoint.NO_SPEECH) == 99


def test_a_complete_command_ends_after_the_short_silence() -> None:
    endpointer = Endpointer(SETTINGS)
    feed(endpointer, True, 1.0)
    states = feed(endpointer, False, 0.3, complete=True)
    assert states.index(Endpoint.SPOKE_EARLY) == 19


def test_an_incomplete_command_waits_for_the_full_silence() -> None:
    endpointer = Endpointer(SETTINGS)
    feed(endpointer, True, 1.0)
    states = feed(endpointer, False, 0.6, complete=False)
    assert Endpoint.SPOKE_EARLY not in states
    assert Endpoint.SPOKE in states


def test_endless_speech_stops_at_the_maximum_length() -> None:
    states = feed(Endpointer(SETTINGS), True, 3.5)
    assert states.index(Endpoint.TOO_LONG) == 299


def test_a_click_shorter_than_speech_is_not_a_start() -> None:
    endpointer = Endpointer(SETTINGS)
    feed(endpointer, True, 0.05)
    states = feed(endpointer, False, 1.0)
    assert Endpoint.SPOKE not in states
    assert states[-1] is Endpoint.NO_SPEECH


def test_end_of_speech_is_remembered_in_audio_time() -> None:
    endpointer = Endpointer(SETTINGS)
    feed(endpointer, False, 0.3)
    feed(endpointer, True, 0.7)
    feed(endpointer, False, 0.5)
    assert round(endpointer.last_speech_end_s or 0, 2) == 1.0


def feed_quiet(endpointer: Endpointer, seconds: float, complete: bool) -> list[Endpoint]:
    """Frames the VAD still calls speech (it notices silence late) but that are quiet."""
    return [endpointer.feed(True, lambda: complete, quiet=True) for _ in range(round(seconds * 100))]


def test_a_complete_command_ends_after_a_short_quiet_even_while_the_vad_says_speech() -> None:
    endpointer = Endpointer(EndpointSettings(early_quiet_s=0.15, max_s=3.0))
    feed(endpointer, True, 1.0)
    states = feed_quiet(endpointer, 0.5, complete=True)
    assert states.index(Endpoint.SPOKE_EARLY) == 14


def test_an_incomplete_command_is_not_ended_by_quiet() -> None:
    endpointer = Endpointer(EndpointSettings(early_quiet_s=0.15, max_s=3.0))
    feed(endpointer, True, 1.0)
    assert set(feed_quiet(endpointer, 0.5, complete=False)) == {Endpoint.LISTENING}


def test_quiet_frames_are_not_counted_as_the_end_of_speech() -> None:
    endpointer = Endpointer(SETTINGS)
    feed(endpointer, True, 1.0)
    feed_quiet(endpointer, 0.4, complete=False)
    assert round(endpointer.last_speech_end_s or 0, 2) == 1.0


def test_an_incomplete_command_ends_after_the_trailing_time_of_quiet() -> None:
    endpointer = Endpointer(SETTINGS)
    feed(endpointer, True, 1.0)
    states = feed_quiet(endpointer, 0.6, complete=False)
    assert states.index(Endpoint.SPOKE) == 49
