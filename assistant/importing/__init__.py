"""Import a home from what its bridges already publish: Zigbee2MQTT's bridge/devices, Home
Assistant MQTT discovery and Tasmota discovery, written as a devices.yaml that passes `check`."""

from assistant.importing.model import ImportedDevice, ImportResult, Skipped
from assistant.importing.writer import ImportRefused, merge_into, new_file

__all__ = ["ImportRefused", "ImportResult", "ImportedDevice", "Skipped", "merge_into", "new_file"]
