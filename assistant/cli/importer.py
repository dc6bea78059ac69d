"""`assistant import`: write devices.yaml from what the home's bridges already publish
(Zigbee2MQTT's bridge/devices, Home Assistant MQTT discovery, Tasmota discovery)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import EXIT_BAD_INPUT, fail, load_home_or_exit
from assistant.cli.common import parse_broker_address
from assistant.config.schema import BrokerConfig
from assistant.importing import ImportRefused, ImportResult, merge_into, new_file
from assistant.importing import homeassistant, tasmota, zigbee2mqtt
from assistant.importing.retained import read_retained
from assistant.mqtt import BrokerUnavailable, MqttConnection

DEFAULT_BROKER = ("localhost", 1883)


def _options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        (
            click.option(
                "--broker", "broker_address", callback=parse_broker_address,
                help="HOST:PORT of the broker (default: --merge's broker, else localhost:1883).",
            ),
            click.option(
                "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                help="The devices.yaml to write (may be the --merge file).",
            ),
            click.option(
                "--merge", "merge_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                help="Add the new devices to this devices.yaml; what is in it is kept as it is.",
            ),
            click.option("--wait", default=5.0, show_default=True, help="Seconds to wait for the retained messages."),
        )
    ):
        func = option(func)
    return func


def _broker(broker_address: tuple[str, int] | None, merge_path: Path | None) -> BrokerConfig:
    broker = load_home_or_exit(merge_path).data.mqtt if merge_path else BrokerConfig()
    host, port = broker_address or ((broker.host, broker.port) if merge_path else DEFAULT_BROKER)
    return broker.model_copy(update={"host": host, "port": port})


def _retained(broker: BrokerConfig, filters: list[str], wait: float, config_dir: Path) -> dict[str, Any]:
    """topic -> parsed JSON of the retained messages (a payload that is not JSON is kept as text)."""
    connection = MqttConnection(broker, client_id=f"assistant-import-{os.getpid()}", config_dir=config_dir)
    try:
        connection.connect(wait)
    except BrokerUnavailable as exc:
        fail(str(exc))
    try:
        raw = read_retained(connection, filters, limit_s=wait)
    finally:
        connection.close()
    found: dict[str, Any] = {}
    for topic, payload in raw.items():
        try:
            found[topic] = json.loads(payload)
        except ValueError:
            found[topic] = payload.decode("utf-8", errors="replace")
    return found


def _write(result: ImportResult, output: Path, merge_path: Path | None, broker: BrokerConfig) -> None:
    for skipped in result.skipped:
        click.echo(f"not imported: {skipped}", err=True)
    try:
        if merge_path:
            text, added = merge_into(merge_path.read_text(encoding="utf-8"), result, output)
            summary = f"{len(added)} new of {len(result.devices)} found (the others are already in {merge_path})"
        else:
            text = new_file(result, broker.host, broker.port, output)
            summary = f"{len(result.devices)} devices"
    except ImportRefused as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}: {summary}; {len(result.skipped)} not imported")


def _import(
    broker_address: tuple[str, int] | None,
    merge_path: Path | None,
    output: Path,
    wait: float,
    filters: list[str],
    build: Callable[[dict[str, Any]], ImportResult | str],
) -> None:
    """Read the retained messages, map them (`build` returns why not, when it cannot), write."""
    broker = _broker(broker_address, merge_path)
    found = _retained(broker, filters, wait, Path.cwd())
    result = build(found)
    if isinstance(result, str):
        fail(f"{result} on {broker.host}:{broker.port}")
    _write(result, output, merge_path, broker)


@click.group("import")
def command() -> None:
    """Write devices.yaml from what Zigbee2MQTT, Home Assistant discovery or Tasmota publish."""


@command.command("zigbee2mqtt")
@click.option("--base-topic", default="zigbee2mqtt", show_default=True, help="Zigbee2MQTT's base_topic.")
@_options
def import_zigbee2mqtt(
    base_topic: str, broker_address: tuple[str, int] | None, output: Path, merge_path: Path | None, wait: float
) -> None:
    """From the retained <base>/bridge/devices and <base>/bridge/groups."""
    base = base_topic.rstrip("/")

    def build(found: dict[str, Any]) -> ImportResult | str:
        devices, groups = found.get(f"{base}/bridge/devices"), found.get(f"{base}/bridge/groups")
        if not isinstance(devices, list):
            return f"no retained {base}/bridge/devices (is Zigbee2MQTT running with base_topic {base}?)"
        return zigbee2mqtt.import_bridge(devices, groups if isinstance(groups, list) else [], base)

    _import(broker_address, merge_path, output, wait, [f"{base}/bridge/devices", f"{base}/bridge/groups"], build)


@command.command("homeassistant")
@click.option("--discovery-prefix", default="homeassistant", show_default=True)
@_options
def import_homeassistant(
    discovery_prefix: str, broker_address: tuple[str, int] | None, output: Path, merge_path: Path | None, wait: float
) -> None:
    """From the retained <prefix>/<component>/[<node_id>/]<object_id>/config messages."""
    prefix = discovery_prefix.rstrip("/")

    def build(found: dict[str, Any]) -> ImportResult | str:
        return homeassistant.import_discovery(found, prefix) if found else f"no retained discovery under {prefix}/"

    _import(broker_address, merge_path, output, wait, [f"{prefix}/+/+/config", f"{prefix}/+/+/+/config"], build)


@command.command("tasmota")
@_options
def import_tasmota(broker_address: tuple[str, int] | None, output: Path, merge_path: Path | None, wait: float) -> None:
    """From the retained tasmota/discovery/<mac>/config (and .../sensors) messages."""

    def build(found: dict[str, Any]) -> ImportResult | str:
        return tasmota.import_discovery(found) if found else "no retained tasmota/discovery (SetOption19 0 turns it on)"

    _import(broker_address, merge_path, output, wait, ["tasmota/discovery/+/config", "tasmota/discovery/+/sensors"], build)
