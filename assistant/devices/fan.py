"""Fans: on and off; a speed in percent when the device lists the `speed` feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, as_number, number_text
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks, no_native_json
from assistant.devices.wire import plain_word, ranged, state_word, tasmota_power

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

ZIGBEE_FAN_SPEED_TOP = 254
TASMOTA_FAN_SPEEDS = 3
TASMOTA_FAN_ON_SPEED = 2  # "on" without a speed: medium, as Home Assistant's Tasmota fan does


def _fan_mode(percent: object) -> str:
    """Zigbee2MQTT fans take named modes, not percentages."""
    level = float(percent)  # type: ignore[arg-type]
    return "off" if level <= 0 else "low" if level <= 33 else "medium" if level <= 66 else "high"


def _zigbee2mqtt(device: DeviceConfig, command: Command) -> Json | None:
    if device.mqtt.options.fan == "state_speed":  # newer fans: state, and speed 1-254
        if command.action == "set_speed":
            on = float(command.value) > 0  # type: ignore[arg-type]
            return {"state": "ON", "speed": ranged(command.value, ZIGBEE_FAN_SPEED_TOP)} if on else {"state": "OFF"}
        return state_word(command)
    if command.action == "set_speed":
        return {"fan_mode": _fan_mode(command.value)}
    fan_on = {"turn_on": {"fan_state": "ON"}, "turn_off": {"fan_state": "OFF"}}
    return fan_on.get(command.action)


def _tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    if "speed" not in device.features:
        return tasmota_power(command, device.mqtt.options.relay)
    if command.action == "set_speed":  # a Sonoff iFan
        level = float(command.value)  # type: ignore[arg-type]
        return "FanSpeed", str(0 if level <= 0 else ranged(level, TASMOTA_FAN_SPEEDS))
    speeds = {"turn_on": TASMOTA_FAN_ON_SPEED, "turn_off": 0}
    return ("FanSpeed", str(speeds[command.action])) if command.action in speeds else None


def _plain(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's MQTT fan and ESPHome's: ON/OFF, and the speed on its own topic as a
    step of 1..speed_range_max (0 turns it off)."""
    if command.action == "set_speed":
        if float(command.value) <= 0:  # type: ignore[arg-type]
            return None, "OFF"
        return "percentage", str(ranged(command.value, device.mqtt.options.speed_range_max))
    word = plain_word(command)
    return (None, word) if word else None


def _describe(reading: StateReading) -> str | None:
    on = reading.on_off()
    speed = reading.first("percentage", "speed", "fan_mode", "fanspeed")
    if on is not False and speed is not None:
        number = as_number(speed)
        level = f"{number_text(number)}%" if number is not None else str(speed).lower()
        return reading.say("on_at_speed", level=level) if on or number is None or number > 0 else reading.say("off")
    return reading.switchable()


FAN = DeviceType(
    name="fan",
    actions=(Action("turn_on"), Action("turn_off"), Action("set_speed", "percent", feature="speed")),
    presets=PresetHooks(
        zigbee2mqtt=_zigbee2mqtt, tasmota=_tasmota, ha_json=no_native_json, homeassistant=_plain, esphome=_plain
    ),
    describe=_describe,
    intent_actions={"on": "turn_on", "off": "turn_off"},
    default_for=("set_speed",),
)
