"""Generated homes of any size, for scale: ten devices per area, areas on two floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.config import Home, parse_home_text

ROOMS = ("Bedroom", "Bathroom", "Kitchen", "Office", "Study", "Hall", "Lounge", "Den", "Nursery", "Library")
PREFIXES = ("North", "South", "East", "West", "Upper", "Lower", "Blue", "Green", "Red", "Guest", "Old")
# (type, name word, features, device_class) for the ten devices of each generated area
AREA_DEVICES: tuple[tuple[str, str, list[str], str | None], ...] = (
    ("light", "Ceiling Light", ["brightness", "color"], None),
    ("light", "Lamp", ["brightness"], None),
    ("light", "Strip", ["brightness", "color"], None),
    ("switch", "Plug", [], "outlet"),
    ("fan", "Fan", ["speed"], None),
    ("cover", "Blinds", ["position"], "blind"),
    ("climate", "Thermostat", [], None),
    ("lock", "Door", [], None),
    ("media_player", "Speaker", [], None),
    ("sensor", "Temperature", [], "temperature"),
)


def generated_home(devices: int) -> Home:
    """A home of `devices` devices, ten per area, every area on one of two floors."""
    areas = [f"{prefix} {room}" for prefix in PREFIXES for room in ROOMS][: max(1, devices // len(AREA_DEVICES))]
    items: list[dict[str, Any]] = []
    for area in areas:
        for kind, word, features, device_class in AREA_DEVICES:
            if len(items) >= devices:
                break
            ident = f"{area}_{word}".lower().replace(" ", "_")
            items.append(
                {
                    "id": ident,
                    "name": f"{area} {word}",
                    "area": area,
                    "type": kind,
                    "features": features,
                    "device_class": device_class,
                    "mqtt": {"topic": f"home/{ident}"},
                }
            )
    data = {
        "floors": [{"name": "Ground Floor", "aliases": ["downstairs"]}, {"name": "First Floor", "aliases": ["upstairs"]}],
        "areas": [{"name": a, "floor": "Ground Floor" if i % 2 else "First Floor"} for i, a in enumerate(areas)],
        "devices": items,
        "assistant": {"area": areas[0]},
    }
    return Home(parse_home_text(yaml.safe_dump(data, sort_keys=False), Path(f"<generated {devices}>")))
