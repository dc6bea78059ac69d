"""The table in docs/mqtt.md of the exact message per preset, type and action, made from the
code (assistant/mqtt/presets.py and the type modules), so the document cannot drift from it.

`python tests/mqtt/preset_table.py` rewrites the table in docs/mqtt.md;
tests/mqtt/test_preset_table.py fails while the document differs from what this makes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.commands import Command, Value  # noqa: E402
from assistant.config.schema import DeviceConfig  # noqa: E402
from assistant.devices import TYPES  # noqa: E402
from assistant.devices import value_kind  # noqa: E402
from assistant.mqtt.presets import PRESETS, PayloadError, Unsupported, messages_for  # noqa: E402

DOC = ROOT / "docs" / "mqtt.md"
BEGIN, END = "<!-- preset table: made by tests/mqtt/preset_table.py -->", "<!-- end of preset table -->"
# The device topic each preset's table is written for.
TOPICS = {
    "zigbee2mqtt": "zigbee2mqtt/<name>",
    "tasmota": "tasmota/<name>",
    "homeassistant": "<topic>",
    "esphome": "<node>/<component>/<id>",
    "ha_json": "<topic>",
    "generic": "<topic>",
}
VALUES: dict[str, Value] = {"percent": 50, "temperature": 21.5, "mode": "heat", "color": "red", "none": None}
# Options worth a row of their own: (preset, type, options, actions, value) -> the same rows again.
VARIANTS: list[tuple[str, str, dict[str, Any], tuple[str, ...], Value]] = [
    ("zigbee2mqtt", "climate", {"setpoint": "current_heating_setpoint"}, ("set_temperature",), 21.5),
    ("zigbee2mqtt", "climate", {"system_mode": False}, ("turn_on",), None),
    ("zigbee2mqtt", "fan", {"fan": "state_speed"}, ("turn_on", "set_speed"), 50),
    ("zigbee2mqtt", "light", {"color": "color_temp"}, ("set_color",), "warm white"),
    ("zigbee2mqtt", "light", {"color": "color_temp"}, ("set_color",), "red"),
    ("zigbee2mqtt", "light", {"color": "both"}, ("set_color",), "daylight"),
    ("zigbee2mqtt", "switch", {"endpoint": "l2"}, ("turn_on",), None),
    ("tasmota", "switch", {"relay": 2}, ("turn_on",), None),
    ("tasmota", "cover", {"shutter": 2}, ("set_position",), 50),
    ("tasmota", "light", {"color": "both"}, ("set_color",), "warm white"),
    ("homeassistant", "fan", {"speed_range_max": 3}, ("set_speed",), 50),
    ("homeassistant", "cover", {"topics": {"position": "blinds/pos"}}, ("set_position",), 50),
    ("esphome", "fan", {"speed_range_max": 3}, ("set_speed",), 50),
]


def _device(preset: str, type_name: str, options: dict[str, Any]) -> DeviceConfig:
    kind = TYPES[type_name]
    mqtt: dict[str, Any] = {"topic": TOPICS[preset], "preset": preset}
    if options:
        mqtt["options"] = options
    return DeviceConfig.model_validate(
        {"id": "d", "name": "the device", "type": type_name, "features": list(kind.features), "mqtt": mqtt}
    )


def _cell(device: DeviceConfig, action: str, value: Value) -> tuple[str, str]:
    try:
        messages = messages_for(device, Command("d", action, value))
    except Unsupported:
        return "—", "refused: no message for it"
    except PayloadError as exc:
        return "—", f"refused: {str(exc).replace('the device', 'it')}"
    message = messages[0]
    return f"`{message.topic}`", f"`{message.payload}`" if message.payload else "(empty)"


def _option(value: Any) -> str:
    """An option's value as devices.yaml writes it."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _said(value: Value) -> str:
    return "" if value is None else f" {value}"


def table() -> str:
    lines = []
    for preset in ("zigbee2mqtt", "tasmota", "homeassistant", "esphome", "ha_json", "generic"):
        lines += [f"### `{preset}` (topic `{TOPICS[preset]}`)", "", "| type | command | topic | payload |", "|---|---|---|---|"]
        types = PRESETS[preset].types or TYPES
        for type_name in types:
            kind = TYPES[type_name]
            device = _device(preset, type_name, {})
            for action in kind.actions:
                value = VALUES[action.value]
                topic, payload = _cell(device, action.name, value)
                lines.append(f"| {type_name} | {action.name}{_said(value)} | {topic} | {payload} |")
        for variant_preset, type_name, options, actions, value in VARIANTS:
            if variant_preset != preset:
                continue
            device = _device(preset, type_name, options)
            shown = ", ".join(f"{k}: {_option(v)}" for k, v in options.items())
            for action_name in actions:
                given = None if value_kind(action_name) == "none" else value
                topic, payload = _cell(device, action_name, given)
                lines.append(f"| {type_name} (`{shown}`) | {action_name}{_said(given)} | {topic} | {payload} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def with_table(text: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{BEGIN}\n{table()}{END}", text)


if __name__ == "__main__":
    DOC.write_text(with_table(DOC.read_text(encoding="utf-8")), encoding="utf-8")
