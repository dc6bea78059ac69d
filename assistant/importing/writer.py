"""devices.yaml from an import: a new file, or new devices added to the user's file with ruamel's
round trip, so everything the user wrote (names, aliases, areas, confirm, comments) stays as it was.
The result is validated as `check` would before it is returned."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from assistant.config import ConfigError, parse_home_text
from assistant.importing.model import ImportedDevice, ImportResult
from assistant.importing.naming import unique_ids

ITEM_INDENT = 2  # the column of a list item's dash (the example devices.yaml's style)


class ImportRefused(Exception):
    """The import would not give a file that passes `check` (the problems, one a line)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=ITEM_INDENT)
    yaml.width = 120
    return yaml


def _plain_to_commented(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((k, _plain_to_commented(v)) for k, v in value.items())
    if isinstance(value, list):
        seq = CommentedSeq(_plain_to_commented(v) for v in value)
        if all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()  # features: [brightness, color]
        return seq
    return value


def _comment_lines(device: ImportedDevice) -> str:
    return "\n".join([device.source, *device.notes])


def _skipped_comment(result: ImportResult) -> str:
    if not result.skipped:
        return f"Imported from {result.source}: every device was mapped."
    lines = [f"Imported from {result.source}. Not imported:"]
    return "\n".join(lines + [f"  {s}" for s in result.skipped])


def _append_devices(devices: CommentedSeq, new: list[ImportedDevice], header: str) -> None:
    for number, device in enumerate(new):
        devices.append(_plain_to_commented(device.config()))
        text = header + "\n" + _comment_lines(device) if number == 0 else _comment_lines(device)
        devices.yaml_set_comment_before_after_key(len(devices) - 1, before=text, indent=ITEM_INDENT)


def _append_areas(root: CommentedMap, new: list[ImportedDevice]) -> None:
    """Areas the file lacks are added; a device's area that is another area's name or alias
    becomes that area (the user's "Cooking Area" with alias "kitchen" keeps the kitchen's devices)."""
    areas = root.get("areas")
    if not isinstance(areas, list):
        areas = root["areas"] = CommentedSeq()
    known: dict[str, str] = {}
    for area in areas:
        if isinstance(area, dict) and area.get("name"):
            for word in [area["name"], *(area.get("aliases") or [])]:
                known.setdefault(str(word).lower(), str(area["name"]))
    for device in new:
        if not device.area:
            continue
        if device.area.lower() not in known:
            areas.append(CommentedMap(name=device.area))
            known[device.area.lower()] = device.area
        device.area = known[device.area.lower()]


def _dump_checked(yaml: YAML, root: CommentedMap, path: Path) -> str:
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    text = buffer.getvalue()
    try:
        parse_home_text(text, path)
    except ConfigError as exc:
        raise ImportRefused(str(exc)) from None
    return text


def new_file(result: ImportResult, host: str, port: int, path: Path) -> str:
    """A whole devices.yaml holding the imported devices."""
    yaml = _yaml()
    root = CommentedMap()
    root["home"] = CommentedMap(name="Home")
    root["mqtt"] = CommentedMap(host=host, port=port)
    root.yaml_set_start_comment(
        "Written by `assistant import`; edit names, aliases and areas freely: `--merge` keeps them.\n"
        "`assistant check` validates it."
    )
    root["areas"] = CommentedSeq()
    _append_areas(root, result.devices)
    root["devices"] = CommentedSeq()
    unique_ids(result.devices, set())
    _append_devices(root["devices"], result.devices, _skipped_comment(result))
    if not result.devices:
        root.yaml_set_comment_before_after_key("devices", before=_skipped_comment(result))
    return _dump_checked(yaml, root, path)


def _identity(entry: Any) -> tuple[str, ...] | None:
    """What makes two devices the same device: where commands go and what they say."""
    mqtt = entry.get("mqtt") if isinstance(entry, dict) else None
    if not isinstance(mqtt, dict):
        return None
    payloads = mqtt.get("payloads") or {}
    return (
        str(mqtt.get("topic", "")).rstrip("/"),
        str(mqtt.get("command_topic") or ""),
        str(sorted((str(k), str(v)) for k, v in payloads.items()) if isinstance(payloads, dict) else ""),
    )


def merge_into(text: str, result: ImportResult, path: Path) -> tuple[str, list[ImportedDevice]]:
    """The user's file with the devices it does not have yet added (by id or by topic and
    payloads); what is there is never changed. Returns the text and the devices added."""
    try:
        parse_home_text(text, path)
    except ConfigError as exc:
        raise ImportRefused(f"the file to merge into does not pass check; fix it first:\n{exc}") from None
    yaml = _yaml()
    root = yaml.load(text) or CommentedMap()
    devices = root.get("devices")
    if not isinstance(devices, list):
        devices = root["devices"] = CommentedSeq()
    taken_ids = {str(d.get("id", "")).lower() for d in devices if isinstance(d, dict)}
    identities = {_identity(d) for d in devices}
    new = [
        d for d in result.devices
        if d.id.lower() not in taken_ids and _identity(d.config()) not in identities
    ]
    unique_ids(new, taken_ids)
    _append_areas(root, new)
    _append_devices(devices, new, _skipped_comment(result))
    return _dump_checked(yaml, root, path), new
