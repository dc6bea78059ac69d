"""The prompt: a home that fits is listed whole (and cached); a big home gets relevant devices."""

from __future__ import annotations

from support.homes import generated_home

from assistant.config import Home
from assistant.understanding.llm.prompt import PromptBuilder, PromptSettings


def _words(text: str) -> int:
    return len(text.split()) * 2  # a pessimistic stand-in for the model's tokenizer


def test_small_home_is_listed_whole_before_the_examples(example_home: Home) -> None:
    prompt = PromptBuilder(example_home, [("hi", "nothing")], _words)
    messages = prompt.messages("turn on the desk lamp")
    assert prompt.fits
    assert "Desk Lamp" in messages[0]["content"]
    assert messages[:-1] == prompt.prefix  # everything but the sentence is the cached prefix


def test_big_home_prompt_stays_within_budget() -> None:
    home = generated_home(1000)
    settings = PromptSettings(device_budget=700, relevant_devices=12)
    prompt = PromptBuilder(home, [], _words, settings)
    messages = prompt.messages("turn off the north kitchen lamp")
    assert not prompt.fits
    assert sum(_words(m["content"]) for m in messages) < 2048


def test_big_home_lists_the_device_named() -> None:
    home = generated_home(1000)
    prompt = PromptBuilder(home, [], _words, PromptSettings(device_budget=700))
    listed = prompt.messages("turn off the green study lamp")[-2]["content"]
    assert "Green Study Lamp" in listed
