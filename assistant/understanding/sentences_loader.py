"""Sentence templates: the bundled files plus a user's own, with lists made from devices.yaml."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import webcolors
import yaml
from hassil import Intents
from hassil.expression import TextChunk
from hassil.intents import TextSlotList, TextSlotValue
from hassil.sample import sample_expression
from hassil.util import merge_dict

from assistant.config import Home

# The project's own sentences: a link to the top-level intents/ folder (package data in a wheel).
BUNDLED_SENTENCES = Path(__file__).parent / "sentences"
# Intents recognised only to explain why nothing will happen.
EXPLAIN_ONLY_INTENTS = frozenset({"unknown_device"})


class SentencesError(Exception):
    """A sentence file could not be read; the message names the file."""


def default_intents_dir(config_path: Path | None) -> Path | None:
    """The user's sentence folder: `intents/` next to devices.yaml, when there is one."""
    if config_path is None:
        return None
    candidate = config_path.resolve().parent / "intents"
    return candidate if candidate.is_dir() else None


def sentence_files(intents_dir: Path | None) -> list[Path]:
    """Bundled files first, then the user's (a user file may add to any intent or list)."""
    files = sorted(BUNDLED_SENTENCES.glob("*.yaml"))
    if intents_dir is not None and intents_dir.resolve() != BUNDLED_SENTENCES.resolve():
        files += sorted([*intents_dir.glob("*.yaml"), *intents_dir.glob("*.yml")])
    return files


def load_sentences(files: Iterable[Path]) -> Intents:
    merged: dict[str, Any] = {}
    for path in files:
        try:
            # libyaml's loader when present: ten times faster, which keeps a reload under a second
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise SentencesError(f"{path}: cannot read sentences: {exc}") from exc
        if not isinstance(data, dict):
            raise SentencesError(f"{path}: a sentence file must be a mapping (language, intents, lists)")
        merge_dict(merged, data)
    merged.setdefault("language", "en")
    merged.setdefault("intents", {})
    try:
        intents = Intents.from_dict(merged)
        for intent in intents.intents.values():
            for data in intent.data:
                _ = data.sentences  # hassil parses templates lazily; find a broken one now
    except Exception as exc:  # noqa: BLE001 - hassil raises several kinds; each is a bad file
        shown = ", ".join(str(f) for f in files if f.parent != BUNDLED_SENTENCES) or "bundled sentences"
        raise SentencesError(f"cannot load sentence templates ({shown}): {exc}") from exc
    for name, slot_list in list(intents.slot_lists.items()):
        if isinstance(slot_list, TextSlotList):
            intents.slot_lists[name] = _spelled_out(slot_list)
    return intents


def _spelled_out(slot_list: TextSlotList) -> TextSlotList:
    """Template values ("(here|in here)") as plain strings, which hassil looks up in a trie
    instead of matching each template at every position: several times faster."""
    values: list[TextSlotValue] = []
    for value in slot_list.values:
        if isinstance(value.text_in, TextChunk):
            values.append(value)
            continue
        spellings = {" ".join(text.split()) for text in sample_expression(value.text_in)}
        values += [TextSlotValue(TextChunk(text), value.value_out, value.context, value.metadata) for text in sorted(spellings) if text]
    return TextSlotList(name=slot_list.name, values=values)


def _spoken(name: str) -> list[str]:
    """A name as it may be said: as written, and with "_"/"-" as spaces."""
    forms = {name.strip(), name.replace("_", " ").replace("-", " ").strip()}
    return [form for form in forms if form]


def home_slot_lists(home: Home) -> dict[str, TextSlotList]:
    """Device names and aliases, areas, floors (each said form -> the name as written)."""
    names = {form: name for d in home.devices for name in (d.name, *d.aliases) for form in _spoken(name)}
    areas = {form: name for a in home.areas for name in a.names for form in _spoken(name)}
    floors = {form: name for f in home.floors for name in f.names for form in _spoken(name)}
    return {
        "name": TextSlotList.from_tuples(list(names.items()), allow_template=False, name="name"),
        "area": TextSlotList.from_tuples(list(areas.items()), allow_template=False, name="area"),
        "floor": TextSlotList.from_tuples(list(floors.items()), allow_template=False, name="floor"),
    }


def colour_slot_list() -> TextSlotList:
    """CSS colour names, also as two words ("light blue" -> "lightblue")."""
    pairs: dict[str, str] = {}
    for colour in webcolors.names("css3"):
        pairs[colour] = colour
    for spaced, colour in (
        ("light blue", "lightblue"),
        ("light green", "lightgreen"),
        ("dark blue", "darkblue"),
        ("dark green", "darkgreen"),
        ("dark red", "darkred"),
        ("light pink", "lightpink"),
        ("hot pink", "hotpink"),
        ("sky blue", "skyblue"),
    ):
        pairs[spaced] = colour
    return TextSlotList.from_tuples(list(pairs.items()), allow_template=False, name="color")
