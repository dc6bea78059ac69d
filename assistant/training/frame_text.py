"""The request frame as the model writes it: one line per request, or `nothing`.

    turn_on name="reading lamp"
    set_brightness type=light said="lights" area="kitchen" value=40
    close type=cover class=curtain said="curtains" all
    nothing

Names, areas, floors and kind words are written as said, so the model needs no device list;
the Resolver grounds them against the home. Strings are JSON-quoted; numbers are bare.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence

from assistant.understanding.frame import Request, Target

NOTHING = "nothing"
# The keys a line may hold, in the order they are written.
_STRING_KEYS = {"name": "name", "type": "device_type", "class": "device_class", "said": "kind_said", "area": "area", "floor": "floor"}
_INTENT = re.compile(r"^[a-z_]+$")


class FrameTextError(ValueError):
    """A frame line the parser cannot read."""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def request_line(request: Request) -> str:
    target = request.target
    parts = [request.intent]
    for key, field in _STRING_KEYS.items():
        value = getattr(target, field)
        if value is not None:
            parts.append(f"{key}={_quoted(value)}")
    if target.everywhere:
        parts.append("all")
    if request.value is not None:
        value = request.value
        parts.append(f"value={_quoted(value) if isinstance(value, str) else _number(value)}")
    return " ".join(parts)


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def frame_text(requests: Sequence[Request]) -> str:
    """The model's output for these requests; `nothing` for none."""
    return "\n".join(request_line(r) for r in requests) if requests else NOTHING


def parse_line(line: str) -> Request:
    try:
        words = shlex.split(line, posix=True)
    except ValueError as error:
        raise FrameTextError(f"unreadable frame line {line!r}: {error}") from error
    if not words or not _INTENT.match(words[0]):
        raise FrameTextError(f"a frame line starts with an action: {line!r}")
    fields: dict[str, object] = {}
    value: str | float | int | None = None
    for word in words[1:]:
        key, equals, text = word.partition("=")
        if key == "all" and not equals:
            fields["everywhere"] = True
        elif key == "value" and equals:
            value = _value(text, line)
        elif key in _STRING_KEYS and equals and text:
            fields[_STRING_KEYS[key]] = text
        else:
            raise FrameTextError(f"unknown part {word!r} in frame line {line!r}")
    return Request(words[0], Target(**fields), value)  # type: ignore[arg-type]


def _value(text: str, line: str) -> str | float | int:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    if not text:
        raise FrameTextError(f"an empty value in frame line {line!r}")
    return text


def parse_frame(text: str) -> list[Request]:
    """Requests from the model's output; [] for `nothing`. Raises FrameTextError."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines == [NOTHING]:
        return []
    if not lines:
        raise FrameTextError("an empty frame (write `nothing` for no request)")
    return [parse_line(line) for line in lines]
