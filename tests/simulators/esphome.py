"""An ESPHome node speaking its native MQTT topics, which are also Home Assistant's MQTT
platforms' plain payloads: `<prefix>/<component>/<object_id>/command` in, `.../state` out
(retained, as ESPHome publishes them), per-field topics for position, speed, target
temperature and mode; `<prefix>/status` `online`/`offline` (retained, the last will).
Lights take Home Assistant's JSON schema (`{"state":"ON","brightness":255}`), as ESPHome's do."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from simulators.base import SimulatedFirmware, Will

ON_OFF = {"ON": "ON", "OFF": "OFF"}


@dataclass
class EsphomeComponent:
    component: str  # switch, light, fan, cover, lock, climate, sensor, binary_sensor
    object_id: str
    state: dict[str, Any] = field(default_factory=dict)  # initial; defaults per component
    name: str = ""  # the entity's name in Home Assistant discovery (default: from object_id)


DEFAULTS: dict[str, dict[str, Any]] = {
    "switch": {"state": "OFF"},
    "light": {"state": "OFF", "brightness": 255},
    "fan": {"state": "OFF", "speed_level": 0},
    "cover": {"state": "closed", "position": 0},
    "lock": {"state": "LOCKED"},
    "climate": {"mode": "off", "target_temperature": 20.0, "current_temperature": 19.5},
    "sensor": {"state": "0"},
    "binary_sensor": {"state": "OFF"},
}
# The per-field command topics each component listens on besides `command`, and their state topics.
FIELDS: dict[str, tuple[str, ...]] = {
    "fan": ("speed_level",),
    "cover": ("position",),
    "climate": ("mode", "target_temperature"),
}
CLIMATE_MODES = ("off", "heat", "cool", "heat_cool", "auto", "dry", "fan_only")


class EsphomeNode(SimulatedFirmware):
    def __init__(
        self, host: str, port: int, prefix: str, components: list[EsphomeComponent], area: str | None = None
    ) -> None:
        super().__init__(host, port, f"esphome-{prefix}", Will(f"{prefix}/status", "offline"))
        self.prefix, self.area = prefix, area
        self.components = {(c.component, c.object_id): c for c in components}
        for item in components:
            item.state = {**DEFAULTS[item.component], **item.state}
        self.handle(f"{prefix}/+/+/command", self._command)
        self.handle(f"{prefix}/+/+/+/command", self._field_command)

    def on_connected(self) -> None:
        self.publish(f"{self.prefix}/status", "online", retain=True)
        for item in self.components.values():
            self._publish_state(item)
            self.publish(f"homeassistant/{item.component}/{self.prefix}/{item.object_id}/config",
                         json.dumps(self.discovery(item)), retain=True)

    def discovery(self, item: EsphomeComponent) -> dict[str, Any]:
        """Home Assistant discovery for one component, abbreviated as ESPHome publishes it."""
        base = self._base(item)
        device: dict[str, Any] = {"ids": [self.prefix], "name": self.prefix, "mf": "espressif", "sw": "2025.1.0"}
        if self.area:
            device["sa"] = self.area
        config: dict[str, Any] = {
            "name": item.name or item.object_id.replace("_", " ").title(),
            "uniq_id": f"{self.prefix}{item.component}{item.object_id}",
            "avty_t": f"{self.prefix}/status",
            "stat_t": f"{base}/state",
            "dev": device,
        }
        if item.component not in ("sensor", "binary_sensor"):
            config["cmd_t"] = f"{base}/command"
        if item.component == "light":
            config.update({"schema": "json", "color_mode": True, "sup_clrm": ["brightness"]})
        for name in FIELDS.get(item.component, ()):
            short = {"position": "pos", "speed_level": "pct", "mode": "mode", "target_temperature": "temp"}[name]
            config[f"{short}_cmd_t" if short != "pos" else "set_pos_t"] = f"{base}/{name}/command"
        if item.component == "lock":
            config.update({"pl_lock": "LOCK", "pl_unlk": "UNLOCK", "stat_locked": "LOCKED", "stat_unlocked": "UNLOCKED"})
        return config

    def state(self, component: str, object_id: str) -> dict[str, Any]:
        with self.lock:
            return dict(self.components[(component, object_id)].state)

    def report(self, component: str, object_id: str, value: str) -> None:
        """A sensor reading: published on its state topic."""
        with self.changed:
            item = self.components[(component, object_id)]
            item.state["state"] = value
            self._publish_state(item)
            self.changed.notify_all()

    def _base(self, item: EsphomeComponent) -> str:
        return f"{self.prefix}/{item.component}/{item.object_id}"

    def _publish_state(self, item: EsphomeComponent) -> None:
        base, state = self._base(item), item.state
        if item.component == "light":
            self.publish(f"{base}/state", json.dumps(state), retain=True)
            return
        if "state" in state:
            self.publish(f"{base}/state", str(state["state"]), retain=True)
        for name in FIELDS.get(item.component, ()):
            self.publish(f"{base}/{name}/state", str(state[name]), retain=True)
        if item.component == "climate":
            self.publish(f"{base}/current_temperature/state", str(state["current_temperature"]), retain=True)

    def _find(self, topic: str, depth: int) -> EsphomeComponent | None:
        parts = topic[len(self.prefix) + 1 :].split("/")
        return self.components.get((parts[0], parts[1])) if len(parts) == depth else None

    def _command(self, topic: str, payload: str) -> None:
        item = self._find(topic, 3)
        reason = "no such component" if item is None else self._apply(item, payload.strip())
        if reason:
            self.ignore(topic, payload, reason)
        elif item:
            self._publish_state(item)

    def _field_command(self, topic: str, payload: str) -> None:
        item = self._find(topic, 4)
        name = topic.split("/")[-2]
        if item is None or name not in FIELDS.get(item.component, ()):
            self.ignore(topic, payload, "no such field")
            return
        reason = self._apply_field(item, name, payload.strip())
        if reason:
            self.ignore(topic, payload, reason)
        else:
            self._publish_state(item)

    def _apply(self, item: EsphomeComponent, payload: str) -> str | None:
        state, word = item.state, payload.upper()
        if item.component in ("switch", "fan"):
            if word == "TOGGLE":
                word = "OFF" if state["state"] == "ON" else "ON"
            if word not in ON_OFF:
                return f"unknown status payload {payload!r}"
            state["state"] = word
            if item.component == "fan" and word == "ON" and not state["speed_level"]:
                state["speed_level"] = 1
        elif item.component == "light":
            return self._light(item, payload)
        elif item.component == "cover":
            moves = {"OPEN": 100, "CLOSE": 0, "STOP": state["position"]}
            if word not in moves:
                return f"unknown status payload {payload!r}"
            self._move(item, moves[word])
        elif item.component == "lock":
            locks = {"LOCK": "LOCKED", "UNLOCK": "UNLOCKED", "OPEN": "UNLOCKED"}
            if word not in locks:
                return f"unknown status payload {payload!r}"
            state["state"] = locks[word]
        else:
            return f"a {item.component} takes no commands"
        return None

    def _light(self, item: EsphomeComponent, payload: str) -> str | None:
        try:
            data = json.loads(payload)
        except ValueError:
            return "a light takes JSON"
        if not isinstance(data, dict) or data.get("state", item.state["state"]) not in ON_OFF:
            return "a light takes JSON with state ON or OFF"
        for key in ("brightness", "color_temp", "color"):
            if key in data:
                item.state[key] = data[key]
        item.state["state"] = data.get("state", "ON")
        return None

    def _move(self, item: EsphomeComponent, position: int) -> None:
        item.state["position"] = position
        item.state["state"] = "open" if position > 0 else "closed"

    def _apply_field(self, item: EsphomeComponent, name: str, payload: str) -> str | None:
        if name == "mode":
            if payload not in CLIMATE_MODES:
                return f"unknown mode {payload!r}"
            item.state["mode"] = payload
            return None
        try:
            number = float(payload)
        except ValueError:
            return f"{name}: {payload!r} is not a number"
        if name == "position":
            if not 0 <= number <= 100:
                return f"position {number} is outside 0-100"
            self._move(item, round(number))
        elif name == "speed_level":
            item.state["speed_level"] = round(number)
            item.state["state"] = "ON" if number > 0 else "OFF"
        else:
            item.state[name] = number
        return None
