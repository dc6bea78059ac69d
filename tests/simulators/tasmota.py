"""A Tasmota device: `cmnd/<topic>/<Command>` in, `stat/<topic>/RESULT` (and `stat/<topic>/POWER<n>`)
out, as the firmware answers; an empty payload asks for the current value. `tele/<topic>/LWT` is
`Online` (retained) and the last will `Offline`; `tele/<topic>/STATE` and `tele/<topic>/SENSOR`
are the periodic telemetry (`telemetry()`). The description says which drivers the device has."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from simulators.base import SimulatedFirmware, Will

# What a command handler says when it did not act (None when it did).
UNKNOWN = "unknown"
INVALID = "invalid"
POWER_WORDS = {"ON": True, "1": True, "TRUE": True, "OFF": False, "0": False, "FALSE": False}
TIME = "2026-01-01T12:00:00"


@dataclass
class TasmotaDevice:
    topic: str
    relays: int = 1
    dimmer: bool = False  # a light driver: Dimmer 0-100 (relay 1 is the light's power)
    ct: bool = False  # colour temperature: CT 153-500
    color: bool = False  # RGB: Color
    shutters: int = 0  # ShutterPosition<n> 0-100
    energy: bool = False  # an energy monitor: ENERGY in tele/SENSOR
    ifan: bool = False  # Sonoff iFan: relay 1 is the light, FanSpeed 0-3 the fan
    load_watts: float = 0.0  # what the energy monitor reads while the relay is on
    standby_watts: float = 0.0  # and while it is off
    names: list[str] = field(default_factory=list)  # each relay's FriendlyName (`fn` in discovery)
    device_name: str = ""  # DeviceName (`dn`)
    mac: str = ""
    # Live values (the simulator changes them).
    power: list[bool] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.power = self.power or [False] * self.relays
        defaults = {"Dimmer": 100, "CT": 153, "Color": "FFFFFF", "FanSpeed": 0}
        for name, has in (("Dimmer", self.dimmer), ("CT", self.ct), ("Color", self.color), ("FanSpeed", self.ifan)):
            if has:
                self.values.setdefault(name, defaults[name])
        for index in range(1, self.shutters + 1):
            self.values.setdefault(f"Shutter{index}", 0)

    def discovery_mac(self) -> str:
        """The MAC its discovery topic carries (made up from the topic when not given)."""
        return self.mac or self.topic.upper().encode().hex()[:12].upper()

    def relay_kinds(self) -> list[int]:
        """Discovery's `rl`: 1 a relay, 2 a light, 3 a shutter's relay."""
        if self.shutters:
            return [3] * (2 * self.shutters) + [1] * (self.relays - 2 * self.shutters)
        return [2 if self.dimmer and index == 0 else 1 for index in range(self.relays)]

    def light_subtype(self) -> int:
        """Discovery's `lt_st`: 0 none, 1 dimmer, 2 colour temperature, 3 RGB, 5 RGB and CT."""
        if self.color:
            return 5 if self.ct else 3
        return 2 if self.ct else 1 if self.dimmer else 0

    def power_key(self, index: int) -> str:
        """Tasmota says POWER on single-relay devices and POWER<n> on the others."""
        return "POWER" if self.relays == 1 and not self.ifan else f"POWER{index}"


class TasmotaFirmware(SimulatedFirmware):
    def __init__(self, host: str, port: int, device: TasmotaDevice) -> None:
        super().__init__(host, port, f"tasmota-{device.topic}", Will(f"tele/{device.topic}/LWT", "Offline"))
        self.device = device
        self.handle(f"cmnd/{device.topic}/+", self._command)

    def on_connected(self) -> None:
        self.publish(f"tele/{self.device.topic}/LWT", "Online", retain=True)
        self.publish_discovery()

    def publish_discovery(self) -> None:
        """tasmota/discovery/<mac>/config and .../sensors, retained, as Tasmota does with SetOption19 0."""
        device = self.device
        mac = device.discovery_mac()
        names: list[str | None] = [*device.names, *[None] * 8][:8]
        config = {
            "ip": "192.0.2.10", "dn": device.device_name or device.topic, "fn": names, "hn": device.topic,
            "mac": mac, "md": "Simulated", "ty": 0, "if": int(device.ifan), "ofln": "Offline", "onln": "Online",
            "state": ["OFF", "ON", "TOGGLE", "HOLD"], "sw": "14.0.0", "t": device.topic, "ft": "%prefix%/%topic%/",
            "tp": ["cmnd", "stat", "tele"], "rl": device.relay_kinds(), "swc": [-1] * 8, "swn": [None] * 8,
            "btn": [0] * 8, "so": {"4": 0, "11": 0, "13": 0, "17": 0, "20": 0, "30": 0, "68": 0, "73": 0, "82": 0},
            "lk": int(device.color), "lt_st": device.light_subtype(), "sho": [0] * device.shutters, "ver": 1,
        }
        self.publish(f"tasmota/discovery/{mac}/config", json.dumps(config), retain=True)
        sensors = {k: v for k, v in self.sensor_fields().items() if not k.startswith("Shutter")}
        self.publish(f"tasmota/discovery/{mac}/sensors", json.dumps({"sn": sensors, "ver": 1}), retain=True)

    def _result(self, data: dict[str, Any]) -> None:
        self.publish(f"stat/{self.device.topic}/RESULT", json.dumps(data, separators=(",", ":")))

    def state_fields(self) -> dict[str, Any]:
        """What `State` and tele/STATE report."""
        device = self.device
        fields: dict[str, Any] = {"Time": TIME, "Uptime": "0T01:00:00"}
        for index, on in enumerate(device.power, start=1):
            fields[device.power_key(index)] = "ON" if on else "OFF"
        fields.update({k: v for k, v in device.values.items() if not k.startswith("Shutter")})
        fields["Wifi"] = {"AP": 1, "SSId": "home", "RSSI": 80, "Signal": -60}
        return fields

    def sensor_fields(self) -> dict[str, Any]:
        """What tele/SENSOR reports: the energy monitor and the shutters."""
        device = self.device
        fields: dict[str, Any] = {"Time": TIME}
        if device.energy:
            watts = device.load_watts if device.power[0] else device.standby_watts
            fields["ENERGY"] = {
                "TotalStartTime": TIME,
                "Total": 1.234,
                "Yesterday": 0.5,
                "Today": 0.1,
                "Power": watts,
                "ApparentPower": watts,
                "ReactivePower": 0,
                "Factor": 1.0 if watts else 0.0,
                "Voltage": 230,
                "Current": round(watts / 230, 3),
            }
        for index in range(1, device.shutters + 1):
            fields[f"Shutter{index}"] = self._shutter(index)
        return fields

    def telemetry(self) -> None:
        """The periodic tele/STATE and tele/SENSOR (every TelePeriod on the real device)."""
        with self.changed:
            self.publish(f"tele/{self.device.topic}/STATE", json.dumps(self.state_fields()))
            self.publish(f"tele/{self.device.topic}/SENSOR", json.dumps(self.sensor_fields()))

    def press_button(self, relay: int = 1) -> None:
        """Someone switched it at the device: Tasmota publishes the new power state."""
        with self.changed:
            self.device.power[relay - 1] = not self.device.power[relay - 1]
            self._report_power(relay)
            self.changed.notify_all()

    def _shutter(self, index: int) -> dict[str, int]:
        position = int(self.device.values[f"Shutter{index}"])
        return {"Position": position, "Direction": 0, "Target": position, "Tilt": 0}

    def _report_power(self, relay: int) -> None:
        key = self.device.power_key(relay)
        word = "ON" if self.device.power[relay - 1] else "OFF"
        self._result({key: word})
        self.publish(f"stat/{self.device.topic}/{key}", word)

    def _command(self, topic: str, payload: str) -> None:
        word = topic.rsplit("/", 1)[-1].upper()
        name, index = word.rstrip("0123456789"), word[len(word.rstrip("0123456789")) :]
        handler = {
            "POWER": self._power,
            "DIMMER": self._dimmer,
            "CT": self._ct,
            "COLOR": self._color,
            "FANSPEED": self._fan_speed,
            "SHUTTERPOSITION": self._shutter_position,
            "SHUTTEROPEN": lambda i, _: self._shutter_position(i, "100"),
            "SHUTTERCLOSE": lambda i, _: self._shutter_position(i, "0"),
            "SHUTTERSTOP": lambda i, _: self._shutter_position(i, ""),
            "STATE": lambda i, _: self._result(self.state_fields()),
        }.get(name)
        outcome = UNKNOWN if handler is None else handler(int(index or 1), payload.strip())
        if outcome == UNKNOWN:
            self.ignore(topic, payload, "unknown command")
            self._result({"Command": "Unknown"})
        elif outcome == INVALID:  # Tasmota ignores a value it cannot use and reports the current one
            self.ignore(topic, payload, "invalid value")
            handler(int(index or 1), "")  # type: ignore[misc]

    def _power(self, relay: int, payload: str) -> str | None:
        device = self.device
        if not 1 <= relay <= device.relays:
            return UNKNOWN
        word = payload.upper()
        if word in ("TOGGLE", "2"):
            device.power[relay - 1] = not device.power[relay - 1]
        elif word in POWER_WORDS:
            device.power[relay - 1] = POWER_WORDS[word]
        elif payload:
            return INVALID
        self._report_power(relay)
        return None

    def _light_result(self) -> dict[str, Any]:
        light: dict[str, Any] = {k: self.device.values[k] for k in ("Dimmer", "Color", "CT") if k in self.device.values}
        return {self.device.power_key(1): "ON" if self.device.power[0] else "OFF", **light}

    def _light(self, name: str, value: Any) -> None:
        """Light commands turn the light on and answer with the light's state."""
        self.device.values[name] = value
        self.device.power[0] = True
        self._result(self._light_result())

    def _number(self, payload: str, low: int, high: int) -> int | None:
        try:
            number = int(float(payload))
        except ValueError:
            return None
        return number if low <= number <= high else None

    def _dimmer(self, _: int, payload: str) -> str | None:
        if not self.device.dimmer:
            return UNKNOWN
        level = self._number(payload, 0, 100)
        if payload and level is None:
            return INVALID
        if level == 0:  # Dimmer 0 turns the light off
            self.device.power[0] = False
        if level:
            self._light("Dimmer", level)
        else:
            self._result(self._light_result())
        return None

    def _ct(self, _: int, payload: str) -> str | None:
        if not self.device.ct:
            return UNKNOWN
        mireds = self._number(payload, 153, 500)
        if payload and mireds is None:
            return INVALID
        if mireds is None:
            self._result(self._light_result())
        else:
            self._light("CT", mireds)
        return None

    def _color(self, _: int, payload: str) -> str | None:
        if not self.device.color:
            return UNKNOWN
        if not payload:
            self._result(self._light_result())
            return None
        digits = payload.lstrip("#").upper()
        if "," in payload:
            parts = [self._number(p, 0, 255) for p in payload.split(",")]
            if len(parts) != 3 or any(p is None for p in parts):
                return INVALID
            digits = "".join(f"{p:02X}" for p in parts if p is not None)
        if len(digits) != 6 or any(c not in "0123456789ABCDEF" for c in digits):
            return INVALID
        self._light("Color", digits)
        return None

    def _fan_speed(self, _: int, payload: str) -> str | None:
        if not self.device.ifan:
            return UNKNOWN
        current = int(self.device.values["FanSpeed"])
        steps = {"+": min(3, current + 1), "-": max(0, current - 1), "": current}
        speed = steps[payload] if payload in steps else self._number(payload, 0, 3)
        if speed is None:
            return INVALID
        self.device.values["FanSpeed"] = speed
        self._result({"FanSpeed": speed})
        return None

    def _shutter_position(self, index: int, payload: str) -> str | None:
        if not 1 <= index <= self.device.shutters:
            return UNKNOWN
        words: dict[str, int | None] = {"UP": 100, "OPEN": 100, "DOWN": 0, "CLOSE": 0, "STOP": None, "": None}
        key = f"Shutter{index}"
        word = payload.upper()
        target = words[word] if word in words else self._number(payload, 0, 100)
        if target is None and word not in words:
            return INVALID
        if target is not None:  # moves at once here; the real one reports while it moves
            self.device.values[key] = target
        self._result({key: self._shutter(index)})
        return None
