"""The service's voice loop hears speech no template reads openly when its LLM is loaded."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from wire_recorder import WireRecorder

from assistant.audio.wavfile import write_wav
from assistant.feedback.speech import PiperSpeaker, spoken_request


def test_a_spoken_paraphrase_only_the_llm_reads_is_carried_out_by_the_service(
    make_home: Callable[..., Path], recorder: WireRecorder, topic_of: Callable[[str, str], str], tmp_path: Path
) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install 'assistant[llm]')")
    home_path = make_home(understand="both")
    recording = tmp_path / "paraphrase.wav"
    write_wav(recording, spoken_request(PiperSpeaker(), "time to clean the house"))
    command = [sys.executable, "-m", "assistant", "service", "run", "--config", str(home_path),
               "--state-dir", str(tmp_path / "state"), "--no-watch", "--input", str(recording),
               "--no-speech", "--run-for", "40"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert recorder.wait_for(topic_of("robot_vacuum", "start"), timeout=5), result.stderr
