"""A Zigbee2MQTT bridge with its devices, each described by its `definition.exposes` (the shape
Zigbee2MQTT publishes on `bridge/devices`), so the same data drives import and simulation.

As Zigbee2MQTT does: `<base>/<name>/set` takes a JSON object (a plain payload means `state`),
`<base>/<name>/set/<key>` one value; a key is applied only when an expose with SET access names
it, with its range or values; the device's whole state is then published on `<base>/<name>`
(not retained); `<base>/<name>/get` publishes it again; availability is
`<base>/<name>/availability` `{"state":"online"}` (retained)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from simulators.base import SimulatedFirmware, Will

ACCESS_SET = 0b010  # zigbee-herdsman-converters' access bits: 1 state, 2 set, 4 get


@dataclass
class Zigbee2MqttDevice:
    friendly_name: str
    exposes: list[dict[str, Any]]
    state: dict[str, Any] = field(default_factory=dict)  # initial readings; defaults from exposes
    online: bool = True

    def features(self) -> list[dict[str, Any]]:
        """Every leaf expose (a light's or climate's `features` flattened; composites kept whole)."""
        found: list[dict[str, Any]] = []
        for expose in self.exposes:
            found += expose["features"] if "features" in expose and expose["type"] != "composite" else [expose]
        return found

    def feature(self, key: str) -> dict[str, Any] | None:
        return next((f for f in self.features() if f.get("property") == key), None)

    def kind_of(self, key: str) -> str:
        """The type of the expose that holds this key: light, switch, cover, climate, lock, fan; else sensor."""
        for expose in self.exposes:
            if expose["type"] != "composite" and any(f.get("property") == key for f in expose.get("features", ())):
                return str(expose["type"])
        return "sensor"


def _default(feature: dict[str, Any]) -> Any:
    if feature["type"] == "binary":
        return feature.get("value_off")
    if feature["type"] == "numeric":
        return feature.get("value_min", 0)
    if feature["type"] == "enum":
        return feature["values"][0]
    return None


def hex_to_xy(text: str) -> dict[str, float]:
    """sRGB hex to CIE xy, as Zigbee2MQTT converts `color.hex` for xy lights."""
    digits = text.lstrip("#")
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in channels)
    x = r * 0.4124 + g * 0.3576 + b * 0.1805
    y = r * 0.2126 + g * 0.7152 + b * 0.0722
    z = r * 0.0193 + g * 0.1192 + b * 0.9505
    total = x + y + z or 1.0
    return {"x": round(x / total, 4), "y": round(y / total, 4)}


class Zigbee2MqttBridge(SimulatedFirmware):
    def __init__(self, host: str, port: int, devices: list[Zigbee2MqttDevice], base_topic: str = "zigbee2mqtt") -> None:
        super().__init__(host, port, "zigbee2mqtt-simulator", Will(f"{base_topic}/bridge/state", '{"state":"offline"}'))
        self.base = base_topic
        self.devices = {d.friendly_name: d for d in devices}
        for device in devices:
            for feature in device.features():
                if feature.get("property") and feature["property"] not in device.state:
                    device.state[feature["property"]] = _default(feature)
        self.handle(f"{base_topic}/#", self._route)

    def on_connected(self) -> None:
        self.publish(f"{self.base}/bridge/state", '{"state":"online"}', retain=True)
        for device in self.devices.values():
            self.set_online(device.friendly_name, device.online)

    def set_online(self, name: str, online: bool) -> None:
        self.devices[name].online = online
        payload = json.dumps({"state": "online" if online else "offline"})
        self.publish(f"{self.base}/{name}/availability", payload, retain=True)

    def state(self, name: str) -> dict[str, Any]:
        with self.lock:
            return dict(self.devices[name].state)

    def report(self, name: str, readings: dict[str, Any]) -> None:
        """A sensor reading (or a change made at the device) published as Zigbee2MQTT does."""
        with self.changed:
            self.devices[name].state.update(readings)
            self._publish_state(name)
            self.changed.notify_all()

    def _publish_state(self, name: str) -> None:
        self.publish(f"{self.base}/{name}", json.dumps(self.devices[name].state))

    def _route(self, topic: str, payload: str) -> None:
        rest = topic[len(self.base) + 1 :]
        for name in sorted(self.devices, key=len, reverse=True):  # friendly names may hold '/'
            if rest.startswith(name + "/"):
                verb, _, key = rest[len(name) + 1 :].partition("/")
                if verb == "set":
                    self._set(name, topic, payload, key)
                elif verb == "get":
                    self._publish_state(name)
                return

    def _set(self, name: str, topic: str, payload: str, key: str) -> None:
        device = self.devices[name]
        if not device.online:
            self.ignore(topic, payload, "the device is offline")
            return
        try:
            message = json.loads(payload)
        except ValueError:
            message = payload
        if key:
            message = {key: message}
        elif not isinstance(message, dict):
            message = {"state": message}
        applied = False
        for prop, value in message.items():
            reason = self._apply(device, prop, value)
            if reason:
                self.ignore(topic, payload, reason)
            else:
                applied = True
        if applied:
            self._publish_state(name)

    def _apply(self, device: Zigbee2MqttDevice, prop: str, value: Any) -> str | None:
        """Apply one key as the device's converter would; the reason when it is refused."""
        feature = device.feature(prop)
        if feature is None or not feature.get("access", 0) & ACCESS_SET:
            return f"No converter available for '{prop}' ({json.dumps(value)})"
        state, kind = device.state, feature["type"]
        if kind == "binary":
            allowed = {feature.get("value_on"), feature.get("value_off"), feature.get("value_toggle")}
            if value not in allowed or value is None:
                return f"{prop}: {value!r} is not one of {sorted(map(str, allowed - {None}))}"
            if value == feature.get("value_toggle"):
                value = feature["value_off"] if state.get(prop) == feature["value_on"] else feature["value_on"]
            state[prop] = value
        elif kind == "numeric":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"{prop}: {value!r} is not a number"
            low, high = feature.get("value_min", float("-inf")), feature.get("value_max", float("inf"))
            if not low <= value <= high:
                return f"{prop}: {value} is outside {low}-{high}"
            state[prop] = value
        elif kind == "enum":
            if value not in feature["values"]:
                return f"{prop}: {value!r} is not one of {feature['values']}"
            state[prop] = value
        elif kind == "composite" and prop == "color":
            return self._color(device, value)
        self._consequences(device, prop, value)
        return None

    def _color(self, device: Zigbee2MqttDevice, value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"color: {value!r} is not an object"
        if "hex" in value:
            value = hex_to_xy(str(value["hex"]))
        if not {"x", "y"} <= set(value):
            return f"color: {value!r} has neither hex nor x,y"
        device.state["color"] = {"x": value["x"], "y": value["y"]}
        device.state["color_mode"] = "xy"
        device.state["state"] = "ON"
        return None

    def _consequences(self, device: Zigbee2MqttDevice, prop: str, value: Any) -> None:
        """What else a command changes on the real device."""
        state, kind = device.state, device.kind_of(prop)
        if kind == "light" and prop == "brightness":
            state["state"] = "ON" if value > 0 else "OFF"
        elif kind == "light" and prop == "color_temp":
            state["color_mode"] = "color_temp"
            state["state"] = "ON"
        elif kind == "lock" and prop == "state":
            state["lock_state"] = "locked" if value == "LOCK" else "unlocked"
        elif kind == "cover" and prop == "state" and value == "STOP":  # stays where it is
            state["state"] = "OPEN" if state.get("position", 100) > 0 else "CLOSE"
        elif kind == "cover" and prop == "state" and "position" in state:
            state["position"] = 100 if value == "OPEN" else 0
        elif kind == "cover" and prop == "position":
            state["state"] = "OPEN" if value > 0 else "CLOSE"
        elif kind == "fan" and prop == "fan_mode":
            state["fan_state"] = "OFF" if value == "off" else "ON"
        elif kind == "fan" and prop == "speed":
            state["state"] = "ON" if value > 0 else "OFF"


def devices_from_bridge(entries: list[dict[str, Any]]) -> list[Zigbee2MqttDevice]:
    """Simulated devices for every paired, working device of a `bridge/devices` message."""
    return [
        Zigbee2MqttDevice(entry["friendly_name"], entry["definition"]["exposes"])
        for entry in entries
        if entry.get("definition") and entry.get("supported") and not entry.get("disabled")
        and entry.get("interview_completed")
    ]
