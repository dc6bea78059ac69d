"""A validated home, indexed for the lookups every stage needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.commands import Command
from assistant.config.schema import AreaConfig, DeviceConfig, FloorConfig, HomeFile
from assistant.devices import actions_for, device_type
from assistant.language import Language, load_language


@dataclass(frozen=True)
class Area:
    name: str
    aliases: tuple[str, ...]
    floor: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Floor:
    name: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Home:
    """devices.yaml after validation: devices, areas and floors with case-insensitive lookups."""

    def __init__(self, data: HomeFile, path: Path | None = None) -> None:
        self.data = data
        self.path = path
        self.devices: tuple[DeviceConfig, ...] = tuple(data.devices)
        self._by_id = {d.id: d for d in data.devices}
        self.floors: tuple[Floor, ...] = self._collect_floors(data.floors, data.areas)
        self.areas: tuple[Area, ...] = self._collect_areas(data.areas, data.devices)
        self._area_by_name = {n.lower(): a for a in self.areas for n in a.names}
        self._floor_by_name = {n.lower(): f for f in self.floors for n in f.names}

    @staticmethod
    def _collect_floors(floors: list[FloorConfig], areas: list[AreaConfig]) -> tuple[Floor, ...]:
        out = {f.name.lower(): Floor(f.name, tuple(f.aliases)) for f in floors}
        for area in areas:  # a floor named by an area but not listed is still a floor
            if area.floor and area.floor.lower() not in out:
                out[area.floor.lower()] = Floor(area.floor, ())
        return tuple(out.values())

    @staticmethod
    def _collect_areas(areas: list[AreaConfig], devices: list[DeviceConfig]) -> tuple[Area, ...]:
        out = {a.name.lower(): Area(a.name, tuple(a.aliases), a.floor) for a in areas}
        for device in devices:  # an area named by a device but not listed is still an area
            if device.area and device.area.lower() not in out:
                out[device.area.lower()] = Area(device.area, (), None)
        return tuple(out.values())

    @property
    def name(self) -> str:
        return self.data.home.name

    @property
    def language(self) -> Language:
        """The words the assistant speaks and reads (`assistant.language`)."""
        return load_language(self.data.assistant.language)

    @property
    def temperature_unit(self) -> str:
        return self.data.home.temperature_unit

    def device(self, device_id: str) -> DeviceConfig | None:
        return self._by_id.get(device_id)

    def area(self, name: str | None) -> Area | None:
        return self._area_by_name.get(name.lower()) if name else None

    def floor(self, name: str | None) -> Floor | None:
        return self._floor_by_name.get(name.lower()) if name else None

    def devices_in_area(self, area_name: str) -> list[DeviceConfig]:
        area = self.area(area_name)
        if area is None:
            return []
        return [d for d in self.devices if d.area and d.area.lower() == area.name.lower()]

    def areas_on_floor(self, floor_name: str) -> list[Area]:
        floor = self.floor(floor_name)
        if floor is None:
            return []
        return [a for a in self.areas if a.floor and a.floor.lower() == floor.name.lower()]

    def devices_on_floor(self, floor_name: str) -> list[DeviceConfig]:
        return [d for a in self.areas_on_floor(floor_name) for d in self.devices_in_area(a.name)]

    def allowed_actions(self, device: DeviceConfig) -> tuple[str, ...]:
        return actions_for(device.type, frozenset(device.features))

    def needs_confirmation(self, device: DeviceConfig, action: str) -> bool:
        """The type's risky actions ask first (unlocking, opening a garage door or gate),
        unless the device says `confirm:`."""
        if device.confirm is not None:
            return device.confirm and action != "get_state"
        return device_type(device.type).is_risky(action, device.device_class)

    def validate_command(self, command: Command) -> str | None:
        """Why this command must not run in this home, or None when it may."""
        device = self.device(command.device)
        if device is None:
            return f"there is no device {command.device!r} in this home"
        if command.action not in self.allowed_actions(device):
            return f"{device.name} cannot {command.action.replace('_', ' ')}"
        value = command.value
        spec = device_type(device.type).action(command.action)
        kind = spec.value if spec else "none"
        if kind == "percent":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
                return f"{command.action} needs a percentage from 0 to 100, not {value!r}"
        elif kind == "temperature":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return f"{command.action} needs a number, not {value!r}"
            low, high = self.temperature_range(device)
            if not low <= value <= high:
                return f"{value} is outside {device.name}'s range {low:g} to {high:g}"
        elif kind == "mode":
            modes = device_type(device.type).modes
            if value not in modes:
                return f"{command.action} takes one of {', '.join(modes)}, not {value!r}"
        elif kind == "color":
            if not isinstance(value, str) or not value.strip():
                return f"{command.action} needs a colour name, not {value!r}"
        elif value is not None:
            return f"{command.action} takes no value"
        return None

    def temperature_range(self, device: DeviceConfig) -> tuple[float, float]:
        # Wide defaults (HA's tests set thermostats to 1 and 50 degrees); a device narrows them.
        default = (32.0, 212.0) if self.temperature_unit == "F" else (0.0, 100.0)
        low = device.min_temperature if device.min_temperature is not None else default[0]
        high = device.max_temperature if device.max_temperature is not None else default[1]
        return low, high
