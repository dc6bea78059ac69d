"""Names, areas and ids from what bridges call devices: `kitchen/ceiling light` is the Ceiling
Light in the Kitchen; a description "area: Kitchen" names the area too."""

from __future__ import annotations

import re

from assistant.importing.model import ImportedDevice

AREA_IN_DESCRIPTION = re.compile(r"\barea\s*:\s*([^,;\n]+)", re.IGNORECASE)


def title(text: str) -> str:
    """"living_room" -> "Living Room"; words already capitalised ("TV") keep their case."""
    words = re.sub(r"[_\-.]+", " ", text).split()
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in words)


def slug(text: str) -> str:
    """An id: lowercase letters, digits and '_'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "device"


def area_and_name(path_name: str, description: str | None = None) -> tuple[str | None, str]:
    """(area, name) from a `/`-structured name: the first part is the area when there are more."""
    parts = [p for p in path_name.split("/") if p.strip()]
    area = title(parts[0]) if len(parts) > 1 else None
    name = title(" ".join(parts[1:] if len(parts) > 1 else parts)) or path_name
    found = AREA_IN_DESCRIPTION.search(description or "")
    if found:
        area = title(found.group(1).strip())
    return area, name


def unique_ids(devices: list[ImportedDevice], taken: set[str]) -> None:
    """Give each device an id no other device has (`_2`, `_3`, ...), in place."""
    for device in devices:
        base, number = device.id, 2
        while device.id.lower() in taken:
            device.id, number = f"{base}_{number}", number + 1
        taken.add(device.id.lower())
