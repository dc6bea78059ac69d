"""microWakeWord through pymicro-wakeword: the built-in words or .json/.tflite pairs in models/."""

from __future__ import annotations

from pathlib import Path

from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model

from assistant.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from assistant.wake.detector import Refractory, WakeDetection, WakeWordError

BUILTIN = tuple(m.value for m in Model)


def load_micro_model(name: str, models_dir: Path | None) -> MicroWakeWord:
    custom = models_dir / f"{name}.json" if models_dir else None
    if custom and custom.is_file():
        return MicroWakeWord.from_config(custom)
    if name in BUILTIN:
        return MicroWakeWord.from_builtin(Model(name))
    where = f" or {models_dir}/{name}.json" if models_dir else ""
    raise WakeWordError(f"unknown microWakeWord wake word {name!r}: built in are {', '.join(BUILTIN)}{where}")


class MicroWakeWordDetector:
    """Several microWakeWord models sharing one feature frontend."""

    def __init__(
        self,
        names: tuple[str, ...],
        models_dir: Path | None = None,
        cutoffs: dict[str, float] | None = None,
        refractory_s: float = 2.0,
    ) -> None:
        self.names = names
        self.models = {name: load_micro_model(name, models_dir) for name in names}
        for name, cutoff in (cutoffs or {}).items():
            if name in self.models:
                self.models[name].probability_cutoff = cutoff
        self.features = MicroWakeWordFeatures()
        self.refractory = Refractory(refractory_s)
        self.fed_s = 0.0

    def process(self, pcm: bytes) -> WakeDetection | None:
        self.fed_s += len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
        found = None
        for features in self.features.process_streaming(pcm):
            for name, model in self.models.items():
                probability = model.process_streaming_prob(features)
                if probability is not None and probability > model.probability_cutoff and found is None:
                    found = WakeDetection(name, probability, self.fed_s)
        if found and self.refractory.allows(found.at_s):
            return found
        return None

    def reset(self) -> None:
        self.features.reset()
        for model in self.models.values():
            model.reset()
