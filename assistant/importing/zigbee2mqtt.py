"""Devices from Zigbee2MQTT's retained `<base>/bridge/devices` and `<base>/bridge/groups`.

Each device's `definition.exposes` (zigbee-herdsman-converters' shapes) says what it is: a light,
switch, cover, climate, lock or fan expose becomes a device of that type with the features its
settable properties allow; temperature and humidity readings become sensors, occupancy,
presence, contact, water leak and smoke binary sensors. What the device takes that differs from
the zigbee2mqtt preset's plain form is written as its preset options (`mqtt.options`: an
endpoint's `state_l1`, a `current_heating_setpoint`, a fan's `state` and 1-254 `speed`, a
colour-temperature-only bulb, a thermostat without `system_mode`); a note is a comment on it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from assistant.importing.model import ImportedDevice, ImportResult, Skipped
from assistant.importing.naming import area_and_name, slug, title

ACCESS_SET = 0b010
PRESET = "zigbee2mqtt"
# The setpoint key the zigbee2mqtt preset sends without an option.
PRESET_SETPOINT = "occupied_heating_setpoint"
SETPOINTS = ("current_heating_setpoint", "occupied_heating_setpoint", "occupied_cooling_setpoint")
FAN_MODES_NEEDED = frozenset({"low", "medium", "high"})
# Readings worth asking about: property -> (type, device_class).
READINGS: dict[str, tuple[str, str]] = {
    "temperature": ("sensor", "temperature"),
    "humidity": ("sensor", "humidity"),
    "occupancy": ("binary_sensor", "occupancy"),
    "presence": ("binary_sensor", "presence"),
    "contact": ("binary_sensor", "opening"),
    "water_leak": ("binary_sensor", "moisture"),
    "smoke": ("binary_sensor", "smoke"),
}


@dataclass
class _Mapped:
    """One thing a Zigbee device does, before it is named."""

    type: str
    label: str  # the suffix its name gets when the device does several things
    features: list[str] = field(default_factory=list)
    payloads: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    device_class: str | None = None
    min_temperature: float | None = None
    max_temperature: float | None = None
    notes: list[str] = field(default_factory=list)


def _settable(feature: dict[str, Any]) -> bool:
    return bool(int(feature.get("access", 0)) & ACCESS_SET)


def _features_by_name(expose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(f.get("name")): f for f in expose.get("features", []) if isinstance(f, dict)}


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data)


def _endpoint_label(expose: dict[str, Any], fallback: str) -> str:
    return title(str(expose["endpoint"])) if expose.get("endpoint") else fallback


def _endpoint(expose: dict[str, Any], mapped: _Mapped) -> _Mapped:
    """A multi-endpoint device's keys are `<key>_<endpoint>` (state_l1): the endpoint option."""
    if expose.get("endpoint"):
        mapped.options["endpoint"] = str(expose["endpoint"])
    return mapped


def _light(expose: dict[str, Any]) -> _Mapped:
    found = _features_by_name(expose)
    mapped = _endpoint(expose, _Mapped("light", _endpoint_label(expose, "Light")))
    if "brightness" in found and _settable(found["brightness"]):
        mapped.features.append("brightness")
    colour = any(name in found for name in ("color_xy", "color_hs"))
    white = "color_temp" in found and _settable(found["color_temp"])
    if colour or white:
        mapped.features.append("color")
    if white:  # white shades as colour temperature; a bulb without colour shows only those
        mapped.options["color"] = "both" if colour else "color_temp"
        ct = found["color_temp"]
        mapped.notes.append(f"colour temperature {ct.get('value_min')}-{ct.get('value_max')} mired")
    return mapped


def _switch(expose: dict[str, Any]) -> _Mapped:
    return _endpoint(expose, _Mapped("switch", _endpoint_label(expose, "Switch")))


def _cover(expose: dict[str, Any]) -> _Mapped:
    found = _features_by_name(expose)
    mapped = _endpoint(expose, _Mapped("cover", _endpoint_label(expose, "Cover")))
    if "position" in found and _settable(found["position"]):
        mapped.features.append("position")
    return mapped


def _climate(expose: dict[str, Any]) -> _Mapped | str:
    found = _features_by_name(expose)
    setpoint = next((found[name] for name in SETPOINTS if name in found and _settable(found[name])), None)
    if setpoint is None:
        return "a thermostat without a settable setpoint"
    key = str(setpoint.get("property", setpoint["name"]))
    mapped = _Mapped("climate", _endpoint_label(expose, "Thermostat"))
    mapped.min_temperature = setpoint.get("value_min")
    mapped.max_temperature = setpoint.get("value_max")
    mapped.notes.append(f"zigbee2mqtt setpoint key: {key}")
    if key != PRESET_SETPOINT:
        mapped.options["setpoint"] = key
    modes = found.get("system_mode")
    if modes is None or not _settable(modes):
        mapped.options["system_mode"] = False
        mapped.notes.append("no system_mode: it takes a temperature; on, off and modes are refused")
    else:
        mapped.notes.append("system_mode values: " + ", ".join(map(str, modes.get("values", []))))
    return _endpoint(expose, mapped)


def _lock(expose: dict[str, Any]) -> _Mapped:
    return _endpoint(expose, _Mapped("lock", _endpoint_label(expose, "Lock")))


def _fan(expose: dict[str, Any]) -> _Mapped:
    found = {str(f.get("property")): f for f in expose.get("features", []) if isinstance(f, dict)}
    mapped = _Mapped("fan", _endpoint_label(expose, "Fan"))
    mode = found.get("fan_mode")
    if mode is not None and FAN_MODES_NEEDED <= set(mode.get("values", [])):
        mapped.features.append("speed")
    if "fan_state" not in found and "state" in found:  # the newer form: state and a 1-254 speed
        mapped.options["fan"] = "state_speed"
        if "speed" in found and _settable(found["speed"]):
            mapped.features.append("speed")
    return _endpoint(expose, mapped)


CONTROLS = {"light": _light, "switch": _switch, "cover": _cover, "climate": _climate, "lock": _lock, "fan": _fan}


def _reading(expose: dict[str, Any]) -> _Mapped | None:
    prop = str(expose.get("property", ""))
    if prop not in READINGS or expose.get("features"):
        return None
    kind, device_class = READINGS[prop]
    mapped = _Mapped(kind, title(str(expose.get("label") or expose.get("name") or prop)), device_class=device_class)
    if expose.get("type") == "binary":
        on, off = json.dumps(expose.get("value_on")), json.dumps(expose.get("value_off"))
        mapped.notes.append(f"reads {prop}: {on} when on, {off} when off")
    return mapped


def _mapped(exposes: list[dict[str, Any]]) -> tuple[list[_Mapped], list[str]]:
    """What a device's exposes map to, and the reasons for exposes that could not be mapped."""
    found: list[_Mapped] = []
    refusals: list[str] = []
    for expose in exposes:
        if not isinstance(expose, dict):
            continue
        mapper = CONTROLS.get(str(expose.get("type")))
        if mapper is not None and isinstance(expose.get("features"), list):
            result = mapper(expose)
            if isinstance(result, str):
                refusals.append(result)
            else:
                found.append(result)
            continue
        reading = _reading(expose)
        if reading is not None:
            found.append(reading)
    return found, refusals


def _named(base_id: str, name: str, mapped: list[_Mapped]) -> list[tuple[str, str, _Mapped]]:
    """(id, name, thing): the device's name goes to its one control (or its one reading); the
    others get their label added, unless the name already ends with it (the fan of the Ceiling
    Fan is the Ceiling Fan)."""
    controls = [thing for thing in mapped if thing.type in CONTROLS]
    plain_one = controls[0] if len(controls) == 1 else mapped[0] if len(mapped) == 1 else None
    named = []
    for thing in mapped:
        plain = thing is plain_one or (len(controls) > 1 and name.lower().endswith(thing.label.lower()))
        named.append(
            (base_id if plain else f"{base_id}_{slug(thing.label)}", name if plain else f"{name} {thing.label}", thing)
        )
    return named


def _devices(
    friendly: str, description: str | None, base: str, source: str, mapped: list[_Mapped]
) -> list[ImportedDevice]:
    area, name = area_and_name(friendly, description)
    return [
        ImportedDevice(
            id=device_id,
            name=device_name,
            type=thing.type,
            topic=f"{base}/{friendly}",
            preset=PRESET,
            source=source,
            area=area,
            device_class=thing.device_class,
            features=thing.features,
            payloads=thing.payloads,
            options=thing.options,
            min_temperature=thing.min_temperature,
            max_temperature=thing.max_temperature,
            notes=thing.notes,
        )
        for device_id, device_name, thing in _named(slug(friendly), name, mapped)
    ]


def _skip_reason(entry: dict[str, Any]) -> str | None:
    if entry.get("type") == "Coordinator":
        return "the Zigbee coordinator (the adapter itself)"
    if entry.get("disabled"):
        return "disabled in Zigbee2MQTT"
    if not entry.get("interview_completed"):
        return "its interview is not complete (pair it again)"
    definition = entry.get("definition")
    if not entry.get("supported", True) or not isinstance(definition, dict):
        return f"not supported by Zigbee2MQTT (model {entry.get('model_id') or 'unknown'} has no definition)"
    return None


def _source(entry: dict[str, Any]) -> str:
    definition = entry.get("definition") or {}
    what = " ".join(str(definition.get(k)) for k in ("vendor", "model") if definition.get(k))
    return f"zigbee2mqtt: {entry.get('friendly_name')}" + (f" ({what}: {definition.get('description')})" if what else "")


def _group_devices(
    group: dict[str, Any], base: str, things_of: dict[str, list[_Mapped]]
) -> tuple[list[ImportedDevice], Skipped | None]:
    friendly = str(group.get("friendly_name") or f"group {group.get('id')}")
    members = [m.get("ieee_address") for m in group.get("members", []) if isinstance(m, dict)]
    if not members:
        return [], Skipped(friendly, "a group without members")
    member_types = [{t.type: t for t in things_of.get(str(ieee), [])} for ieee in members]
    kind = next((k for k in ("light", "switch") if all(k in types for types in member_types)), None)
    devices: list[ImportedDevice] = []
    source = f"zigbee2mqtt group: {friendly} ({len(members)} members)"
    if kind is not None:
        common = set.intersection(*(set(types[kind].features) for types in member_types))
        features: list[str] = [f for f in ("brightness", "color") if f in common]
        devices += _devices(friendly, group.get("description"), base, source, [_Mapped(kind, title(kind), features)])
    for scene in group.get("scenes", []):
        if isinstance(scene, dict) and "id" in scene:
            label = title(str(scene.get("name") or f"scene {scene['id']}"))
            thing = _Mapped("scene", label, payloads={"activate": _json({"scene_recall": scene["id"]})})
            scene_devices = _devices(friendly, group.get("description"), base, source, [thing])
            for device in scene_devices:
                device.id, device.name = f"{device.id}_{slug(label)}", label
            devices += scene_devices
    if not devices:
        return [], Skipped(friendly, "its members are not all lights or all switches, and it has no scenes")
    return devices, None


def import_bridge(devices: list[Any], groups: list[Any], base_topic: str = "zigbee2mqtt") -> ImportResult:
    """The home described by bridge/devices (and bridge/groups)."""
    base = base_topic.rstrip("/")
    result = ImportResult(f"Zigbee2MQTT ({base}/bridge/devices)")
    things_of: dict[str, list[_Mapped]] = {}
    for entry in devices:
        if not isinstance(entry, dict):
            continue
        friendly = str(entry.get("friendly_name") or entry.get("ieee_address") or "?")
        reason = _skip_reason(entry)
        if reason:
            result.skipped.append(Skipped(friendly, reason))
            continue
        mapped, refusals = _mapped(entry["definition"].get("exposes") or [])
        if not mapped:
            reason = "; ".join(refusals) or "it exposes nothing the assistant can control or ask about"
            result.skipped.append(Skipped(friendly, reason))
            continue
        things_of[str(entry.get("ieee_address"))] = mapped
        result.devices += _devices(friendly, entry.get("description"), base, _source(entry), mapped)
    for group in groups:
        if isinstance(group, dict):
            found, skipped = _group_devices(group, base, things_of)
            result.devices += found
            if skipped:
                result.skipped.append(skipped)
    return result
