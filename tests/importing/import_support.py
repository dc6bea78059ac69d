"""Helpers for the import tests: test data, retained messages on a broker, the import command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
import paho.mqtt.client as paho
from click.testing import CliRunner, Result
from conftest import Broker, free_port
from paho.mqtt.enums import CallbackAPIVersion

from assistant.cli import main

HERE = Path(__file__).parent
Z2M_HOME = HERE.parent / "simulators" / "homes" / "zigbee2mqtt_bridge.yaml"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def retain(broker: Any, messages: dict[str, Any]) -> None:
    """Publish each {topic: data} as retained JSON, as bridges do."""
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        for topic, data in messages.items():
            client.publish(topic, json.dumps(data), qos=1, retain=True).wait_for_publish(5)
    finally:
        client.disconnect()
        client.loop_stop()


def run_import(broker: Any, source: str, *args: str) -> Result:
    """`assistant import <source> ...` against this broker."""
    return CliRunner().invoke(main, ["import", source, "--broker", broker.address, "--wait", "3", *args])


@dataclass(frozen=True)
class Imported:
    output: Path
    result: Result


def import_once(
    tmp_path_factory: pytest.TempPathFactory, source: str, messages: dict[str, Any], *args: str
) -> Iterator[Imported]:
    """A broker holding these retained messages, imported from once (for a module's tests)."""
    broker = Broker(port=free_port(), workdir=tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    try:
        retain(broker, messages)
        output = tmp_path_factory.mktemp("import") / "devices.yaml"
        yield Imported(output, run_import(broker, source, "--output", str(output), *args))
    finally:
        broker.stop()
