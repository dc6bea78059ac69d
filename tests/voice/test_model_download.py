"""`assistant models download`, against a local HTTP server serving a zip built here."""

from __future__ import annotations

import hashlib
import http.server
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.stt import find_vosk_model
from assistant.stt.download import MODEL_SOURCES, DownloadError, FileSetSource, download_model

VOSK_EN = MODEL_SOURCES["vosk-en"]


def test_the_real_source_is_the_small_english_model_with_its_checksum() -> None:
    assert VOSK_EN.url == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert VOSK_EN.sha256 == "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """No request log: it would mix with the CLI's output."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(url of a zip shaped like the Vosk model, its sha256) on a local HTTP server."""
    root = tmp_path / "www"
    root.mkdir()
    archive = root / "model.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"{VOSK_EN.folder}/am/final.mdl", b"acoustic model")
        zipped.writestr(f"{VOSK_EN.folder}/conf/model.conf", b"--sample-frequency=16000\n")
    (root / "broken.zip").write_bytes(b"not a zip")
    handler = partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/model.zip", hashlib.sha256(archive.read_bytes()).hexdigest()
    server.shutdown()


def test_a_download_with_the_right_checksum_is_unpacked_into_models(served: tuple[str, str], tmp_path: Path) -> None:
    url, sha = served
    path = download_model(replace(VOSK_EN, sha256=sha), tmp_path / "models", url)
    assert (path / "am" / "final.mdl").read_bytes() == b"acoustic model"
    assert find_vosk_model(tmp_path / "models") == path


def test_a_checksum_mismatch_keeps_nothing(served: tuple[str, str], tmp_path: Path) -> None:
    url, _ = served
    models = tmp_path / "models"
    with pytest.raises(DownloadError, match="checksum mismatch for vosk-en"):
        download_model(VOSK_EN, models, url)  # the real checksum cannot match our little zip
    assert list(models.iterdir()) == []


def test_a_download_that_is_not_a_zip_keeps_nothing(served: tuple[str, str], tmp_path: Path) -> None:
    url, _ = served
    broken = url.replace("model.zip", "broken.zip")
    sha = hashlib.sha256(b"not a zip").hexdigest()
    with pytest.raises(DownloadError, match="not a zip archive"):
        download_model(replace(VOSK_EN, sha256=sha), tmp_path / "models", broken)
    assert list((tmp_path / "models").iterdir()) == []


def test_an_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="cannot download http://127.0.0.1:9/"):
        download_model(VOSK_EN, tmp_path, "http://127.0.0.1:9/model.zip")


def test_the_cli_reports_a_checksum_mismatch_in_one_line(served: tuple[str, str], tmp_path: Path) -> None:
    url, _ = served
    result = CliRunner().invoke(main, ["models", "download", "vosk-en", "--url", url, "--models-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("error: checksum mismatch")


def test_the_cli_refuses_an_unknown_model(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["models", "download", "whisper", "--models-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown model 'whisper'" in result.output


# -- Whisper: a folder of files, each pinned -------------------------------------------------------

WHISPER_TINY_EN = MODEL_SOURCES["whisper-tiny.en"]
WHISPER_FILES = {"model.bin": b"weights", "config.json": b"{}", "tokenizer.json": b"{}", "vocabulary.txt": b"a\n"}


def test_the_usual_whisper_sizes_can_be_downloaded() -> None:
    sizes = ["tiny", "tiny.en", "base", "base.en", "small", "small.en"]
    assert [name for name in MODEL_SOURCES if name.startswith("whisper-")] == [f"whisper-{s}" for s in sizes]


def test_the_whisper_sources_are_pinned_at_a_revision_with_every_files_checksum() -> None:
    assert WHISPER_TINY_EN.base_url == (
        "https://huggingface.co/Systran/faster-whisper-tiny.en/resolve/0d3d19a32d3338f10357c0889762bd8d64bbdeba"
    )
    assert sorted(WHISPER_TINY_EN.files) == sorted(WHISPER_FILES)


def test_the_tiny_en_pins_are_the_bundled_wheels_files() -> None:
    from assistant.stt.whisper.models import PACKAGED_MODELS

    assert dict(WHISPER_TINY_EN.files) == dict(PACKAGED_MODELS["tiny.en"].files)


@pytest.fixture
def whisper_served(tmp_path: Path) -> Iterator[tuple[str, FileSetSource]]:
    """(folder url, the tiny.en source pinned to these files) on a local HTTP server."""
    root = tmp_path / "www" / "tiny"
    root.mkdir(parents=True)
    for name, content in WHISPER_FILES.items():
        (root / name).write_bytes(content)
    pins = {name: hashlib.sha256(content).hexdigest() for name, content in WHISPER_FILES.items()}
    handler = partial(QuietHandler, directory=str(root.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/tiny", replace(WHISPER_TINY_EN, files=pins)
    server.shutdown()


def test_a_whisper_download_puts_every_file_in_its_folder(whisper_served: tuple[str, FileSetSource], tmp_path: Path) -> None:
    url, source = whisper_served
    path = download_model(source, tmp_path / "models", url)
    assert {p.name: p.read_bytes() for p in path.iterdir()} == WHISPER_FILES
    assert path == tmp_path / "models" / "faster-whisper-tiny.en"


def test_a_whisper_file_with_the_wrong_checksum_keeps_nothing_and_is_named(
    whisper_served: tuple[str, FileSetSource], tmp_path: Path
) -> None:
    url, source = whisper_served
    wrong = replace(source, files={**source.files, "tokenizer.json": "0" * 64})
    with pytest.raises(DownloadError, match=r"checksum mismatch for whisper-tiny.en \(tokenizer.json\)"):
        download_model(wrong, tmp_path / "models", url)
    assert list((tmp_path / "models").iterdir()) == []


def test_the_cli_downloads_a_whisper_size_from_a_mirror_and_refuses_its_real_pins(
    whisper_served: tuple[str, FileSetSource], tmp_path: Path
) -> None:
    url, _ = whisper_served
    args = ["models", "download", "whisper-tiny.en", "--url", url, "--models-dir", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.startswith("error: checksum mismatch for whisper-tiny.en")
