"""The one audio format every stage uses: 16 kHz, mono, signed 16-bit little-endian PCM."""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2  # bytes
FRAME_SAMPLES = 160  # 10 ms: the step of the wake word features and the VAD
FRAME_BYTES = FRAME_SAMPLES * SAMPLE_WIDTH
FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE


def to_mono_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    """int16 mono at 16 kHz from int16 or float samples of any rate, shaped (n,) or (n, channels)."""
    audio = samples.astype(np.float32)
    if np.issubdtype(samples.dtype, np.integer):
        audio /= 32768.0
    if audio.ndim == 2:
        audio = audio.mean(axis=1)
    if rate != SAMPLE_RATE:
        import soxr  # imported here: only needed for other rates

        audio = soxr.resample(audio, rate, SAMPLE_RATE, quality="HQ")
    return np.clip(np.round(audio * 32767.0), -32768, 32767).astype(np.int16)



def silence(duration_s: float) -> bytes:
    return bytes(int(duration_s * SAMPLE_RATE) * SAMPLE_WIDTH)
