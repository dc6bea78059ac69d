"""Feedback: the project's own cue sounds, reply sentences, Piper speech."""

from __future__ import annotations

import numpy as np

from assistant.commands import Command
from assistant.config import Home
from assistant.feedback.replies import done_sentence
from assistant.feedback.speech import PiperSpeaker
from assistant.feedback.tones import Cue, cue_pcm


def test_each_cue_is_a_distinct_audible_sound() -> None:
    sounds = {cue: cue_pcm(cue) for cue in Cue}
    assert len(set(sounds.values())) == len(Cue)
    assert all(np.abs(np.frombuffer(s, dtype=np.int16)).max() > 1000 for s in sounds.values())


def test_a_done_reply_names_the_device(home: Home) -> None:
    assert done_sentence(home, [Command("living_room_lamp", "turn_on")]) == "Turned on the living room lamp."


def test_a_done_reply_groups_devices_of_one_action(home: Home) -> None:
    commands = [Command("kitchen_light", "turn_off"), Command("bedroom_light", "turn_off")]
    assert done_sentence(home, commands) == "Turned off the kitchen light and the bedroom light."


def test_a_done_reply_says_the_value(home: Home) -> None:
    assert done_sentence(home, [Command("office_thermostat", "set_temperature", 21)]) == (
        "Set the thermostat to 21 degrees."
    )


def test_piper_speaks_a_reply(speaker: PiperSpeaker) -> None:
    pcm = speaker.synthesize("Turned on the living room lamp.")
    assert len(pcm) / 2 / speaker.rate > 1.0
