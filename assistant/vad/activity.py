"""Is this 10 ms frame speech? pymicro-vad (default) or WebRTC's VAD."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from assistant.config.schema import VadEngine


class VoiceActivityDetector(Protocol):
    def is_speech(self, frame: bytes) -> bool:
        """One 10 ms frame of 16 kHz mono int16."""

    def reset(self) -> None: ...


class MicroVadDetector:
    def __init__(self, threshold: float = 0.5) -> None:
        from pymicro_vad import MicroVad

        self.vad = MicroVad()
        self.threshold = threshold

    def is_speech(self, frame: bytes) -> bool:
        return self.vad.process_10ms(frame) > self.threshold

    def reset(self) -> None:
        self.vad.reset()


class WebRtcVadDetector:
    def __init__(self, aggressiveness: int = 2) -> None:
        import webrtcvad

        self.vad = webrtcvad.Vad(aggressiveness)

    def is_speech(self, frame: bytes) -> bool:
        return bool(self.vad.is_speech(frame, 16000))

    def reset(self) -> None:
        """WebRTC's VAD keeps no state worth clearing between utterances."""


# One entry per VadEngine value (tests/voice/test_registries.py checks they agree).
VAD_ENGINES: dict[VadEngine, Callable[[], VoiceActivityDetector]] = {
    "micro": MicroVadDetector,
    "webrtc": WebRtcVadDetector,
}


def build_vad(engine: VadEngine = "micro") -> VoiceActivityDetector:
    return VAD_ENGINES[engine]()
