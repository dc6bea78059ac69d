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


def _describe(reading: StateReading) -> str | None:
    device_class = reading.device_class
    value = reading.first(device_class, "value", "state") if device_class else None
    if value is None:
        value = reading.first("value", "state")
    if value is None:  # a JSON object with one number in it
        numbers = [v for v in reading.fields.values() if as_number(v) is not None]
        value = numbers[0] if len(numbers) == 1 else None
    number = as_number(value)
    if number is None:
        return word(value)
    unit = reading.degrees if device_class == "temperature" else UNITS.get(device_class, "")
    return f"{number_text(number)}{unit}"


SENSOR = DeviceType(name="sensor", actions=(), presets=NO_COMMANDS, describe=_describe)
