"""The frame the model writes reads back into the same Requests."""

from __future__ import annotations

import pytest

from assistant.training.frame_text import NOTHING, FrameTextError, frame_text, parse_frame
from assistant.understanding.frame import Request, Target

ROUND_TRIPS = [
    [Request("turn_on", Target(name="reading lamp"))],
    [Request("set_brightness", Target(device_type="light", kind_said="lights", area="kitchen"), 40)],
    [Request("close", Target(device_type="cover", device_class="curtain", kind_said="curtains", everywhere=True))],
    [Request("set_temperature", Target(name="heating", floor="upstairs"), 21.5)],
    [Request("set_color", Target(name="mum's \"big\" lamp"), "warm white"), Request("lock", Target(name="front door"))],
    [Request("get_state", Target(device_type="sensor", device_class="temperature|humidity"))],
]


@pytest.mark.parametrize("requests", ROUND_TRIPS, ids=lambda r: r[0].intent)
def test_frame_text_reads_back_into_the_same_requests(requests: list[Request]) -> None:
    assert parse_frame(frame_text(requests)) == requests


def test_no_request_is_written_nothing() -> None:
    assert frame_text([]) == NOTHING


def test_nothing_reads_back_as_no_request() -> None:
    assert parse_frame(" nothing\n") == []


def test_one_line_per_request() -> None:
    assert len(frame_text(ROUND_TRIPS[4]).splitlines()) == 2


def test_a_number_is_written_bare() -> None:
    assert frame_text([Request("set_speed", Target(name="fan"), 60)]) == 'set_speed name="fan" value=60'


@pytest.mark.parametrize(
    "text",
    ["", "turn_on colour=\"red\"", "Turn On name=\"x\"", "turn_on name=\"unclosed", "set_brightness value=", "turn_on name="],
)
def test_a_malformed_frame_is_an_error(text: str) -> None:
    with pytest.raises(FrameTextError):
        parse_frame(text)
