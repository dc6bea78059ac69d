"""Speech-to-text behind one interface: Vosk when a model is in models/, else the home's
pocketsphinx model with Whisper after it when Whisper is installed, else pocketsphinx."""

from assistant.stt.engine import RecognitionStream, SpeechToText, SpeechToTextError, Transcript
from assistant.stt.factory import STT_ENGINES, SpeechRequest, SpeechSetup, build_speech_to_text, find_vosk_model

__all__ = [
    "STT_ENGINES",
    "RecognitionStream",
    "SpeechRequest",
    "SpeechSetup",
    "SpeechToText",
    "SpeechToTextError",
    "Transcript",
    "build_speech_to_text",
    "find_vosk_model",
]
