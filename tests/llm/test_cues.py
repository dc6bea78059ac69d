"""Cue words: which action a sentence leans to, and remarks that ask for nothing."""

from __future__ import annotations

import pytest

from assistant.understanding.llm.cues import action_cue, asks_an_action, everyday_names, is_remark


@pytest.mark.parametrize(
    "sentence",
    ["I turned off the lights yesterday", "the tv was expensive", "my lamp is from ikea",
     "tell me a story about a robot vacuum", "how do I change a light bulb"],
)
def test_remarks_and_stories_are_not_requests(sentence: str) -> None:
    assert is_remark(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["I need some light on my desk", "did I lock the front door", "the kitchen light off please", "is the tv on"],
)
def test_requests_and_home_questions_are_not_remarks(sentence: str) -> None:
    assert not is_remark(sentence)


def test_words_of_the_targets_own_name_are_no_cue() -> None:
    assert action_cue("start", "hoover go home", target="hoover") < action_cue("start", "hoover go home")


def test_a_question_opener_cues_a_state_question() -> None:
    assert action_cue("get_state", "is the garage door shut") > action_cue("close", "is the garage door shut")


def test_a_misheard_off_cues_turning_off() -> None:
    assert action_cue("turn_off", "turn of the kitchen light") > action_cue("turn_on", "turn of the kitchen light")


def test_a_complaint_with_too_is_not_a_description() -> None:
    assert not is_remark("the tv is too loud")


def test_a_word_inside_another_actions_phrase_is_no_cue() -> None:
    # "down" would lean to closing; in "power down" it belongs to turning off.
    assert action_cue("close", "power down the telly") == 0
    assert action_cue("turn_off", "power down the telly") > action_cue("turn_on", "power down the telly")


def test_a_name_said_alone_asks_for_the_thing() -> None:
    assert action_cue("turn_on", "coffee please", target="coffee machine") == 1
    assert action_cue("turn_on", "the coffee machine is broken", target="coffee machine") == 0


def test_off_misheard_at_the_end_cues_turning_off() -> None:
    assert action_cue("turn_off", "can you turn the ceiling light of") > action_cue("turn_on", "can you turn the ceiling light of")


@pytest.mark.parametrize(
    "sentence",
    ["I only do light reading on holiday", "she's a real night owl, lights on till two", "the hoover ate one of my socks"],
)
def test_statements_about_people_and_things_are_remarks(sentence: str) -> None:
    assert is_remark(sentence)


def test_a_request_after_a_description_is_not_a_remark() -> None:
    assert not is_remark("the floors are filthy, can you run the vacuum")


def test_on_before_a_place_or_a_number_is_no_cue() -> None:
    assert action_cue("turn_on", "toggle the lamp on my desk") == 0
    assert action_cue("turn_on", "put the heating on twenty") == 0
    assert action_cue("turn_on", "turn on the lamp") == 1


def test_a_verb_in_ing_form_cues_its_action() -> None:
    assert action_cue("play", "carry on playing on the TV") > action_cue("turn_on", "carry on playing on the TV")


def test_a_split_turn_up_cues_volume_up() -> None:
    assert action_cue("volume_up", "turn the telly up") > action_cue("open", "turn the telly up")


def test_words_run_together_are_split() -> None:
    assert action_cue("turn_off", "turnoff the ceiling light") == 1


def test_a_clause_of_a_name_alone_asks_no_action() -> None:
    assert asks_an_action("switch off the fan")
    assert not asks_an_action("the bedroom light")


def test_a_state_told_as_a_complaint_asks_for_its_undoing() -> None:
    assert action_cue("turn_off", "the light's still on") > action_cue("turn_on", "the light's still on")
    assert action_cue("close", "I've left the garage wide open") > action_cue("open", "I've left the garage wide open")


def test_heat_turns_a_fan_on_and_a_heater_off() -> None:
    sentence = "it's boiling in the bedroom"
    assert action_cue("turn_on", sentence, device_type="fan") > action_cue("turn_off", sentence, device_type="fan")
    assert action_cue("turn_off", sentence, device_type="climate") > action_cue("turn_on", sentence, device_type="climate")


def test_heat_and_cold_ask_nothing_of_a_light() -> None:
    assert action_cue("turn_off", "it's boiling in the bedroom", device_type="light") == 0
    assert action_cue("turn_on", "I'm freezing in here", device_type="light") == 0


def test_a_vacuum_too_loud_is_stopped() -> None:
    sentence = "the vacuum's too loud while I'm on a call"
    assert action_cue("stop", sentence, device_type="vacuum") > action_cue("start", sentence, device_type="vacuum")


def test_a_scene_named_whole_asks_to_activate_it_unless_asked_about() -> None:
    assert action_cue("activate", "let's do movie night", target="Movie Night") == 1
    assert action_cue("activate", "is movie night on", target="Movie Night") == 0
    assert action_cue("activate", "time to clean the house", target="Movie Night") == 1  # "time", not the name


def test_a_particle_after_the_object_cues_volume() -> None:
    assert action_cue("volume_up", "turn the telly up a bit") > action_cue("open", "turn the telly up a bit")
    assert action_cue("volume_down", "can you quieten the tv down a touch") > 0


@pytest.mark.parametrize(
    "sentence",
    ["did you know robot vacuums can map your whole house", "is it true that leaving lights on all night wastes money",
     "how does a thermostat actually work", "how much did we pay for the tv", "my neighbour's blinds are always shut"],
)
def test_general_questions_and_other_peoples_things_are_remarks(sentence: str) -> None:
    assert is_remark(sentence)


@pytest.mark.parametrize("sentence", ["the tv is deafening", "I don't need the big light any more"])
def test_complaints_are_not_remarks(sentence: str) -> None:
    assert not is_remark(sentence)


def test_everyday_names_become_the_homes() -> None:
    assert everyday_names("switch the big light off", frozenset({"ceiling", "light"})) == "switch the ceiling light off"
    # A home with its own "big light" keeps it.
    assert everyday_names("switch the big light off", frozenset({"big", "light"})) == "switch the big light off"
