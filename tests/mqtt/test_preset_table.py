"""docs/mqtt.md shows the exact message per preset, type and action as the code sends it."""

from __future__ import annotations

from preset_table import BEGIN, DOC, END, with_table


def test_the_document_holds_the_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert (BEGIN in text, END in text) == (True, True)


def test_the_table_is_what_the_code_sends() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text == with_table(text), "docs/mqtt.md is out of date: run python tests/mqtt/preset_table.py"
