"""The last state seen from each device, and get_state answered as a sentence.

Payloads are read as their devices send them: JSON objects (Zigbee2MQTT, Home Assistant JSON,
Tasmota's RESULT/STATE/SENSOR, merged since Tasmota sends partial updates) or plain text
("ON", "locked", "21.5"; Tasmota's stat/<name>/POWER).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho

from assistant.config.home import Home
from assistant.config.schema import DeviceConfig
from assistant.mqtt.connection import MqttConnection, ReceivedMessage
from assistant.mqtt.presets import state_topics

ON_WORDS = frozenset({"on", "true", "1", "open", "opened", "detected", "wet", "home"})
OFF_WORDS = frozenset({"off", "false", "0", "closed", "close", "clear", "dry", "away"})
# Keys that carry a device's on/off state, in the order they are trusted.
POWER_KEYS = ("state", "power", "power1", "fan_state")
# Full-scale brightness by preset (generic reports percent, like its commands).
BRIGHTNESS_SCALE = {"zigbee2mqtt": 254, "ha_json": 255, "generic": 100}
UNITS = {
    "humidity": "%",
    "battery": "%",
    "moisture": "%",
    "illuminance": " lx",
    "power": " W",
    "energy": " kWh",
    "pressure": " hPa",
    "carbon_dioxide": " ppm",
    "co2": " ppm",
    "voltage": " V",
    "current": " A",
}
# binary_sensor device classes -> (phrase when on, phrase when off)
BINARY_PHRASES = {
    "motion": ("detecting motion", "clear"),
    "occupancy": ("detecting someone", "clear"),
    "presence": ("detecting someone", "clear"),
    "door": ("open", "closed"),
    "window": ("open", "closed"),
    "opening": ("open", "closed"),
    "garage_door": ("open", "closed"),
    "moisture": ("wet", "dry"),
    "smoke": ("detecting smoke", "clear"),
}


@dataclass
class DeviceState:
    """Everything a device last said, keys lowercased; nested objects are flattened in too."""

    fields: dict[str, Any] = field(default_factory=dict)
    raw: str = ""
    received_at: float = 0.0  # time.monotonic()


def parse_payload(topic: str, payload: bytes) -> dict[str, Any]:
    """Fields of one state message."""
    text = payload.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = text
    if isinstance(data, dict):
        return _flatten(data)
    key = "power" if topic.rsplit("/", 1)[-1].upper().startswith("POWER") else "state"
    return {key: data}


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Lowercased keys; a nested object's keys too (Tasmota's {"DS18B20": {"Temperature": 21}})."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for inner_key, inner_value in _flatten(value).items():
                out.setdefault(inner_key, inner_value)
        out[key.lower()] = value
    return out


def spoken_name(device: DeviceConfig) -> str:
    """'the kitchen light' from 'Kitchen Light'; acronyms such as 'TV' keep their case."""
    words = [w if w.isupper() and len(w) > 1 else w.lower() for w in device.name.split()]
    return "the " + " ".join(words)


def _is(device: DeviceConfig) -> str:
    last = device.name.split()[-1].lower()
    return "are" if last.endswith("s") and not last.endswith("ss") else "is"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{round(value, 2):g}"


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _word(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip().lower()


def _on_off(fields: dict[str, Any], keys: Iterable[str] = POWER_KEYS) -> bool | None:
    for key in keys:
        word = _word(fields.get(key))
        if word in ON_WORDS:
            return True
        if word in OFF_WORDS:
            return False
    return None


def _first(fields: dict[str, Any], *keys: str) -> Any:
    return next((fields[k] for k in keys if fields.get(k) is not None), None)


class Describer:
    """Sentences for one device's state."""

    def __init__(self, device: DeviceConfig, state: DeviceState, temperature_unit: str) -> None:
        self.device = device
        self.fields = state.fields
        self.raw = state.raw
        self.degrees = f" °{temperature_unit}"
        name = spoken_name(device)
        self.name = name[0].upper() + name[1:]

    def sentence(self) -> str:
        describe = getattr(self, f"_{self.device.type}", self._switchable)
        phrase = describe()
        return f"{self.name} {_is(self.device)} {phrase}" if phrase else f"{self.name} last said {self.raw!r}"

    def _switchable(self) -> str | None:
        on = _on_off(self.fields)
        return None if on is None else ("on" if on else "off")

    def _light(self) -> str | None:
        phrase = self._switchable()
        scale = BRIGHTNESS_SCALE.get(self.device.mqtt.preset, 100)
        level = _as_number(self.fields.get("dimmer"))
        if level is None and (brightness := _as_number(self.fields.get("brightness"))) is not None:
            level = brightness * 100 / scale
        if phrase == "on" and level is not None:
            return f"on at {round(level)}% brightness"
        return phrase

    def _fan(self) -> str | None:
        phrase = self._switchable()
        speed = _first(self.fields, "percentage", "speed", "fan_mode", "fanspeed")
        if phrase != "off" and speed is not None:
            number = _as_number(speed)
            level = f"{_number_text(number)}%" if number is not None else str(speed).lower()
            return f"on at {level} speed" if phrase == "on" or number is None or number > 0 else "off"
        return phrase

    def _lock(self) -> str | None:
        word = _word(_first(self.fields, "lock_state", "state"))
        if word in ("lock", "locked"):
            return "locked"
        if word in ("unlock", "unlocked"):
            return "unlocked"
        return word.replace("_", " ") if word else None

    def _cover(self) -> str | None:
        position = _as_number(_first(self.fields, "position", "current_position", "shutterposition"))
        if position is not None:
            return "closed" if position <= 0 else "open" if position >= 100 else f"{round(position)}% open"
        word = _word(self.fields.get("state"))
        return {"close": "closed", "opened": "open"}.get(word or "", word)

    def _climate(self) -> str | None:
        mode = _word(_first(self.fields, "system_mode", "mode"))
        target = _as_number(_first(self.fields, "occupied_heating_setpoint", "temperature", "target_temperature"))
        current = _as_number(_first(self.fields, "local_temperature", "current_temperature"))
        if mode == "off":
            phrase = "off"
        elif mode:
            phrase = f"in {mode} mode"
        else:
            phrase = self._switchable() or ""
        if target is not None and mode != "off":
            phrase += f"{' and' if phrase else ''} set to {_number_text(target)}{self.degrees}"
        if current is not None:
            phrase += f"{',' if phrase else ''} reading {_number_text(current)}{self.degrees}"
        return phrase or None

    def _media_player(self) -> str | None:
        word = _word(self.fields.get("state"))
        volume = _as_number(self.fields.get("volume"))
        phrase = self._switchable() if word in ON_WORDS | OFF_WORDS else word
        if phrase and phrase != "off" and volume is not None:
            phrase += f" at volume {_number_text(volume)}"
        return phrase

    def _vacuum(self) -> str | None:
        word = _word(self.fields.get("state"))
        return word.replace("_", " ") if word else None

    def _sensor(self) -> str | None:
        device_class = self.device.device_class or ""
        reading = _first(self.fields, device_class, "value", "state") if device_class else None
        if reading is None:
            reading = _first(self.fields, "value", "state")
        if reading is None:  # a JSON object with one number in it
            numbers = [v for v in self.fields.values() if _as_number(v) is not None]
            reading = numbers[0] if len(numbers) == 1 else None
        number = _as_number(reading)
        if number is None:
            return _word(reading)
        unit = self.degrees if device_class == "temperature" else UNITS.get(device_class, "")
        return f"{_number_text(number)}{unit}"

    def _binary_sensor(self) -> str | None:
        device_class = self.device.device_class or ""
        on = _on_off(self.fields, (device_class, "state", "occupancy", "motion", "presence"))
        if on is None and isinstance(self.fields.get("contact"), bool):
            on = not self.fields["contact"]  # Zigbee2MQTT: contact true means closed
        if on is None:
            return None
        when_on, when_off = BINARY_PHRASES.get(device_class, ("on", "off"))
        return when_on if on else when_off


class StateTracker:
    """Subscribes to the devices' state topics and remembers what each last said."""

    def __init__(self, home: Home, connection: MqttConnection) -> None:
        self.home = home
        self.connection = connection
        self._lock = threading.Condition()
        self._states: dict[str, DeviceState] = {}
        self._by_topic: dict[str, list[DeviceConfig]] = {}
        self._wildcards: list[tuple[str, DeviceConfig]] = []

    def start(self, device_ids: Iterable[str] | None = None, timeout: float = 5.0) -> bool:
        """Subscribe to these devices' state topics (all devices when None).

        True once the broker acknowledged (retained states arrive right after)."""
        wanted = None if device_ids is None else set(device_ids)
        for device in self.home.devices:
            if wanted is not None and device.id not in wanted:
                continue
            for topic in state_topics(device):
                if "+" in topic or "#" in topic:
                    self._wildcards.append((topic, device))
                else:
                    self._by_topic.setdefault(topic, []).append(device)
        filters = [*self._by_topic, *(topic for topic, _ in self._wildcards)]
        return self.connection.subscribe(filters, self._on_message, timeout)

    def stop(self) -> None:
        """Stop following state (e.g. when a reloaded devices.yaml replaces this tracker)."""
        self.connection.unsubscribe(self._on_message)

    def _devices_for(self, topic: str) -> list[DeviceConfig]:
        found = list(self._by_topic.get(topic, ()))
        found += [d for pattern, d in self._wildcards if paho.topic_matches_sub(pattern, topic) and d not in found]
        return found

    def _on_message(self, message: ReceivedMessage) -> None:
        fields = parse_payload(message.topic, message.payload)
        raw = message.payload.decode("utf-8", errors="replace").strip()
        with self._lock:
            for device in self._devices_for(message.topic):
                state = self._states.setdefault(device.id, DeviceState())
                state.fields.update(fields)  # Tasmota and Zigbee2MQTT may send only what changed
                state.raw = raw
                state.received_at = time.monotonic()
            self._lock.notify_all()

    def state(self, device_id: str) -> DeviceState | None:
        with self._lock:
            state = self._states.get(device_id)
            return DeviceState(dict(state.fields), state.raw, state.received_at) if state else None

    def wait_for(self, device_ids: Iterable[str], timeout: float) -> bool:
        """True once every one of these devices has said something; False after `timeout`."""
        wanted = set(device_ids)
        with self._lock:
            return self._lock.wait_for(lambda: wanted <= self._states.keys(), timeout)

    def answer(self, device_id: str) -> str:
        """The get_state answer for one device, as a sentence."""
        device = self.home.device(device_id)
        if device is None:
            return f"There is no device {device_id!r} in this home."
        state = self.state(device_id)
        if state is None:
            return f"I haven't heard from {spoken_name(device)}."
        return Describer(device, state, self.home.temperature_unit).sentence() + "."
