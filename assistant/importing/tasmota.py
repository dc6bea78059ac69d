"""Devices from Tasmota's own discovery: the retained `tasmota/discovery/<mac>/config` (and
`.../sensors`) each device publishes (the format Home Assistant's Tasmota integration reads).

`rl` lists each relay's kind (1 relay, 2 light, 3 shutter), `fn` their friendly names, `t` the
topic and `ft` the full topic; `if` marks a Sonoff iFan (relay 1 its light, FanSpeed the fan),
`lt_st` the light's kind (1 dimmer, 2 colour temperature, 3-5 colour) and `so["30"]` relays
announced as lights. Every relay and shutter uses the `tasmota` preset; those after the first
say which they are (`options: {relay: 2}` -> POWER2, `options: {shutter: 2}` -> ShutterPosition2),
and a later relay's state is read from its own `stat/<topic>/POWER<n>`."""

from __future__ import annotations

from typing import Any

from assistant.importing.model import ImportedDevice, ImportResult, Skipped
from assistant.importing.naming import area_and_name, slug, title

RELAY, LIGHT, SHUTTER = 1, 2, 3
# lt_st: 1 dimmer, 2 colour temperature, 3 RGB, 4 RGBW, 5 RGB and colour temperature.
CT_ONLY, RGB_AND_CT = 2, 5


def _prefix(config: dict[str, Any], kind: int) -> str:
    """The topic prefix for cmnd (0), stat (1) or tele (2), from the full topic."""
    prefixes = config.get("tp") or ["cmnd", "stat", "tele"]
    full = str(config.get("ft") or "%prefix%/%topic%/")
    mac = str(config.get("mac", ""))
    for placeholder, value in (
        ("%prefix%", prefixes[kind]),
        ("%topic%", str(config.get("t", ""))),
        ("%hostname%", str(config.get("hn", ""))),
        ("%id%", mac[-6:]),
    ):
        full = full.replace(placeholder, value)
    return full.rstrip("/")


def _given_name(config: dict[str, Any], index: int) -> str | None:
    names = config.get("fn") or []
    return names[index] if index < len(names) and isinstance(names[index], str) and names[index] else None


def _names(config: dict[str, Any], count: int) -> list[str]:
    """Each relay's friendly name (`fn`), else the device name with the relay's number."""
    device_name = str(config.get("dn") or config.get("t") or "Tasmota")
    return [_given_name(config, i) or (device_name if i == 0 else f"{device_name} {i + 1}") for i in range(count)]


def _light_features(config: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The light's features, and its colour option: white shades as CT 153-500 where it has it."""
    subtype = int(config.get("lt_st") or 0)
    features = ["brightness"] if subtype >= 1 else []
    if subtype >= CT_ONLY:
        features.append("color")
    options = {"color": "color_temp"} if subtype == CT_ONLY else {"color": "both"} if subtype == RGB_AND_CT else {}
    return features, options


def import_device(config: dict[str, Any], sensors: dict[str, Any] | None = None) -> tuple[list[ImportedDevice], list[Skipped]]:
    topic = str(config.get("t") or "")
    if not topic:
        return [], [Skipped(str(config.get("dn") or config.get("mac") or "?"), "no topic (t) in its discovery config")]
    cmnd, stat, tele = (_prefix(config, kind) for kind in range(3))
    default_topics = cmnd == f"cmnd/{topic}" and stat == f"stat/{topic}"
    relays = [int(r) for r in (config.get("rl") or []) if isinstance(r, int)]
    names = _names(config, max(len(relays), 2))
    source = f"tasmota: {topic} ({config.get('md') or 'Tasmota'}, {config.get('mac')})"
    lights_as_relays = str((config.get("so") or {}).get("30", 0)) == "1"
    devices: list[ImportedDevice] = []
    skipped: list[Skipped] = []

    def add(index: int, kind: str, preset: str = "tasmota", **fields: Any) -> ImportedDevice:
        area, name = area_and_name(names[index] if index < len(names) else f"{topic} {index + 1}")
        suffix = "" if index == 0 else f"_{index + 1}"
        device = ImportedDevice(f"{slug(topic)}{suffix}", name, kind, topic, preset, source, area, **fields)
        if not default_topics:
            device.command_topic = device.command_topic or cmnd
            device.state_topic = device.state_topic or f"{stat}/RESULT"
            device.notes.append(f"full topic {config.get('ft')}: state is read from {device.state_topic}")
        devices.append(device)
        return device

    if config.get("if"):
        add(0, "light")
        fan = add(1, "fan", features=["speed"])
        fan.id = f"{slug(topic)}_fan"
        fan.name = title(str(config.get("dn") or topic)) if not _given_name(config, 1) else fan.name
        fan.notes.append("a Sonoff iFan: FanSpeed 0-3; relay 1 is its light")
        return devices, skipped

    shutter, index, light_done = 0, 0, False
    while index < len(relays):
        relay = relays[index]
        if relay == SHUTTER:  # a shutter drives two relays (up and down)
            shutter += 1
            if shutter == 1:
                add(index, "cover", features=["position"])
            else:
                add(index, "cover", features=["position"], options={"shutter": shutter}, state_topic=f"{stat}/RESULT")
            index += 2
            continue
        if relay in (RELAY, LIGHT):
            kind = "light" if relay == LIGHT or lights_as_relays else "switch"
            features, options = _light_features(config) if relay == LIGHT and not light_done else ([], {})
            light_done = light_done or relay == LIGHT
            if index == 0:
                add(index, kind, features=features, options=options)
            else:
                add(index, kind, features=features, options={**options, "relay": index + 1},
                    state_topic=f"{stat}/POWER{index + 1}")
        index += 1
    for sensor_name, reading in (sensors or {}).items():
        if not isinstance(reading, dict):
            continue
        if sensor_name == "ENERGY" and devices:
            devices[0].notes.append(f"an energy monitor: ENERGY.Power in {tele}/SENSOR")
            continue
        for key, device_class in (("Temperature", "temperature"), ("Humidity", "humidity")):
            if key in reading:
                device = ImportedDevice(
                    f"{slug(topic)}_{slug(sensor_name)}_{device_class}", f"{names[0]} {title(device_class)}",
                    "sensor", topic, "tasmota", source, None, device_class,
                )
                devices.append(device)
    if not devices:
        skipped.append(Skipped(topic, "no relay, light, shutter or reading in its discovery config"))
    return devices, skipped


def import_discovery(messages: dict[str, Any], prefix: str = "tasmota/discovery") -> ImportResult:
    """The home described by retained Tasmota discovery messages (topic -> parsed JSON)."""
    result = ImportResult(f"Tasmota discovery ({prefix}/+/config)")
    for topic in sorted(messages):
        if not topic.endswith("/config"):
            continue
        config = messages[topic]
        if not isinstance(config, dict):
            result.skipped.append(Skipped(topic, "its config is not a JSON object"))
            continue
        sensors_message = messages.get(topic[: -len("config")] + "sensors")
        sensors = sensors_message.get("sn") if isinstance(sensors_message, dict) else None
        devices, skipped = import_device(config, sensors if isinstance(sensors, dict) else None)
        result.devices += devices
        result.skipped += skipped
    return result
