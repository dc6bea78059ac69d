"""Load devices.yaml: parse with line information, validate, and report every problem at once."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import process
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from assistant.devices import DEVICE_TYPES, TYPES
from assistant.config.home import Home
from assistant.config.payload_templates import json_template_problem
from assistant.config.schema import HomeFile


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where it is, and how to fix it."""

    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(Exception):
    """devices.yaml was refused; `problems` lists everything wrong with it."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {path}: {p}" for p in problems)
        super().__init__(f"{path} has {len(problems)} problem(s):\n{lines}")


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    best = process.extractOne(word, list(choices), score_cutoff=60)
    return f" (did you mean '{best[0]}'?)" if best else ""


def _node_line(root: Any, loc: tuple[int | str, ...]) -> int | None:
    """1-based line of the deepest node of `loc` that exists in the parsed YAML."""
    node, line = root, None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model whose field list applies at `loc` (to suggest a key name)."""
    model: Any = HomeFile
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _unwrap_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap_model(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, Annotated[X, ...]; else the annotation."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = typing.get_args(arg)
        for sub in inner:
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                return sub
    return annotation


def _validation_problems(error: ValidationError, root: Any) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        key = _dotted(loc)
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            model = _model_at(loc[:-1])
            fields = list(model.model_fields) if model else []
            message = "unknown key" + _suggest(str(loc[-1]), fields)
        elif loc and loc[-1] == "type" and item["type"] == "literal_error":
            message = f"unknown device type {item['input']!r}" + _suggest(str(item["input"]), DEVICE_TYPES)
        problems.append(Problem(_node_line(root, loc), key, message))
    return problems


def _items(raw: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = raw.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _semantic_problems(raw: dict[str, Any], root: Any) -> list[Problem]:
    """What the schema alone cannot see: duplicate ids and names, features a type lacks.

    Runs on the raw data so these are reported together with the schema's problems.
    """
    problems = []
    seen: dict[str, int] = {}
    for index, device in _items(raw, "devices"):
        device_id = device.get("id")
        if isinstance(device_id, str):
            loc: tuple[int | str, ...] = ("devices", index, "id")
            first = seen.setdefault(device_id.lower(), index)
            if first != index:
                first_line = _node_line(root, ("devices", first, "id"))
                message = f"duplicate id {device_id!r} (first used on line {first_line})"
                problems.append(Problem(_node_line(root, loc), _dotted(loc), message))
        device_type = device.get("type")
        features = device.get("features")
        if device_type not in DEVICE_TYPES or not isinstance(features, list):
            continue
        allowed = TYPES[device_type].features
        for f_index, feature in enumerate(features):
            if feature not in allowed:
                f_loc = ("devices", index, "features", f_index)
                hint = _suggest(str(feature), allowed) if allowed else ""
                kinds = ", ".join(allowed) if allowed else "none"
                message = f"a {device_type} has no feature {feature!r}{hint}; its features: {kinds}"
                problems.append(Problem(_node_line(root, f_loc), _dotted(f_loc), message))
    problems += _template_problems(raw, root)
    for kind in ("areas", "floors"):
        names: dict[str, int] = {}
        for index, item in _items(raw, kind):
            name = item.get("name")
            if isinstance(name, str) and names.setdefault(name.lower(), index) != index:
                loc = (kind, index, "name")
                problems.append(Problem(_node_line(root, loc), _dotted(loc), f"{name!r} is listed twice"))
    broker = raw.get("mqtt")
    if isinstance(broker, dict) and broker.get("password") and broker.get("password_file"):
        loc = ("mqtt", "password_file")
        problems.append(Problem(_node_line(root, loc), _dotted(loc), "give password or password_file, not both"))
    return problems


def _template_problems(raw: dict[str, Any], root: Any) -> list[Problem]:
    """Payload templates that read as JSON but would publish broken JSON."""
    problems = []
    for index, device in _items(raw, "devices"):
        mqtt = device.get("mqtt")
        payloads = mqtt.get("payloads") if isinstance(mqtt, dict) else None
        if not isinstance(payloads, dict):
            continue
        for action, template in payloads.items():
            if not isinstance(template, str):
                continue
            message = json_template_problem(str(action), template, str(device.get("id", "device")))
            if message:
                loc: tuple[int | str, ...] = ("devices", index, "mqtt", "payloads", str(action))
                problems.append(Problem(_node_line(root, loc), _dotted(loc), message))
    return problems


def _preset_problems(data: HomeFile, root: Any) -> list[Problem]:
    """Actions a device's preset cannot send (never a message to nowhere at run time)."""
    # Imported here: the presets read the schema, which this package exports.
    from assistant.mqtt.presets import preset_problems

    problems = []
    for index, device in enumerate(data.devices):
        for key, message in preset_problems(device):
            loc: tuple[int | str, ...] = ("devices", index, "mqtt", *key.split("."))
            if key == "features":
                loc = ("devices", index, "features")
            problems.append(Problem(_node_line(root, loc), _dotted(loc), f"{device.id}: {message}"))
    return problems


def parse_home_text(text: str, path: Path) -> HomeFile:
    """Validate devices.yaml text; raises ConfigError listing every problem."""
    yaml = YAML(typ="rt")
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(path, [Problem(line, "", f"not valid YAML: {exc.problem or exc}")]) from None
    if root is None:
        root = CommentedMap()
    if not isinstance(root, CommentedMap):
        raise ConfigError(path, [Problem(1, "", "the file must be a mapping with a 'devices:' list")])
    raw = _plain(root)
    problems = []
    data = None
    try:
        data = HomeFile.model_validate(raw)
    except ValidationError as exc:
        problems = _validation_problems(exc, root)
    problems += _semantic_problems(raw, root)
    if data is not None:
        problems += _preset_problems(data, root)
    if problems or data is None:
        problems.sort(key=lambda p: p.line or 0)
        raise ConfigError(path, problems)
    return data


def _plain(node: Any) -> Any:
    """ruamel's round-trip types as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if hasattr(node, "value") and not isinstance(node, (str, int, float, bool)):
        return node.value
    return node


def load_home(path: str | Path) -> Home:
    """Read, validate and index devices.yaml. Raises ConfigError (never a traceback for users)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, [Problem(None, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    return Home(parse_home_text(text, path), path)
