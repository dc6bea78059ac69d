"""Devices from Home Assistant MQTT discovery: the retained
`<prefix>/<component>/[<node_id>/]<object_id>/config` messages (and the newer device-based
`<prefix>/device/<id>/config` with its `cmps`), abbreviations and `~` expanded as Home Assistant
does (home-assistant.io/integrations/mqtt, "Discovery messages").

Home Assistant's MQTT platforms take plain payloads on their command topic (`ON`/`OFF`,
`OPEN`/`CLOSE`/`STOP`, `LOCK`/`UNLOCK`, `start`/`stop`/`return_to_base`), and brightness,
position, percentage, mode and temperature on their own topics: the `homeassistant` preset,
with the entity's `command_topic`, its per-field topics as `options.topics`, and a payload
template only where the entity's payload differs from Home Assistant's default. Lights with
`schema: json` use the `ha_json` preset."""

from __future__ import annotations

from typing import Any

from assistant.importing.model import ImportedDevice, ImportResult, Skipped
from assistant.importing.naming import slug, title

# Home Assistant's discovery abbreviations for the keys this import reads
# (homeassistant/components/mqtt/abbreviations.py).
ABBREVIATIONS = {
    "avty": "availability",
    "avty_t": "availability_topic",
    "bri_cmd_t": "brightness_command_topic",
    "clr_temp_cmd_t": "color_temp_command_topic",
    "rgb_cmd_t": "rgb_command_topic",
    "spd_rng_max": "speed_range_max",
    "pl_rst_pct": "payload_reset_percentage",
    "mode_stat_t": "mode_state_topic",
    "cmd_t": "command_topic",
    "cmd_tpl": "command_template",
    "dev": "device",
    "dev_cla": "device_class",
    "mode_cmd_t": "mode_command_topic",
    "obj_id": "object_id",
    "pct_cmd_t": "percentage_command_topic",
    "pl_avail": "payload_available",
    "pl_cls": "payload_close",
    "pl_lock": "payload_lock",
    "pl_not_avail": "payload_not_available",
    "pl_off": "payload_off",
    "pl_on": "payload_on",
    "pl_open": "payload_open",
    "pl_ret": "payload_return_to_base",
    "pl_stop": "payload_stop",
    "pl_strt": "payload_start",
    "pl_unlk": "payload_unlock",
    "pos_t": "position_topic",
    "set_pos_t": "set_position_topic",
    "stat_t": "state_topic",
    "sup_clrm": "supported_color_modes",
    "t": "topic",
    "temp_cmd_t": "temperature_command_topic",
    "uniq_id": "unique_id",
    "val_tpl": "value_template",
    "p": "platform",
    "cmps": "components",
}
DEVICE_ABBREVIATIONS = {"ids": "identifiers", "mf": "manufacturer", "mdl": "model", "sa": "suggested_area"}
COLOR_MODES = frozenset({"hs", "xy", "rgb", "rgbw", "rgbww"})
BRIGHTNESS_MODES = COLOR_MODES | {"brightness", "color_temp", "white"}

# component -> (device type, {action: (payload key, Home Assistant's default payload)}); the
# defaults are what the homeassistant preset sends, so only other payloads become templates.
PLAIN: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "switch": ("switch", {"turn_on": ("payload_on", "ON"), "turn_off": ("payload_off", "OFF")}),
    "light": ("light", {"turn_on": ("payload_on", "ON"), "turn_off": ("payload_off", "OFF")}),
    "fan": ("fan", {"turn_on": ("payload_on", "ON"), "turn_off": ("payload_off", "OFF")}),
    "cover": (
        "cover",
        {"open": ("payload_open", "OPEN"), "close": ("payload_close", "CLOSE"), "stop": ("payload_stop", "STOP")},
    ),
    "valve": ("valve", {"open": ("payload_open", "OPEN"), "close": ("payload_close", "CLOSE")}),
    "lock": ("lock", {"lock": ("payload_lock", "LOCK"), "unlock": ("payload_unlock", "UNLOCK")}),
    "vacuum": (
        "vacuum",
        {
            "start": ("payload_start", "start"),
            "stop": ("payload_stop", "stop"),
            "return_home": ("payload_return_to_base", "return_to_base"),
        },
    ),
    "scene": ("scene", {"activate": ("payload_on", "ON")}),
    "climate": ("climate", {}),
}
READINGS = {"sensor": "sensor", "binary_sensor": "binary_sensor"}
# Per-field command topics: discovery key -> (the preset's field, the feature it gives).
OWN_TOPICS: dict[str, tuple[str, str | None]] = {
    "brightness_command_topic": ("brightness", "brightness"),
    "rgb_command_topic": ("rgb", "color"),
    "color_temp_command_topic": ("color_temp", "color"),
    "percentage_command_topic": ("percentage", "speed"),
    "set_position_topic": ("position", "position"),
    "mode_command_topic": ("mode", None),
    "temperature_command_topic": ("temperature", None),
}


def expand(config: dict[str, Any]) -> dict[str, Any]:
    """Full key names, and `~` in topics replaced by the base topic, as Home Assistant reads them."""
    full = {ABBREVIATIONS.get(k, k): v for k, v in config.items()}
    if isinstance(full.get("device"), dict):
        full["device"] = {DEVICE_ABBREVIATIONS.get(k, k): v for k, v in full["device"].items()}
    base = full.get("~")
    if isinstance(base, str):
        for key, value in full.items():
            if (key == "topic" or key.endswith("_topic")) and isinstance(value, str):
                full[key] = base + value[1:] if value.startswith("~") else value[:-1] + base if value.endswith("~") else value
    return full


def _entities(topic: str, config: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(component, object_id, expanded config) of one discovery message."""
    parts = topic.split("/")
    if len(parts) < 4 or parts[-1] != "config":
        return []
    component, object_id = parts[1], parts[-2]
    full = expand(config)
    if component != "device":
        return [(component, object_id, full)]
    shared = {k: v for k, v in full.items() if k not in ("components", "origin", "o")}
    found = []
    for cmp_id, cmp in (full.get("components") or {}).items():
        if isinstance(cmp, dict):
            own = expand(cmp)
            merged = expand({**shared, **own}) if "~" in shared and "~" not in own else {**shared, **own}
            found.append((str(merged.get("platform", "")), str(cmp_id), merged))
    return found


def _name(config: dict[str, Any], object_id: str) -> str:
    """What people call it: the entity's own name ("Porch Light"); an entity without one
    (Zigbee2MQTT's main entities) is its device."""
    device = config.get("device") if isinstance(config.get("device"), dict) else {}
    return str(config.get("name") or (device or {}).get("name") or object_id)


def _notes(config: dict[str, Any]) -> list[str]:
    notes = []
    availability = config.get("availability_topic")
    if availability:
        online = config.get("payload_available", "online")
        offline = config.get("payload_not_available", "offline")
        notes.append(f"availability: {availability} ({online}/{offline})")
    return notes


def _device(component: str, object_id: str, config: dict[str, Any]) -> ImportedDevice | str:
    """The device for one entity, or why it cannot be one."""
    command, state = config.get("command_topic"), config.get("state_topic")
    if config.get("command_template"):
        return "its command_template (Jinja) cannot be written in devices.yaml"
    name = _name(config, object_id)
    device_info = config.get("device") if isinstance(config.get("device"), dict) else {}
    suggested = (device_info or {}).get("suggested_area")
    area = title(str(suggested)) if suggested else None
    device_id = slug(str(config.get("unique_id") or object_id))
    source = f"homeassistant: {component}/{object_id}"
    notes = _notes(config)
    if config.get("value_template"):
        notes.append(f"value_template {config['value_template']}: the state is read from the whole payload")
    if component in READINGS:
        if not state:
            return "a reading without a state_topic"
        return ImportedDevice(device_id, name, READINGS[component], str(state), "generic", source, area,
                              config.get("device_class"), state_topic=str(state), notes=notes)
    if component == "light" and config.get("schema") == "json":
        modes = set(config.get("supported_color_modes") or [])
        features = [f for f, wanted in (("brightness", BRIGHTNESS_MODES), ("color", COLOR_MODES)) if modes & wanted]
        if config.get("brightness") is True and "brightness" not in features:
            features.insert(0, "brightness")
        if not command:
            return "a JSON-schema light without a command_topic"
        return ImportedDevice(device_id, name, "light", str(state or command), "ha_json", source, area,
                              features=features, command_topic=str(command),
                              state_topic=str(state) if state else None, notes=notes)
    if component == "light" and config.get("schema") == "template":
        return "a template-schema light: its commands are Jinja templates"
    if component not in PLAIN:
        return f"Home Assistant's MQTT {component} has no device type here"
    topics = {field: str(config[key]) for key, (field, _) in OWN_TOPICS.items() if isinstance(config.get(key), str)}
    if not command and not topics:
        return f"a {component} without a command_topic"
    kind, actions = PLAIN[component]
    payloads = {
        action: str(config[key]) for action, (key, default) in actions.items() if str(config.get(key, default)) != default
    }
    features = list(dict.fromkeys(f for key, (_, f) in OWN_TOPICS.items() if f and key in config))
    if kind == "valve" and config.get("reports_position"):
        features.append("position")
    options: dict[str, Any] = {"topics": topics} if topics else {}
    if isinstance(config.get("speed_range_max"), int) and config["speed_range_max"] != 100:
        options["speed_range_max"] = config["speed_range_max"]
    device = ImportedDevice(device_id, name, kind, str(state or command or next(iter(topics.values()))), "homeassistant",
                            source, area, config.get("device_class"), features=features,
                            command_topic=str(command) if command else None,
                            state_topic=str(state) if state else None, payloads=payloads, options=options, notes=notes)
    if kind == "climate":
        device.state_topic = device.state_topic or config.get("mode_state_topic")
        device.min_temperature, device.max_temperature = config.get("min_temp"), config.get("max_temp")
    return device


def import_discovery(messages: dict[str, Any], prefix: str = "homeassistant") -> ImportResult:
    """The home described by retained discovery messages (topic -> parsed JSON)."""
    result = ImportResult(f"Home Assistant MQTT discovery ({prefix}/#)")
    for topic in sorted(messages):
        config = messages[topic]
        if not isinstance(config, dict):
            result.skipped.append(Skipped(topic, "its config is not a JSON object"))
            continue
        for component, object_id, full in _entities(topic, config):
            found = _device(component, object_id, full)
            if isinstance(found, str):
                result.skipped.append(Skipped(f"{component}/{object_id}", found))
            else:
                result.devices.append(found)
    return result
