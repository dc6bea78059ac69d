"""Audio in: WAV files of any rate and channel count, raw PCM streams, clear errors."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.pcm import FRAME_BYTES, SAMPLE_RATE
from assistant.audio.sources import PcmBufferSource, RawStreamSource
from assistant.audio.wavfile import AudioFileError, read_wav, write_wav


def tone_wav(path: Path, rate: int, channels: int, seconds: float = 1.0) -> Path:
    t = np.arange(int(rate * seconds)) / rate
    samples = (0.5 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.repeat(samples[:, None], channels, axis=1).tobytes())
    return path


def test_a_44k_stereo_file_becomes_16k_mono_of_the_same_length(tmp_path: Path) -> None:
    pcm = read_wav(tone_wav(tmp_path / "tone.wav", 44100, 2))
    assert len(pcm) // 2 == pytest.approx(SAMPLE_RATE, abs=16)


def test_resampling_keeps_the_pitch(tmp_path: Path) -> None:
    samples = np.frombuffer(read_wav(tone_wav(tmp_path / "tone.wav", 44100, 2)), dtype=np.int16)
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) * SAMPLE_RATE / len(samples) == pytest.approx(440, abs=2)


def test_the_real_stereo_recording_is_read_at_16k(audio_dir: Path) -> None:
    pcm = read_wav(audio_dir / "wyoming_faster_whisper_turn_on_the_living_room_lamp.wav")
    assert len(pcm) / 2 / SAMPLE_RATE == pytest.approx(2.99, abs=0.01)


def test_a_file_that_is_not_a_wav_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(AudioFileError, match="notes.wav: not a readable PCM WAV file"):
        read_wav(bad)


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="no such file"):
        read_wav(tmp_path / "absent.wav")


def test_a_file_source_yields_whole_frames_and_loses_nothing(tmp_path: Path) -> None:
    pcm = bytes(range(256)) * 100  # 25600 bytes: 80 frames
    chunks = list(PcmBufferSource(pcm).chunks())
    assert all(len(c) % FRAME_BYTES == 0 for c in chunks)
    assert b"".join(chunks) == pcm


def test_raw_pcm_on_a_stream_is_read_in_whole_frames() -> None:
    pcm = bytes(FRAME_BYTES * 7 + 10)  # a trailing half frame is not a frame
    chunks = list(RawStreamSource(io.BytesIO(pcm)).chunks())
    assert sum(len(c) for c in chunks) == FRAME_BYTES * 7


def test_written_wavs_read_back_unchanged(tmp_path: Path) -> None:
    pcm = np.arange(-1600, 1600, dtype=np.int16).tobytes()
    write_wav(tmp_path / "out.wav", pcm)
    assert read_wav(tmp_path / "out.wav") == pcm


def test_a_realtime_file_source_is_never_ahead_of_the_clock() -> None:
    import time

    started = time.monotonic()
    sent = 0
    for chunk in PcmBufferSource(bytes(SAMPLE_RATE), realtime=True).chunks():  # half a second
        assert sent / (SAMPLE_RATE * 2) <= time.monotonic() - started + 0.001
        sent += len(chunk)
    assert sent == SAMPLE_RATE


def test_a_file_source_without_realtime_is_read_at_once() -> None:
    import time

    started = time.monotonic()
    chunks = list(PcmBufferSource(bytes(SAMPLE_RATE * 20)).chunks())  # ten seconds of audio
    assert sum(map(len, chunks)) == SAMPLE_RATE * 20
    assert time.monotonic() - started < 5
