"""Binary sensors (motion, doors, leaks, ...): no actions; on or off, worded per device class
(`state.binary_sensor.<class>` in the language data)."""

from __future__ import annotations

from assistant.devices.reading import StateReading
from assistant.devices.sensor import NO_COMMANDS
from assistant.devices.spec import DeviceType


# Zigbee2MQTT's key for each device class (a leak sensor reports `water_leak`, not `moisture`).
CLASS_KEYS = {
    "moisture": ("water_leak",),
    "gas": ("gas",),
    "carbon_monoxide": ("carbon_monoxide",),
    "smoke": ("smoke",),
    "vibration": ("vibration",),
    "motion": ("occupancy",),
}
# Keys that say the sensor's one fact when the device class names none; never a tamper or
# battery flag. `contact` is apart: true means closed.
FACT_KEYS = ("state", "occupancy", "motion", "presence", "water_leak", "smoke", "gas", "carbon_monoxide", "vibration")


def _describe(reading: StateReading) -> str | None:
    device_class = reading.device_class
    own = (device_class, *CLASS_KEYS.get(device_class, ())) if device_class and device_class != "contact" else ()
    on = reading.on_off(own)
    contact = reading.fields.get("contact")
    by_contact = on is None and isinstance(contact, bool)
    if by_contact:
        on = not contact  # Zigbee2MQTT: contact true means closed
    if on is None:
        on = reading.on_off(FACT_KEYS)
    if on is None:
        return None
    worded = reading.language.words(f"state.binary_sensor.{device_class}") if device_class else ()
    if len(worded) != 2 and by_contact:  # a contact is open or closed whatever its class says
        worded = reading.language.words("state.binary_sensor.opening")
    when_on, when_off = worded if len(worded) == 2 else (reading.say("on"), reading.say("off"))
    return when_on if on else when_off


BINARY_SENSOR = DeviceType(name="binary_sensor", actions=(), presets=NO_COMMANDS, describe=_describe)
