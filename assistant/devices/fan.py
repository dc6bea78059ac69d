"""Fans: on and off; a speed in percent when the device lists the `speed` feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import OFF_WORDS, ON_WORDS, StateReading, as_number, number_text, percent_of, word
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


# Full scale of a numeric `speed` by preset: Zigbee2MQTT's fans take 1-254; others report percent.
SPEED_SCALE = {"zigbee2mqtt": ZIGBEE_FAN_SPEED_TOP}


def _level(reading: StateReading) -> tuple[str, bool] | None:
    """The speed as said ("47%", "medium") and whether it is above zero."""
    fan_speed = as_number(reading.fields.get("fanspeed"))
    if reading.preset == "tasmota" and fan_speed is not None:  # the iFan: 0 off, then 1-3 by name
        names = reading.language.words("state.fan_speeds")
        step = round(fan_speed)
        return (names[step - 1] if 0 < step <= len(names) else str(step)), step > 0
    speed = reading.first("percentage", "speed", "speed_level", "fan_mode")
    percent = percent_of(speed, SPEED_SCALE.get(reading.preset, 100))
    if percent is not None:
        return f"{number_text(round(percent))}%", round(percent) > 0
    said = None if as_number(speed) is not None else word(speed)
    if said in ON_WORDS:  # Zigbee2MQTT's fan_mode "on": no speed to say
        return None
    return (said, said not in OFF_WORDS) if said else None


# The fan's own on/off first: a Zigbee2MQTT ceiling fan with a light reports the light's `state`
# beside its `fan_state`; a Tasmota iFan's POWER1 is its light.
FAN_POWER_KEYS = {"zigbee2mqtt": ("fan_state", "state"), "tasmota": ("power",)}


def _describe(reading: StateReading) -> str | None:
    on = reading.on_off(FAN_POWER_KEYS.get(reading.preset, reading.power_keys))
    level = _level(reading)
    if level is None or (on is True and not level[1]):  # on, at no speed it reports
        return None if on is None else reading.say("on" if on else "off")
    said, moving = level
    if on is False or not moving:
        return reading.say("off")
    return reading.say("on_at_speed", level=said)


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
