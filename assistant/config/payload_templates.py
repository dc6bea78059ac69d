"""Payload templates (`mqtt.payloads`) checked before anything is sent: one that reads as JSON
must still be JSON once a real command's value is put in."""

from __future__ import annotations

import json
from string import Template

from assistant.devices import value_kind

# A value of each kind as a real command carries it; actions without one substitute "" (as
# presets.py does).
SAMPLE_VALUES: dict[str, str] = {"percent": "50", "temperature": "21.5", "color": "warm white", "mode": "heat"}


def _identifiers(template: str) -> list[str]:
    try:
        return Template(template).get_identifiers()
    except ValueError:  # a stray "$": reported when the template is used
        return []


def looks_like_json(template: str) -> bool:
    return template.lstrip().startswith(("{", "["))


def json_template_problem(action: str, template: str, device_id: str = "device") -> str | None:
    """Why this template would publish broken JSON for `action`, or an empty placeholder for an
    action without a value; None when it is fine."""
    if value_kind(action) == "none" and "value" in _identifiers(template):
        return f"uses $value, but {action} has no value (it would be sent empty); write the payload itself"
    if not looks_like_json(template):
        return None
    fields = {"value": SAMPLE_VALUES.get(value_kind(action), ""), "device": device_id, "action": action}
    text = Template(template).safe_substitute(fields)
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        sample = f"value {fields['value']!r}" if fields["value"] else "no value"
        return f"reads as JSON but is not valid JSON for {action} ({sample}: {text}): {exc.msg}"
    return None
