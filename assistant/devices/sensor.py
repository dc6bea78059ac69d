"""Sensors: no actions; a reading with its unit."""

from __future__ import annotations

from assistant.devices.reading import StateReading, as_number, number_text, word
from assistant.devices.spec import DeviceType, PresetHooks, no_native_json, no_native_plain, no_native_tasmota

# Units by device class (temperature takes the home's unit).
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
# Presets for types that take no commands.
NO_COMMANDS = PresetHooks(
    zigbee2mqtt=no_native_json,
    tasmota=no_native_tasmota,
    ha_json=no_native_json,
    homeassistant=no_native_plain,
    esphome=no_native_plain,
)


# Keys every Zigbee2MQTT device adds that are never the reading itself.
META_KEYS = frozenset({"linkquality", "battery", "voltage", "battery_low", "update_available"})


def _value(reading: StateReading) -> object:
    """The reading: the device class's key (a nested one too: Tasmota's ENERGY.Power for a
    power sensor), else `value` or `state`, else the one number a JSON object holds."""
    device_class = reading.device_class
    if device_class:
        nested = [v for k, v in reading.fields.items() if k.endswith(f".{device_class}")]
        found = [reading.fields.get(device_class), *nested]
        number = next((v for v in found if as_number(v) is not None), None)
        if number is not None:
            return number
    value = reading.first("value", "state")
    if value is None:  # a JSON object with one number in it
        numbers = [v for k, v in reading.fields.items() if "." not in k and k not in META_KEYS and as_number(v) is not None]
        value = numbers[0] if len(numbers) == 1 else None
    return value


def _describe(reading: StateReading) -> str | None:
    device_class = reading.device_class
    value = _value(reading)
    number = as_number(value)
    if number is None:
        return word(value)
    unit = reading.degrees if device_class == "temperature" else UNITS.get(device_class, "")
    return f"{number_text(number)}{unit}"


SENSOR = DeviceType(name="sensor", actions=(), presets=NO_COMMANDS, describe=_describe)
