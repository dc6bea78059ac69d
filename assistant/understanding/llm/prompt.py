"""The chat messages sent to the model: instructions, the home, few-shot examples, the sentence.

The messages before the sentence do not change between requests, so llama.cpp reuses their
evaluated tokens (the KV cache) and a request only evaluates the new sentence. When the home
is too big for the device budget, the device list moves after the examples and holds only
the devices most relevant to the sentence; the grammar still allows every device, so a device
left out of the list can still be named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.config import DeviceConfig, Home
from assistant.understanding.llm.vocabulary import KIND_WORDS_OF_CLASS, KIND_WORDS_OF_TYPE

INSTRUCTIONS = (
    "You turn what a person says into commands for their smart home. "
    "Answer one command per line: <device or kind>[ in <area>]: <action>[ <value>]. "
    "Use the device names listed. A kind such as lights with an area means every device of "
    "that kind in that room; with no area, the room the person is in; all lights means the "
    "whole home. Answer nothing when the sentence is not a request for this home's devices."
)

Message = dict[str, str]
WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class PromptSettings:
    # Token budget for the device list; a bigger home gets a relevance-chosen list.
    device_budget: int = 700
    # Devices listed per request when the home is over budget.
    relevant_devices: int = 8


def device_line(device: DeviceConfig) -> str:
    kind = device.type.replace("_", " ") + (f" {device.device_class}" if device.device_class else "")
    also = f"; also {', '.join(device.aliases)}" if device.aliases else ""
    where = f", {device.area}" if device.area else ""
    return f"- {device.name} ({kind}{where}{also})"


def home_lines(home: Home) -> list[str]:
    areas = ", ".join(
        a.name + (f" ({', '.join(a.aliases)})" if a.aliases else "") for a in home.areas
    )
    floors = ", ".join(f.name + (f" ({', '.join(f.aliases)})" if f.aliases else "") for f in home.floors)
    lines = [f"Areas: {areas}"] if areas else []
    return lines + ([f"Floors: {floors}"] if floors else [])


def _words_of(device: DeviceConfig, home: Home) -> dict[str, float]:
    """Words that point at a device, weighted by how specific they are."""
    weights: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for word in WORD.findall(text.lower()):
            weights[word] = max(weights.get(word, 0.0), weight)

    add(device.type.replace("_", " "), 1.0)
    for word in (*KIND_WORDS_OF_TYPE.get(device.type, ()), *KIND_WORDS_OF_CLASS.get(device.device_class or "", ())):
        add(word, 1.0)
        add(word.rstrip("s"), 1.0)
    area = home.area(device.area)
    if area:
        for name in area.names:
            add(name, 2.0)
    for name in (device.name, *device.aliases):
        add(name, 3.0)
    return weights


class PromptBuilder:
    """Messages for one home; `messages(sentence)` is all a request needs."""

    def __init__(
        self,
        home: Home,
        examples: list[tuple[str, str]],
        count_tokens: Callable[[str], int],
        settings: PromptSettings | None = None,
    ) -> None:
        self.home = home
        self.settings = settings or PromptSettings()
        self._device_lines = {d.id: device_line(d) for d in home.devices}
        self._device_words = {d.id: _words_of(d, home) for d in home.devices}
        every_line = "\n".join(self._device_lines.values())
        self.fits = count_tokens(every_line) <= self.settings.device_budget
        system = [INSTRUCTIONS, *home_lines(home)]
        if self.fits:
            system += ["Devices:", every_line]
        self.prefix: list[Message] = [{"role": "system", "content": "\n".join(system)}]
        for sentence, answer in examples:
            self.prefix += [{"role": "user", "content": sentence}, {"role": "assistant", "content": answer}]

    def relevant_devices(self, sentence: str) -> list[DeviceConfig]:
        """The devices a sentence most likely means, in the home's order."""
        said = set(WORD.findall(sentence.lower()))
        lowered = sentence.lower()

        def score(device: DeviceConfig) -> float:
            words = self._device_words[device.id]
            overlap = sum(weight for word, weight in words.items() if word in said)
            # Misheard names ("bed room lamp") still count a little.
            fuzzy = max(fuzz.partial_ratio(n.lower(), lowered) for n in (device.name, *device.aliases))
            return overlap + (fuzzy / 100 if fuzzy >= 75 else 0.0)

        ranked = sorted(self.home.devices, key=score, reverse=True)[: self.settings.relevant_devices]
        chosen = {d.id for d in ranked}
        return [d for d in self.home.devices if d.id in chosen]

    def messages(self, sentence: str) -> list[Message]:
        if self.fits:
            return [*self.prefix, {"role": "user", "content": sentence}]
        lines = "\n".join(self._device_lines[d.id] for d in self.relevant_devices(sentence))
        relevant = {"role": "system", "content": f"Devices that may be meant:\n{lines}"}
        return [*self.prefix, relevant, {"role": "user", "content": sentence}]
