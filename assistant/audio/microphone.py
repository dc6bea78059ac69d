"""The microphone through sounddevice (PortAudio), with a callback that never blocks.

The callback only copies the block into a bounded queue; when the queue is full the block is
dropped and counted as an overrun. An unplugged microphone (no audio for a while, or a stream
error) is closed and reopened until it comes back.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from assistant.audio.pcm import FRAME_SAMPLES, SAMPLE_RATE
from assistant.audio.sources import CHUNK_FRAMES

log = logging.getLogger(__name__)


class AudioDeviceError(Exception):
    """PortAudio or a microphone is missing; the message is one line for the user."""


def load_sounddevice() -> ModuleType:
    """sounddevice, imported only when a microphone or speaker is used."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when libportaudio is missing
        raise AudioDeviceError(
            f"the PortAudio library is missing ({exc}); install it: sudo apt install libportaudio2"
        ) from None
    except ImportError:
        raise AudioDeviceError("sounddevice is not installed: pip install 'assistant[voice]'") from None
    return sounddevice


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_rate: float
    is_default: bool


def list_input_devices() -> list[InputDevice]:
    sd = load_sounddevice()
    try:
        devices = sd.query_devices()
        default_input = sd.default.device[0]
    except sd.PortAudioError as exc:
        raise AudioDeviceError(f"cannot list audio devices: {exc}") from None
    return [
        InputDevice(i, d["name"], d["max_input_channels"], d["default_samplerate"], i == default_input)
        for i, d in enumerate(devices)
        if d["max_input_channels"] > 0
    ]


def find_input_device(wanted: str | None) -> int | None:
    """A device index from an index or part of a name; None: the system default."""
    if wanted is None:
        devices = list_input_devices()
        if not devices:
            raise AudioDeviceError("no microphone found (no audio input device); use --input FILE")
        return None
    devices = list_input_devices()
    if wanted.isdigit():
        index = int(wanted)
        if any(d.index == index for d in devices):
            return index
        raise AudioDeviceError(f"no input device {index}; `assistant audio devices` lists them")
    matches = [d for d in devices if wanted.lower() in d.name.lower()]
    if len(matches) != 1:
        names = ", ".join(d.name for d in matches) if matches else "none"
        raise AudioDeviceError(f"{len(matches)} input devices match {wanted!r} ({names}); give its index")
    return matches[0].index


class MicrophoneSource:
    """Live 16 kHz mono int16 audio; `overruns` counts blocks dropped because we fell behind."""

    live = True

    def __init__(
        self,
        device: str | None = None,
        queue_blocks: int = 100,  # 3 s of audio
        silence_timeout_s: float = 2.0,
        retry_every_s: float = 2.0,
    ) -> None:
        self.sd = load_sounddevice()
        self.device_index = find_input_device(device)
        self.blocks: queue.Queue[bytes] = queue.Queue(maxsize=queue_blocks)
        self.silence_timeout_s = silence_timeout_s
        self.retry_every_s = retry_every_s
        self.overruns = 0
        self.reopened = 0

    def _callback(self, data: Any, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overruns += 1
        try:
            self.blocks.put_nowait(bytes(data))
        except queue.Full:
            self.overruns += 1

    def _open(self) -> Any:
        stream = self.sd.RawInputStream(
            samplerate=SAMPLE_RATE,
            channels=1,
            dtype="int16",
            blocksize=CHUNK_FRAMES * FRAME_SAMPLES,
            device=self.device_index,
            callback=self._callback,
        )
        stream.start()
        return stream

    def _open_until_it_works(self) -> Any:
        while True:
            try:
                return self._open()
            except self.sd.PortAudioError as exc:
                log.warning("microphone unavailable (%s); retrying in %.0f s", exc, self.retry_every_s)
                time.sleep(self.retry_every_s)

    def chunks(self) -> Iterator[bytes]:
        stream = self._open_until_it_works()
        try:
            while True:
                try:
                    yield self.blocks.get(timeout=self.silence_timeout_s)
                except queue.Empty:
                    # A live stream always delivers blocks, even of silence: the device is gone.
                    log.warning("no audio from the microphone for %.0f s; reopening it", self.silence_timeout_s)
                    stream.close(ignore_errors=True)
                    self.reopened += 1
                    stream = self._open_until_it_works()
        finally:
            stream.close(ignore_errors=True)
            if self.overruns:
                log.warning("microphone overruns: %d blocks dropped", self.overruns)

    def discard_pending(self) -> None:
        while True:
            try:
                self.blocks.get_nowait()
            except queue.Empty:
                return
