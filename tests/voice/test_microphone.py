"""The microphone's capture path, with a fake PortAudio (the hardware edge): a callback that
never blocks, overruns counted, an unplugged microphone reopened until it comes back."""

from __future__ import annotations

import threading
import types
from typing import Any

import pytest

from assistant.audio import microphone
from assistant.audio.microphone import AudioDeviceError, MicrophoneSource

BLOCK = bytes(960)


class FakeStream:
    """Delivers `blocks` blocks through the callback on start, then goes silent (unplugged)."""

    def __init__(self, portaudio: FakePortAudio, callback: Any, **_: Any) -> None:
        self.portaudio = portaudio
        self.callback = callback

    def start(self) -> None:
        self.portaudio.opened += 1
        status = types.SimpleNamespace(input_overflow=False)
        for _ in range(self.portaudio.blocks_per_open):
            self.callback(BLOCK, 480, None, status)

    def close(self, ignore_errors: bool = False) -> None:
        """Nothing to release."""


class FakePortAudio:
    PortAudioError = OSError

    def __init__(self, blocks_per_open: int, failures_before_open: int = 0) -> None:
        self.blocks_per_open = blocks_per_open
        self.failures_before_open = failures_before_open
        self.opened = 0
        self.default = types.SimpleNamespace(device=(0, 0))

    def query_devices(self) -> list[dict[str, Any]]:
        return [{"name": "USB mic", "max_input_channels": 1, "default_samplerate": 16000.0}]

    def RawInputStream(self, **kwargs: Any) -> FakeStream:  # noqa: N802 - sounddevice's name
        if self.failures_before_open:
            self.failures_before_open -= 1
            raise OSError("device unavailable")
        return FakeStream(self, **kwargs)


def source_on(portaudio: FakePortAudio, monkeypatch: pytest.MonkeyPatch, **options: Any) -> MicrophoneSource:
    monkeypatch.setattr(microphone, "load_sounddevice", lambda: portaudio)
    return MicrophoneSource(None, silence_timeout_s=0.05, retry_every_s=0.01, **options)


def test_blocks_beyond_the_queue_are_dropped_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    source = source_on(FakePortAudio(blocks_per_open=15), monkeypatch, queue_blocks=10)
    chunks = source.chunks()
    received = [next(chunks) for _ in range(10)]
    assert len(received) == 10
    assert source.overruns == 5


def test_an_unplugged_microphone_is_reopened_until_it_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    portaudio = FakePortAudio(blocks_per_open=2)
    source = source_on(portaudio, monkeypatch)
    chunks = source.chunks()
    for _ in range(2):
        next(chunks)
    portaudio.failures_before_open = 3  # unplugged: the next three attempts to open fail
    assert next(chunks) == BLOCK  # after the silence, three failed retries, then the device is back
    assert portaudio.opened == 2
    assert source.reopened == 1


def test_no_input_device_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    portaudio = FakePortAudio(blocks_per_open=0)
    portaudio.query_devices = lambda: []  # type: ignore[method-assign]
    with pytest.raises(AudioDeviceError, match="no microphone found"):
        source_on(portaudio, monkeypatch)


def test_a_device_named_that_does_not_exist_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(microphone, "load_sounddevice", lambda: FakePortAudio(blocks_per_open=0))
    with pytest.raises(AudioDeviceError, match="0 input devices match 'headset'"):
        MicrophoneSource("headset")


def test_a_missing_portaudio_library_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def without_portaudio(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_portaudio)
    with pytest.raises(AudioDeviceError, match="install it: sudo apt install libportaudio2"):
        microphone.load_sounddevice()


def test_the_capture_callback_never_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    # A full queue and nobody reading: the callback must still return at once (no deadlock).
    source = source_on(FakePortAudio(blocks_per_open=0), monkeypatch, queue_blocks=1)
    status = types.SimpleNamespace(input_overflow=False)
    worker = threading.Thread(target=lambda: [source._callback(BLOCK, 480, None, status) for _ in range(100)])
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert source.overruns == 99
