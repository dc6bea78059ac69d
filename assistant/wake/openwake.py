"""openWakeWord through pyopen-wakeword: the built-in words or any <name>.tflite in models/."""

from __future__ import annotations

from pathlib import Path

from pyopen_wakeword import Model, OpenWakeWord, OpenWakeWordFeatures

from assistant.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from assistant.wake.detector import Refractory, WakeDetection, WakeWordError

BUILTIN = tuple(m.value for m in Model)
DEFAULT_THRESHOLD = 0.5


def load_open_model(name: str, models_dir: Path | None) -> OpenWakeWord:
    custom = models_dir / f"{name}.tflite" if models_dir else None
    if custom and custom.is_file():
        return OpenWakeWord.from_model(custom)
    if name in BUILTIN:
        return OpenWakeWord.from_builtin(Model(name))
    where = f" or {models_dir}/{name}.tflite" if models_dir else ""
    raise WakeWordError(f"unknown openWakeWord wake word {name!r}: built in are {', '.join(BUILTIN)}{where}")


class OpenWakeWordDetector:
    """Several openWakeWord models sharing one mel/embedding frontend."""

    def __init__(
        self,
        names: tuple[str, ...],
        models_dir: Path | None = None,
        thresholds: dict[str, float] | None = None,
        refractory_s: float = 2.0,
    ) -> None:
        self.names = names
        self.models = {name: load_open_model(name, models_dir) for name in names}
        self.thresholds = {name: (thresholds or {}).get(name, DEFAULT_THRESHOLD) for name in names}
        self.features = OpenWakeWordFeatures.from_builtin()
        self.refractory = Refractory(refractory_s)
        self.fed_s = 0.0

    def process(self, pcm: bytes) -> WakeDetection | None:
        self.fed_s += len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
        found = None
        for embeddings in self.features.process_streaming(pcm):
            for name, model in self.models.items():
                for probability in model.process_streaming(embeddings):
                    if probability > self.thresholds[name] and found is None:
                        found = WakeDetection(name, probability, self.fed_s)
        if found and self.refractory.allows(found.at_s):
            return found
        return None

    def reset(self) -> None:
        self.features.reset()
        for model in self.models.values():
            model.reset()
