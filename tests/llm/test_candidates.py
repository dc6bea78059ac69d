"""Candidates: the answer lines a sentence can mean, their cues, and that each is a valid command."""

from __future__ import annotations

import pytest

from assistant.commands import Command
from assistant.config import Home
from assistant.understanding.llm.answer import AnswerReader
from assistant.understanding.llm.candidates import Candidate, CandidateBuilder, english, target_match
from assistant.understanding.llm.evidence import gather_evidence
from assistant.understanding.llm.grammar import build_grammar
from assistant.understanding.llm.vocabulary import build_vocabulary
from assistant.understanding.resolver import Resolver


@pytest.fixture(scope="module")
def candidates_in(example_home: Home):  # type: ignore[no-untyped-def]
    vocabulary = build_vocabulary(example_home)
    builder = CandidateBuilder(example_home, vocabulary, AnswerReader(vocabulary), Resolver(example_home))
    return lambda sentence, area: builder.build(sentence, gather_evidence(sentence, vocabulary), area)


@pytest.fixture(scope="module")
def candidates_of(candidates_in):  # type: ignore[no-untyped-def]
    return lambda sentence: candidates_in(sentence, "Living Room")


def _by_line(candidates: list[Candidate]) -> dict[str, Candidate]:
    return {c.line.text: c for c in candidates}


def test_every_candidate_is_a_valid_command_of_the_home(candidates_of, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    commands = [cmd for c in candidates_of("kill the lights in the kitchen") for cmd in c.commands]
    assert commands
    assert all(example_home.validate_command(cmd) is None for cmd in commands)


def test_candidate_lines_name_only_targets_the_evidence_grammar_allows(candidates_of, example_home: Home) -> None:  # type: ignore[no-untyped-def]
    vocabulary = build_vocabulary(example_home)
    grammar = build_grammar(vocabulary, gather_evidence("dim the reading lamp to ten", vocabulary))
    for candidate in candidates_of("dim the reading lamp to ten"):
        assert f'"{candidate.line.phrase.text}"' in grammar


def test_values_come_only_from_the_sentence(candidates_of) -> None:  # type: ignore[no-untyped-def]
    values = {c.line.value for c in candidates_of("dim the reading lamp to ten") if c.line.value is not None}
    assert values == {"10"}


def test_a_place_said_replaces_the_microphones_room(candidates_of) -> None:  # type: ignore[no-untyped-def]
    candidates = candidates_of("kill the lights in the kitchen")
    living_room = {c.commands for c in candidates if any(cmd.device.startswith("living_room") for cmd in c.commands)}
    assert (Command("kitchen_light", "turn_off", None),) in {c.commands for c in candidates}
    assert not living_room


def test_all_only_when_the_sentence_says_the_whole_home(candidates_of) -> None:  # type: ignore[no-untyped-def]
    assert not any(c.line.everywhere for c in candidates_of("turn the lights off"))
    assert any(c.line.everywhere for c in candidates_of("turn all the lights off"))


def test_one_candidate_per_command_set(candidates_of) -> None:  # type: ignore[no-untyped-def]
    commands = [c.commands for c in candidates_of("kill the lights in the kitchen")]
    assert len(commands) == len(set(commands))


def test_cue_words_lean_to_their_action(candidates_of) -> None:  # type: ignore[no-untyped-def]
    lines = _by_line(candidates_of("louder on the tv"))
    assert lines["TV: volume up"].cue > lines["TV: volume down"].cue


def test_a_run_together_name_is_matched_whole(candidates_of) -> None:  # type: ignore[no-untyped-def]
    phrase = _by_line(candidates_of("switch on the bed room light"))["Bedroom Light: turn on"].line.phrase
    assert target_match(phrase, "switch on the bed room light") == 1.0


def test_english_phrase_of_a_line(example_home: Home) -> None:
    line = AnswerReader(build_vocabulary(example_home)).line_of("lights in Kitchen: turn off")
    assert english(line) == "turn off the lights in the kitchen"


def test_a_lock_question_reads_as_a_state_question(candidates_of) -> None:  # type: ignore[no-untyped-def]
    lines = _by_line(candidates_of("did I lock the front door"))
    assert lines["Front Door: check"].commands == (Command("front_door", "get_state", None),)
    assert english(lines["Front Door: check"].line, "lock") == "tell me if the front door is locked"


def test_a_kind_said_rules_out_devices_of_other_kinds(candidates_of) -> None:  # type: ignore[no-untyped-def]
    # The kitchen has a light but no fan: "the fan in the kitchen" must not become its light.
    assert candidates_of("turn on the fan in the kitchen") == []


def test_a_kind_word_inside_a_name_said_whole_rules_nothing_out(candidates_of) -> None:  # type: ignore[no-untyped-def]
    devices = {c.commands[0].device for c in candidates_of("turn the kitchen light and the coffee machine off")}
    assert {"kitchen_light", "coffee_maker"} <= devices


def test_a_room_said_rules_out_the_whole_home(candidates_of) -> None:  # type: ignore[no-untyped-def]
    # The only lock is in the hallway: "all the locks in the kitchen" are none.
    assert candidates_of("lock all the locks in the kitchen") == []


def test_degrees_are_only_a_temperature(candidates_of) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in candidates_of("blinds to 50 degrees") if c.line.action == "set_position"]


def test_a_room_said_by_its_alias_completes_a_name_of_that_room(candidates_of) -> None:  # type: ignore[no-untyped-def]
    lines = _by_line(candidates_of("lamp on in the lounge"))
    assert lines["Living Room Lamp: turn on"].match > lines["lights in lounge: turn on"].match


def test_words_implying_a_type_pick_that_type_among_a_rooms_devices(candidates_of) -> None:  # type: ignore[no-untyped-def]
    turned_off = {c.commands for c in candidates_of("the bedroom is way too bright") if c.line.action == "turn_off"}
    assert turned_off == {(Command("bedroom_light", "turn_off", None),)}  # the light, not the fan


def test_an_everyday_noun_names_its_kind_whole(candidates_of) -> None:  # type: ignore[no-untyped-def]
    lines = _by_line(candidates_of("switch the telly off"))
    assert lines["media players: turn off"].match == 1.0


def test_the_light_is_the_microphones_rooms(candidates_in) -> None:  # type: ignore[no-untyped-def]
    turned_on = {c.commands for c in candidates_in("get the light on in here", "Kitchen") if c.line.action == "turn_on"}
    assert turned_on == {(Command("kitchen_light", "turn_on", None),)}


def test_the_light_of_a_room_without_one_is_no_other_rooms(candidates_in) -> None:  # type: ignore[no-untyped-def]
    # The hallway has no light: the kitchen's, the bedroom's and the ceiling light are not meant.
    assert candidates_in("switch the light on", "Hallway") == []


def test_a_kind_word_naming_one_device_for_the_action_still_names_it(candidates_in) -> None:  # type: ignore[no-untyped-def]
    # Of the devices called a door only the Front Door locks.
    locked = {c.commands for c in candidates_in("lock the door", "Living Room") if c.line.action == "lock"}
    assert (Command("front_door", "lock", None),) in locked


def test_a_kind_implied_of_which_the_home_has_one_is_wherever_it_is(candidates_in) -> None:  # type: ignore[no-untyped-def]
    commands = {c.commands for c in candidates_in("the floor's filthy, can something be done about it", "Office")}
    assert (Command("robot_vacuum", "start", None),) in commands


def test_a_kind_said_is_not_made_home_wide_by_having_one(candidates_in) -> None:  # type: ignore[no-untyped-def]
    assert candidates_in("open the pod bay doors", "Living Room") == []


def test_a_rooms_word_alone_does_not_choose_among_its_devices(candidates_of) -> None:  # type: ignore[no-untyped-def]
    # "fan" misheard as "damn": the bedroom light's brightness or its fan's speed, no telling which.
    assert not [c for c in candidates_of("pull the bedroom damn down to forty percent") if c.line.value == "40"]
    # A name said whole still counts.
    assert [c for c in candidates_of("bedroom fan to forty percent") if c.line.value == "40"]
