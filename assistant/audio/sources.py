"""Where audio comes from: a WAV file, raw PCM on a stream (stdin), or the microphone.

Every source yields 16 kHz mono int16 chunks of whole 10 ms frames.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from assistant.audio.pcm import FRAME_BYTES, SAMPLE_RATE, SAMPLE_WIDTH
from assistant.audio.wavfile import read_wav

CHUNK_FRAMES = 3  # 30 ms per chunk


class AudioSource(Protocol):
    """A stream of PCM chunks; `live` sources keep running and can drop what was heard."""

    live: bool

    def chunks(self) -> Iterator[bytes]: ...

    def discard_pending(self) -> None:
        """Forget audio captured so far but not yet read (e.g. our own spoken reply)."""


def _split(pcm: bytes, chunk_bytes: int) -> Iterator[bytes]:
    whole = len(pcm) - len(pcm) % FRAME_BYTES
    for start in range(0, whole, chunk_bytes):
        yield pcm[start : min(start + chunk_bytes, whole)]


class PcmBufferSource:
    """Audio already in memory (a decoded WAV file), as fast as possible or in real time."""

    live = False

    def __init__(self, pcm: bytes, realtime: bool = False) -> None:
        self.pcm = pcm
        self.realtime = realtime

    @classmethod
    def from_wav(cls, path: Path, realtime: bool = False) -> PcmBufferSource:
        return cls(read_wav(path), realtime)

    def chunks(self) -> Iterator[bytes]:
        chunk_bytes = CHUNK_FRAMES * FRAME_BYTES
        started = time.monotonic()
        sent = 0
        for chunk in _split(self.pcm, chunk_bytes):
            if self.realtime:
                due = started + sent / (SAMPLE_RATE * SAMPLE_WIDTH)
                time.sleep(max(0.0, due - time.monotonic()))
            sent += len(chunk)
            yield chunk

    def discard_pending(self) -> None:
        """A file is never heard while we speak: nothing to drop."""


class RawStreamSource:
    """Raw 16 kHz mono int16 PCM read from a binary stream such as stdin."""

    live = False

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def chunks(self) -> Iterator[bytes]:
        chunk_bytes = CHUNK_FRAMES * FRAME_BYTES
        pending = b""
        while block := self.stream.read(chunk_bytes):
            pending += block
            usable = len(pending) - len(pending) % FRAME_BYTES
            if usable:
                yield pending[:usable]
                pending = pending[usable:]

    def discard_pending(self) -> None:
        """A pipe is read at its own pace: nothing to drop."""
