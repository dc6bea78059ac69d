"""Wake word detection: microWakeWord (default) or openWakeWord, one or several words at once."""

from assistant.wake.detector import WakeDetection, WakeWordDetector, WakeWordError
from assistant.wake.factory import WAKE_ENGINES, build_wake_detector

__all__ = ["WAKE_ENGINES", "WakeDetection", "WakeWordDetector", "WakeWordError", "build_wake_detector"]
