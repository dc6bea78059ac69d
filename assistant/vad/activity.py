"""Is this 10 ms frame speech? pymicro-vad (default) or WebRTC's VAD."""

from __future__ import annotations

from typing import Protocol

VAD_ENGINES = ("micro", "webrtc")


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


def build_vad(engine: str = "micro") -> VoiceActivityDetector:
    if engine == "micro":
        return MicroVadDetector()
    if engine == "webrtc":
        return WebRtcVadDetector()
    raise ValueError(f"unknown VAD engine {engine!r}: choose one of {', '.join(VAD_ENGINES)}")
