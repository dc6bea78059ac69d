"""Reload: a valid change is taken without a restart; a broken file is refused, its problems
reported, and the running configuration stays."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assistant.service.app import AssistantService
from assistant.handling.utterance import heard_now
from assistant.service.reload import ReloadOutcome

TOASTER = {"id": "toaster", "name": "Toaster", "type": "toastr", "mqtt": {"topic": "home/toaster"}}
GALLEY = "turn on the galley light"


def edit_devices(path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["devices"])
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def rename_kitchen_light(path: Path) -> None:
    def rename(devices: list[dict[str, Any]]) -> None:
        next(d for d in devices if d["id"] == "kitchen_light")["name"] = "Galley Light"

    edit_devices(path, rename)


def add_a_broken_device(path: Path) -> None:
    edit_devices(path, lambda devices: devices.append(TOASTER))


def wait_for_reload(service: AssistantService, timeout: float = 10.0) -> ReloadOutcome | None:
    deadline = time.monotonic() + timeout
    while service.reloader.last is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return service.reloader.last


def commands_for(service: AssistantService, text: str) -> list[dict[str, object]]:
    return service.handler.process(heard_now(text)).event.commands


def test_a_valid_change_is_taken(start_service, home_path) -> None:
    service = start_service(home_path)
    rename_kitchen_light(home_path)
    assert service.reloader.reload_now("test").accepted
    assert commands_for(service, GALLEY) == [{"device": "kitchen_light", "action": "turn_on", "value": None}]


def test_a_broken_file_keeps_the_running_configuration(start_service, home_path) -> None:
    service = start_service(home_path)
    running = service.runtime
    add_a_broken_device(home_path)
    outcome = service.reloader.reload_now("test")
    assert not outcome.accepted
    assert any("unknown device type 'toastr'" in problem for problem in outcome.problems)
    assert service.runtime is running
    assert commands_for(service, "turn on the kitchen light") == [{"device": "kitchen_light", "action": "turn_on", "value": None}]


def test_a_refused_reload_is_reported(start_service, home_path, recorder) -> None:
    service = start_service(home_path)
    assert service.connection.wait_connected(10)
    home_path.write_text("devices: [", encoding="utf-8")
    service.reloader.reload_now("test")
    report = json.loads(recorder.wait_for("assistant/reload")[0])
    assert report["accepted"] is False
    assert "not valid YAML" in report["problems"][0]
    assert service.status.snapshot()["config"]["last_refused"] == report["problems"]


def test_an_edit_on_disk_reloads_by_itself(start_service, home_path) -> None:
    service = start_service(home_path, watch_files=True)
    rename_kitchen_light(home_path)
    outcome = wait_for_reload(service)
    assert outcome is not None, outcome
    assert outcome.accepted, outcome
    assert commands_for(service, GALLEY) != []


def test_a_broken_edit_on_disk_is_refused(start_service, home_path) -> None:
    service = start_service(home_path, watch_files=True)
    running = service.runtime
    add_a_broken_device(home_path)
    outcome = wait_for_reload(service)
    assert outcome is not None
    assert not outcome.accepted
    assert service.runtime is running


def test_a_change_in_intents_rebuilds_the_grammar(start_service, home_path) -> None:
    intents = home_path.parent / "intents"
    intents.mkdir()
    service = start_service(home_path, watch_files=True, intents_dir=intents)
    running = service.runtime
    (intents / "mine.yaml").write_text("language: en\nintents: {}\n", encoding="utf-8")
    outcome = wait_for_reload(service)
    assert outcome is not None, outcome
    assert outcome.accepted, outcome
    assert service.runtime.understander is not running.understander


def test_a_broken_sentence_file_is_refused(start_service, home_path) -> None:
    intents = home_path.parent / "intents"
    intents.mkdir()
    service = start_service(home_path, intents_dir=intents)
    running = service.runtime
    (intents / "mine.yaml").write_text("intents: [", encoding="utf-8")
    outcome = service.reloader.reload_now("test")
    assert not outcome.accepted
    assert "mine.yaml" in outcome.problems[0]
    assert service.runtime is running
