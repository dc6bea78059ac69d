"""openWakeWord through pyopen-wakeword: the built-in words or any <name>.tflite in models/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from pyopen_wakeword import Model, OpenWakeWord, OpenWakeWordFeatures

from assistant.wake.detector import StreamingWakeDetector, load_wake_model

BUILTIN: dict[str, Callable[[], OpenWakeWord]] = {m.value: partial(OpenWakeWord.from_builtin, m) for m in Model}
DEFAULT_THRESHOLD = 0.5


def load_open_model(name: str, models_dir: Path | None) -> OpenWakeWord:
    return load_wake_model(name, models_dir, "openWakeWord", ".tflite", OpenWakeWord.from_model, BUILTIN)


class OpenWakeWordDetector(StreamingWakeDetector):
    """Several openWakeWord models sharing one mel/embedding frontend."""

    def __init__(
        self,
        names: tuple[str, ...],
        models_dir: Path | None = None,
        thresholds: dict[str, float] | None = None,
        refractory_s: float = 2.0,
    ) -> None:
        models = {name: load_open_model(name, models_dir) for name in names}
        chosen = {name: (thresholds or {}).get(name, DEFAULT_THRESHOLD) for name in names}
        super().__init__(names, models, chosen, OpenWakeWordFeatures.from_builtin(), refractory_s)

    def probabilities(self, pcm: bytes) -> Iterator[tuple[str, float]]:
        for embeddings in self.features.process_streaming(pcm):
            for name, model in self.models.items():
                for probability in model.process_streaming(embeddings):
                    yield name, probability
