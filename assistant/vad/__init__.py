"""Voice activity and endpointing: when a command starts and when the speaker has finished."""

from assistant.vad.activity import VAD_ENGINES, VoiceActivityDetector, build_vad
from assistant.vad.endpointer import Endpoint, Endpointer, EndpointSettings

__all__ = ["VAD_ENGINES", "Endpoint", "EndpointSettings", "Endpointer", "VoiceActivityDetector", "build_vad"]
