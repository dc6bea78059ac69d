"""Reading and writing WAV files; anything read comes back as 16 kHz mono int16."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from assistant.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH, to_mono_16k


class AudioFileError(Exception):
    """A WAV file that cannot be read; the message is one line for the user."""


_DTYPE_BY_WIDTH = {1: np.uint8, 2: np.int16, 4: np.int32}


def read_wav(path: Path) -> bytes:
    """The file's audio as 16 kHz mono int16 PCM, whatever its rate and channel count."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
            raw = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise AudioFileError(f"{path}: no such file") from None
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioFileError(f"{path}: not a readable PCM WAV file ({exc})") from None
    if width not in _DTYPE_BY_WIDTH:
        raise AudioFileError(f"{path}: {8 * width}-bit samples are not supported (8, 16 or 32-bit PCM)")
    samples = np.frombuffer(raw, dtype=_DTYPE_BY_WIDTH[width]).reshape(-1, channels)
    if width == 1:  # unsigned 8-bit: centre on zero and scale to 16-bit
        samples = ((samples.astype(np.int16) - 128) * 256).astype(np.int16)
    elif width == 4:
        samples = (samples >> 16).astype(np.int16)
    return to_mono_16k(samples, rate).tobytes()


def write_wav(path: Path, pcm: bytes, rate: int = SAMPLE_RATE) -> None:
    """Write mono int16 PCM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(rate)
        wav.writeframes(pcm)
