"""Thermostats: on, off, a target temperature within the device's range, a mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.commands import Command
from assistant.devices.reading import StateReading, as_number, number_text, word
from assistant.devices.spec import Action, DeviceType, Json, PresetHooks, no_native_json
from assistant.devices.wire import number

if TYPE_CHECKING:
    from assistant.config.schema import DeviceConfig

MODES = ("heat", "cool", "auto", "off")
# What "turn on" means for a thermostat whose preset sets a mode.
ON_MODE = "heat"
# Tasmota's thermostat driver (tasmota.github.io/docs/Thermostat): mode -> (command, payload).
TASMOTA_MODES: dict[str, tuple[str, str]] = {
    "off": ("ThermostatModeSet", "0"),
    "auto": ("ThermostatModeSet", "1"),
    "heat": ("Backlog", "ClimateModeSet 0; ThermostatModeSet 1"),
    "cool": ("Backlog", "ClimateModeSet 1; ThermostatModeSet 1"),
}


def _payload(command: Command, mode_key: str, setpoint_key: str) -> Json | None:
    """Thermostats in JSON presets: on/off and modes are one key, the setpoint another."""
    if command.action == "set_temperature":
        return {setpoint_key: number(command.value)}
    modes = {"turn_on": ON_MODE, "turn_off": "off", "set_mode": command.value}
    return {mode_key: modes[command.action]} if command.action in modes else None


def _zigbee2mqtt(device: DeviceConfig, command: Command) -> Json | None:
    """system_mode and the setpoint key the device exposes (`options.setpoint`); a thermostat
    without system_mode (`options.system_mode: false`) takes only its setpoint."""
    options = device.mqtt.options
    if command.action != "set_temperature" and not options.system_mode:
        return None
    return _payload(command, mode_key="system_mode", setpoint_key=options.setpoint)


def _tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    """Tasmota's thermostat driver: ThermostatModeSet 0 off / 1 automatic, ClimateModeSet 0
    heating / 1 cooling (both in one Backlog), TempTargetSet the target."""
    if command.action == "set_temperature":
        return "TempTargetSet", str(number(command.value))
    mode = {"turn_on": ON_MODE, "turn_off": "off", "set_mode": str(command.value)}.get(command.action)
    return (TASMOTA_MODES[mode][0], TASMOTA_MODES[mode][1]) if mode in TASMOTA_MODES else None


def _plain(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's MQTT climate and ESPHome's: the mode and the target temperature on
    their own topics ("heat", "21.5")."""
    if command.action == "set_temperature":
        return "temperature", str(number(command.value))
    modes = {"turn_on": ON_MODE, "turn_off": "off", "set_mode": str(command.value)}
    return ("mode", modes[command.action]) if command.action in modes else None


# Where each preset reports the target and the measured temperature. Tasmota's thermostat
# driver: TempTargetSet is the target, the sensor's Temperature (or TempMeasuredSet) the room.
TARGET_KEYS: dict[str, tuple[str, ...]] = {
    "zigbee2mqtt": ("occupied_heating_setpoint", "current_heating_setpoint", "occupied_cooling_setpoint"),
    "tasmota": ("temptargetset",),
}
CURRENT_KEYS: dict[str, tuple[str, ...]] = {
    "zigbee2mqtt": ("local_temperature",),
    "tasmota": ("tempmeasuredset", "temperature"),
}
DEFAULT_TARGET_KEYS = ("temperature", "target_temperature", "temperature_setpoint")
DEFAULT_CURRENT_KEYS = ("current_temperature", "local_temperature")
# Tasmota's thermostat state (tasmota.github.io/docs/Thermostat): ThermostatModeSet 0 off,
# 1 automatic, 2 manual; while it runs, ClimateModeSet 0 heats and 1 cools.
TASMOTA_THERMOSTAT_MODE_NAMES = {0: "off", 1: "auto", 2: "manual"}
TASMOTA_CLIMATE_MODE_NAMES = {0: "heat", 1: "cool"}


def _mode(reading: StateReading) -> str | None:
    thermostat_mode = as_number(reading.fields.get("thermostatmodeset"))
    if reading.preset == "tasmota" and thermostat_mode is not None:
        climate_mode = as_number(reading.fields.get("climatemodeset"))
        if round(thermostat_mode) != 0 and climate_mode is not None:
            return TASMOTA_CLIMATE_MODE_NAMES.get(round(climate_mode))
        return TASMOTA_THERMOSTAT_MODE_NAMES.get(round(thermostat_mode))
    return word(reading.first("system_mode", "mode"))


def _describe(reading: StateReading) -> str | None:
    mode = _mode(reading)
    target = as_number(reading.first(*TARGET_KEYS.get(reading.preset, DEFAULT_TARGET_KEYS)))
    current = as_number(reading.first(*CURRENT_KEYS.get(reading.preset, DEFAULT_CURRENT_KEYS)))
    if mode == "off":
        phrase = reading.say("off")
    elif mode:
        phrase = reading.say("in_mode", mode=mode)
    else:
        phrase = reading.switchable() or ""
    if target is not None and mode != "off":
        setpoint = reading.say("set_to", value=f"{number_text(target)}{reading.degrees}")
        phrase = reading.say("and", first=phrase, then=setpoint) if phrase else setpoint
    if current is not None:
        measured = reading.say("reading", value=f"{number_text(current)}{reading.degrees}")
        phrase = reading.say("also", first=phrase, then=measured) if phrase else measured
    return phrase or None


CLIMATE = DeviceType(
    name="climate",
    actions=(
        Action("turn_on"),
        Action("turn_off"),
        Action("set_temperature", "temperature"),
        Action("set_mode", "mode"),
    ),
    presets=PresetHooks(
        zigbee2mqtt=_zigbee2mqtt, tasmota=_tasmota, ha_json=no_native_json, homeassistant=_plain, esphome=_plain
    ),
    describe=_describe,
    intent_actions={"on": "turn_on", "off": "turn_off"},
    default_for=("set_temperature", "set_mode"),
    modes=MODES,
    implied_classes=frozenset({"temperature"}),
)
