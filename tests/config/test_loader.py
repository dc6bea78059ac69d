"""devices.yaml loading: the spec's core loads unchanged; broken files list every problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.config import ConfigError, Home, load_home, parse_home_text

CASES = yaml.safe_load((Path(__file__).parent / "data" / "broken_files.yaml").read_text())

SPEC_EXAMPLE = """
home:
  name: Our flat
  temperature_unit: C
floors:
  - name: Ground Floor
    aliases: [downstairs]
areas:
  - name: Living Room
    aliases: [lounge, front room]
    floor: Ground Floor
devices:
  - id: living_room_lamp
    name: Living Room Lamp
    aliases: [reading lamp]
    area: Living Room
    type: light
    device_class: null
    features: [brightness, color]
    mqtt:
      topic: home/living_room_lamp
"""


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_broken_file_reports_each_problem_with_line_and_key(case: dict) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_home_text(case["text"], Path("devices.yaml"))
    problems = caught.value.problems
    assert len(problems) == len(case["problems"]), [str(p) for p in problems]
    for got, want in zip(problems, case["problems"]):
        assert (got.line, got.key) == (want["line"], want["key"]), str(got)
        assert want["says"] in got.message, str(got)


def test_spec_example_loads_unchanged() -> None:
    home = parse_home_text(SPEC_EXAMPLE, Path("devices.yaml"))
    device = home.devices[0]
    assert (device.id, device.area, device.type, device.features) == (
        "living_room_lamp",
        "Living Room",
        "light",
        ["brightness", "color"],
    )
    assert home.areas[0].aliases == ["lounge", "front room"]


def test_area_named_only_by_a_device_is_still_an_area(tmp_path: Path) -> None:
    path = tmp_path / "devices.yaml"
    path.write_text("devices:\n  - {id: fan, name: Fan, type: fan, area: Attic, mqtt: {topic: t}}\n")
    home = load_home(path)
    assert [a.name for a in home.areas] == ["Attic"]
    assert [d.id for d in home.devices_in_area("attic")] == ["fan"]


def test_floor_names_the_devices_in_its_areas(example_config: Path) -> None:
    home = load_home(example_config)
    upstairs = {d.id for d in home.devices_on_floor("upstairs")}
    assert upstairs == {"bedroom_light", "bedroom_fan", "office_thermostat", "office_lamp"}


def test_device_without_features_has_only_plain_actions(tmp_path: Path) -> None:
    path = tmp_path / "devices.yaml"
    path.write_text("devices:\n  - {id: l, name: L, type: light, mqtt: {topic: t}}\n")
    home = load_home(path)
    assert home.allowed_actions(home.devices[0]) == ("turn_on", "turn_off", "toggle", "get_state")


def test_climate_and_media_player_always_have_their_valued_actions(example_config: Path) -> None:
    home = load_home(example_config)
    assert "set_temperature" in home.allowed_actions(home.device("office_thermostat"))
    assert "set_volume" in home.allowed_actions(home.device("living_room_tv"))


def test_missing_file_is_a_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_home(tmp_path / "nope.yaml")


def test_example_home_covers_every_device_type(example_config: Path) -> None:
    from assistant.devices import DEVICE_TYPES

    home = load_home(example_config)
    assert {d.type for d in home.devices} == set(DEVICE_TYPES)


def test_shared_corpus_homes_load(shared_dir: Path) -> None:
    for name in ("ha_home.yaml", "ha_home_local.yaml"):
        assert load_home(shared_dir / "corpus" / name).devices


def test_language_defaults_to_english() -> None:
    home = Home(parse_home_text(SPEC_EXAMPLE, Path("devices.yaml")))
    assert home.language.code == "en"


def test_language_is_read_from_the_assistant_settings() -> None:
    home = Home(parse_home_text(SPEC_EXAMPLE + "assistant:\n  language: en\n", Path("devices.yaml")))
    assert home.language.say("replies.not_understood") == "Sorry, I did not understand that."
