"""`assistant parse` as the acceptance checks call it: one sentence, --json, and --batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", "parse", *args], capture_output=True, text=True, timeout=120)


def test_json_is_one_object_with_the_contract_keys(example_config: Path) -> None:
    result = run("--config", str(example_config), "--understand", "templates", "--json", "--area", "Bedroom", "turn on the fan")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"text", "area", "commands", "handled_by", "reason", "ms"} <= set(answer)
    assert answer["commands"] == [{"device": "bedroom_fan", "action": "turn_on", "value": None}]
    assert answer["handled_by"] == "templates"
    assert answer["area"] == "Bedroom"


def test_area_defaults_to_the_homes_microphone_room(example_config: Path) -> None:
    result = run("--config", str(example_config), "--understand", "templates", "--json", "turn off the lights")
    answer = json.loads(result.stdout)
    assert answer["area"] == "Living Room"
    assert {c["device"] for c in answer["commands"]} == {"living_room_lamp", "living_room_ceiling"}


def test_plain_output_prints_one_command_a_line(example_config: Path) -> None:
    result = run("--config", str(example_config), "--understand", "templates", "set the reading lamp to 40 percent")
    assert result.stdout.strip() == "living_room_lamp set_brightness 40"


def test_no_command_prints_the_reason_and_exits_0(example_config: Path) -> None:
    result = run("--config", str(example_config), "--understand", "templates", "turn on the sauna")
    assert result.returncode == 0
    assert "no command: Sorry, there is no sauna here." in result.stdout


def test_batch_writes_one_answer_per_input_line(example_config: Path, tmp_path: Path) -> None:
    batch_in, batch_out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    batch_in.write_text(
        json.dumps({"id": "a", "text": "lock the front door", "area": None}) + "\n"
        + json.dumps({"id": "b", "text": "tell me a joke", "area": "Kitchen"}) + "\n"
        + json.dumps({"id": "c", "text": "turn on the light", "area": "Kitchen"}) + "\n"
    )
    result = run("--config", str(example_config), "--understand", "templates", "--batch", str(batch_in), "--output", str(batch_out))
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in batch_out.read_text().splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert all({"id", "commands", "handled_by", "reason", "ms"} <= set(a) for a in answers)
    assert answers[0]["commands"] == [{"device": "front_door", "action": "lock", "value": None}]
    assert answers[1]["commands"] == []
    assert answers[1]["reason"]
    assert answers[2]["commands"] == [{"device": "kitchen_light", "action": "turn_on", "value": None}]


def test_batch_refuses_a_line_that_is_not_json_naming_the_line(example_config: Path, tmp_path: Path) -> None:
    batch_in = tmp_path / "in.jsonl"
    batch_in.write_text('{"id": "a", "text": "lock the front door"}\n{not json\n')
    result = run("--config", str(example_config), "--batch", str(batch_in), "--output", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert f"{batch_in}:2" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_config_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "devices.yaml"
    path.write_text("devices:\n  - id: a\n    type: light\n")
    result = run("--config", str(path), "turn on a")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_no_sentence_and_no_batch_exits_2(example_config: Path) -> None:
    result = run("--config", str(example_config))
    assert result.returncode == 2
    assert "give a sentence" in result.stderr


def test_sentences_in_intents_next_to_the_config_are_loaded(tmp_path: Path, example_config: Path) -> None:
    config = tmp_path / "devices.yaml"
    config.write_text(example_config.read_text())
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "mine.yaml").write_text(
        'language: en\nintents:\n  "off":\n    data:\n      - sentences: ["(goodbye|bye) telly"]\n        slots: {name: TV}\n'
    )
    result = run("--config", str(config), "--understand", "templates", "--json", "bye telly")
    assert json.loads(result.stdout)["commands"] == [{"device": "living_room_tv", "action": "turn_off", "value": None}]


def test_a_broken_sentence_file_exits_2_naming_it(tmp_path: Path, example_config: Path) -> None:
    config = tmp_path / "devices.yaml"
    config.write_text(example_config.read_text())
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "broken.yaml").write_text("intents: [unclosed\n")
    result = run("--config", str(config), "--understand", "templates", "hello")
    assert result.returncode == 2
    assert "broken.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def _home_without_its_model(tmp_path: Path, example_config: Path) -> Path:
    config = tmp_path / "devices.yaml"
    config.write_text(example_config.read_text().replace("assistant:\n", "assistant:\n  llm: {model: /nonexistent/model.gguf}\n", 1))
    return config


def test_both_mode_without_a_model_still_answers_with_templates(tmp_path: Path, example_config: Path) -> None:
    config = _home_without_its_model(tmp_path, example_config)
    result = run("--config", str(config), "--understand", "both", "--json", "lock the front door")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["commands"] == [{"device": "front_door", "action": "lock", "value": None}]


def test_llm_mode_without_a_model_exits_1_with_one_line(tmp_path: Path, example_config: Path) -> None:
    config = _home_without_its_model(tmp_path, example_config)
    result = run("--config", str(config), "--understand", "llm", "lock the front door")
    assert result.returncode == 1
    assert "language model is unavailable" in result.stderr
    assert "Traceback" not in result.stderr
