"""Device simulators: small responders on the test broker that answer as the real firmware does
(Zigbee2MQTT, Tasmota, ESPHome / Home Assistant MQTT), so end-to-end tests can prove a command
changed a device. Each family is one class driven by a device description."""

from simulators.base import SimulatedFirmware
from simulators.esphome import EsphomeComponent, EsphomeNode
from simulators.tasmota import TasmotaDevice, TasmotaFirmware
from simulators.zigbee2mqtt import Zigbee2MqttBridge, Zigbee2MqttDevice

__all__ = [
    "EsphomeComponent",
    "EsphomeNode",
    "SimulatedFirmware",
    "TasmotaDevice",
    "TasmotaFirmware",
    "Zigbee2MqttBridge",
    "Zigbee2MqttDevice",
]
