"""Priming Whisper with the home: an initial prompt of short commands naming its devices, areas
and floors, so that their names come out spelled as devices.yaml spells them.

Sentences, not a list: with a comma-separated list of names Whisper echoes the commas into the
transcript and did worse than with no prompt (issue 13); with commands written as a person says
them it did better (robotic espeak commands: WER 9.1% -> 6.7%). In lower case, as the templates
are written: with the names in Title Case Whisper wrote Title Case back and heard worse.
Measured with tiny.en on the example home (24 Piper-spoken template commands, 20 Piper-spoken
sentences only the LLM reads, the 6 real lamp recordings):
  no prompt                  22/24 commands right, WER 9.9% / 9.2%, lamps 5/6
  this prompt in Title Case  24/24, WER 0.8% / 6.9-9.2%, lamps 5/6
  this prompt in lower case  24/24, WER 0.0% / 5.7%, lamps 6/6

Whisper reads at most 223 prompt tokens (half its 448-token context, less one); faster-whisper
keeps the last 223 and drops the start. So the prompt is built to fit: sentences are taken in
order of relevance until the next one would not fit, counted with the model's own tokenizer.
Relevance, most first:
1. the devices in the microphone's area (the room a person most often speaks about), by name;
2. every other device, by name, in the order devices.yaml lists them (the user's own order,
   usually room by room);
3. the areas and floors;
4. the other names (aliases) of devices, areas and floors, in the same order.
A name whose words are all in the prompt already is left out ("Kitchen" after "Kitchen Light",
"ceiling light" after "Living Room Ceiling Light"): Whisper has seen how they are spelled.
The example home fits whole (about 190 tokens); a 300-device home gets its microphone's room and
as many other devices as fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from assistant.config import Home
from assistant.config.schema import DeviceConfig

# Whisper's prompt limit: max_length (448) // 2 - 1, as faster-whisper cuts it.
PROMPT_TOKEN_LIMIT = 223

# One command per name, in the words a person uses: the first of the device's actions in this
# order. Which one matters little (the name is what is primed); a valued one (a number in words)
# is said once per prompt, to show the form without spending tokens on it again.
_VALUED_ACTIONS = frozenset({"set_brightness", "set_temperature", "set_position", "set_speed"})
_SENTENCE_OF_ACTION: dict[str, str] = {
    "set_brightness": "set the {} to fifty percent.",
    "set_temperature": "set the {} to twenty one degrees.",
    "set_position": "open the {} halfway.",
    "set_speed": "set the {} to high.",
    "lock": "lock the {}.",
    "activate": "activate {}.",
    "start": "start the {}.",
    "play": "pause the {}.",
    "open": "close the {}.",
    "turn_on": "turn on the {}.",
}
# Sensors have no actions: they are asked about.
_QUESTION = "what does the {} say?"
_AREA_SENTENCE = "turn off the {} lights."
_FLOOR_SENTENCE = "turn off everything on the {}."
_FLOOR_ALIAS_SENTENCE = "turn off everything {}."


def device_sentence(home: Home, device: DeviceConfig, name: str, said: set[str]) -> str:
    """A command naming `device` as `name`; `said`: the valued actions already in the prompt
    (this one's is added)."""
    actions = home.allowed_actions(device)
    for action, sentence in _SENTENCE_OF_ACTION.items():
        if action in actions and action not in said:
            if action in _VALUED_ACTIONS:
                said.add(action)
            return sentence.format(name)
    return _QUESTION.format(name)


def _sentences_by_relevance(home: Home, area: str | None) -> Iterator[tuple[str, str]]:
    """(name, a sentence saying it), most relevant first."""
    here = home.area(area)
    in_here = [d for d in home.devices if here is not None and d.area and d.area.lower() == here.name.lower()]
    devices = [*in_here, *(d for d in home.devices if d not in in_here)]
    valued: set[str] = set()
    for device in devices:
        yield device.name, device_sentence(home, device, device.name, valued)
    for room in home.areas:
        yield room.name, _AREA_SENTENCE.format(room.name)
    for floor in home.floors:
        yield floor.name, _FLOOR_SENTENCE.format(floor.name)
    for device in devices:
        for alias in device.aliases:
            yield alias, device_sentence(home, device, alias, valued)
    for room in home.areas:
        for alias in room.aliases:
            yield alias, _AREA_SENTENCE.format(alias)
    for floor in home.floors:
        for alias in floor.aliases:
            yield alias, _FLOOR_ALIAS_SENTENCE.format(alias)


def _words(name: str) -> set[str]:
    return set(name.lower().split())


def home_prompt(
    home: Home, count_tokens: Callable[[str], int], area: str | None = None, limit: int = PROMPT_TOKEN_LIMIT
) -> str:
    """The prompt for this home, at most `limit` tokens as `count_tokens` counts them (the model's
    tokenizer, on the text as faster-whisper passes it: with a leading space). `area`: the
    microphone's room (default: the home's `assistant.area`)."""
    room = area if area is not None else home.data.assistant.area
    chosen: list[str] = []
    said: set[str] = set()
    for name, written in _sentences_by_relevance(home, room):
        sentence = written.lower()
        if _words(name) <= said:
            continue
        if count_tokens(" " + " ".join([*chosen, sentence])) <= limit:
            chosen.append(sentence)
            said |= _words(name)
    return " ".join(chosen)
