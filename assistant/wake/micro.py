"""microWakeWord through pymicro-wakeword: the built-in words or .json/.tflite pairs in models/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model

from assistant.wake.detector import StreamingWakeDetector, load_wake_model

BUILTIN: dict[str, Callable[[], MicroWakeWord]] = {m.value: partial(MicroWakeWord.from_builtin, m) for m in Model}


def load_micro_model(name: str, models_dir: Path | None) -> MicroWakeWord:
    return load_wake_model(name, models_dir, "microWakeWord", ".json", MicroWakeWord.from_config, BUILTIN)


class MicroWakeWordDetector(StreamingWakeDetector):
    """Several microWakeWord models sharing one feature frontend."""

    def __init__(
        self,
        names: tuple[str, ...],
        models_dir: Path | None = None,
        cutoffs: dict[str, float] | None = None,
        refractory_s: float = 2.0,
    ) -> None:
        models = {name: load_micro_model(name, models_dir) for name in names}
        # Each model carries its own trained cutoff unless one is given.
        thresholds = {name: (cutoffs or {}).get(name, model.probability_cutoff) for name, model in models.items()}
        super().__init__(names, models, thresholds, MicroWakeWordFeatures(), refractory_s)

    def probabilities(self, pcm: bytes) -> Iterator[tuple[str, float]]:
        for features in self.features.process_streaming(pcm):
            for name, model in self.models.items():
                probability = model.process_streaming_prob(features)
                if probability is not None:
                    yield name, probability
