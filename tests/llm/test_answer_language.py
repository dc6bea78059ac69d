"""The answer language: what the reader accepts and refuses, and what the grammar allows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.config import Home
from assistant.understanding.frame import Request
from assistant.understanding.llm.answer import AnswerError, AnswerReader
from assistant.understanding.llm.evidence import gather_evidence
from assistant.understanding.llm.grammar import build_grammar
from assistant.understanding.llm.vocabulary import build_vocabulary

CASES = yaml.safe_load((Path(__file__).parent / "data" / "answers.yaml").read_text())


def _describe(request: Request) -> str:
    t = request.target
    fields = [request.intent, t.name, t.device_type, t.device_class, t.area, t.floor]
    value = "-" if request.value is None else f"{request.value:g}" if isinstance(request.value, float) else str(request.value)
    return " | ".join([*(f or "-" for f in fields), "yes" if t.everywhere else "no", value])


@pytest.fixture(scope="module")
def reader(example_home: Home) -> AnswerReader:
    return AnswerReader(build_vocabulary(example_home))


@pytest.mark.parametrize("case", CASES["readable"], ids=lambda c: c["line"])
def test_reads_answer_line(reader: AnswerReader, case: dict[str, str]) -> None:
    assert _describe(reader.read_line(case["line"])) == case["read"]


@pytest.mark.parametrize("line", CASES["refused"])
def test_refuses_answer_line(reader: AnswerReader, line: str) -> None:
    with pytest.raises(AnswerError):
        reader.read_line(line)


def test_nothing_is_an_empty_answer(reader: AnswerReader) -> None:
    answer = reader.read("nothing")
    assert answer.nothing
    assert answer.requests == []


def test_several_lines_are_several_requests(reader: AnswerReader) -> None:
    answer = reader.read("TV: turn off\nreading lamp: turn off")
    assert [r.target.name for r in answer.requests] == ["TV", "reading lamp"]


def test_grammar_names_only_this_homes_devices(example_home: Home) -> None:
    grammar = build_grammar(build_vocabulary(example_home))
    assert '"Kitchen Light"' in grammar
    assert '"reading lamp"' in grammar
    assert "Garden" not in grammar


def test_grammar_offers_brightness_only_to_dimmable_lights(example_home: Home) -> None:
    vocabulary = build_vocabulary(example_home)
    grammar = build_grammar(vocabulary, gather_evidence("desk lamp to 50 percent", vocabulary))
    desk_rule = next(line for line in grammar.splitlines() if '"Desk Lamp"' in line)
    actions_of_desk = next(
        line for line in grammar.splitlines() if line.startswith(_rule_after(grammar, desk_rule.split(" ::= ")[0]))
    )
    assert '"turn off"' in actions_of_desk
    assert "brightness" not in actions_of_desk


def _rule_after(grammar: str, name_rule: str) -> str:
    """The actions rule a name rule is paired with in the line rule."""
    line_rule = next(line for line in grammar.splitlines() if line.startswith("line-"))
    pair = next(part for part in line_rule.split(" ::= ", 1)[1].split(" | ") if part.startswith(name_rule + " "))
    return pair.split('": " ')[1].strip() + " ::="


def test_grammar_keeps_temperatures_in_the_devices_range(example_home: Home) -> None:
    vocabulary = build_vocabulary(example_home)
    inside = build_grammar(vocabulary, gather_evidence("heating to 22", vocabulary))
    outside = build_grammar(vocabulary, gather_evidence("heating to 45", vocabulary))
    assert '"temperature "' in inside
    assert '"22"' in inside
    assert '"temperature "' not in outside  # the thermostat takes 10-30


def test_grammar_offers_only_values_the_sentence_says(example_home: Home) -> None:
    vocabulary = build_vocabulary(example_home)
    grammar = build_grammar(vocabulary, gather_evidence("reading lamp at thirty five percent", vocabulary))
    assert '"35"' in grammar
    assert '"40"' not in grammar


def test_grammar_always_offers_nothing(example_home: Home) -> None:
    vocabulary = build_vocabulary(example_home)
    grammar = build_grammar(vocabulary, gather_evidence("turn off the kitchen light", vocabulary))
    assert grammar.startswith('root ::= "nothing" | ')


def test_llama_cpp_accepts_the_grammar(example_home: Home) -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    grammar = llama_cpp.LlamaGrammar.from_string(build_grammar(build_vocabulary(example_home)), verbose=False)
    assert grammar is not None
