"""Fetching a speech model into models/: download, check its SHA-256, unpack, then move in place.
A model is a zip archive (Vosk) or a set of files fetched one by one (Whisper's CTranslate2
folders, each file pinned at a repository revision).

Nothing is left behind on failure: a partial or corrupt download never looks like a model.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path


class DownloadError(Exception):
    """The model could not be fetched or failed its check; the message is one line."""


@dataclass(frozen=True)
class ModelSource:
    name: str
    url: str
    sha256: str
    folder: str  # the folder the archive unpacks to, under models/
    about: str


@dataclass(frozen=True)
class FileSetSource:
    """A model folder fetched file by file from `base_url`/<file name>, each file pinned."""

    name: str
    base_url: str
    files: Mapping[str, str]  # file name -> sha256
    folder: str  # the folder the files go to, under models/
    about: str


# Systran's CTranslate2 conversions of OpenAI's Whisper (MIT), pinned at a revision. The English-only
# sizes share one tokenizer and vocabulary; so do the multilingual ones.
_EN_FILES = {
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
_MULTILINGUAL_FILES = {
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
# size -> (revision, model.bin sha256, config.json sha256, approximate size)
_WHISPER_PINS: dict[str, tuple[str, str, str, str]] = {
    "tiny": ("d90ca5fe260221311c53c58e660288d3deb8d356",
             "dcb76c6586fc06cbdac6dd21f14cfd129cc4cdd9dce19bf4ffa62e59cbe6e6d1",
             "a73a28cdfe1c43ccc7202fa333d1f89c202477271407ae9a7f19afa52039cac8", "78 MB"),
    "tiny.en": ("0d3d19a32d3338f10357c0889762bd8d64bbdeba",
                "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
                "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5", "78 MB"),
    "base": ("ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66",
             "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
             "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a", "148 MB"),
    "base.en": ("3d3d5dee26484f91867d81cb899cfcf72b96be6c",
                "2a166925539a16005f14ff328359f9b9adb9dc4fb631bb3b227526862e93e2ef",
                "f3bc3821e9fc76a27bae538e11ae5b677dcdd352b4600429ce7951d398569aeb", "148 MB"),
    "small": ("536b0662742c02347bc0e980a01041f333bce120",
              "3e305921506d8872816023e4c273e75d2419fb89b24da97b4fe7bce14170d671",
              "b55496ac7940a7ae47d2c01eab40edfd8701feec1229d9cce3b40014383fb828", "486 MB"),
    "small.en": ("d1d751a5f8271d482d14ca55d9e2deeebbae577f",
                 "62b2a45b05ee59acb4a5341b33ee35e041395d378d418a18acfe4c9e768ee37a",
                 "666a9605530ac1f61fa8177f3702b4dacec9966749e42610839fcc32661d5fae", "486 MB"),
}


def _whisper_source(size: str) -> FileSetSource:
    revision, model_sha, config_sha, megabytes = _WHISPER_PINS[size]
    english = size.endswith(".en")
    return FileSetSource(
        name=f"whisper-{size}",
        base_url=f"https://huggingface.co/Systran/faster-whisper-{size}/resolve/{revision}",
        files={"model.bin": model_sha, "config.json": config_sha, **(_EN_FILES if english else _MULTILINGUAL_FILES)},
        folder=f"faster-whisper-{size}",
        about=f"Whisper {size} ({megabytes}, MIT, CTranslate2){'' if english else ', multilingual'}: "
        f"the open speech-to-text engine (stt: whisper, model: {size})",
    )


MODEL_SOURCES: dict[str, ModelSource | FileSetSource] = {
    "vosk-en": ModelSource(
        name="vosk-en",
        url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        folder="vosk-model-small-en-us-0.15",
        about="Vosk small US English (40 MB, Apache-2.0): the primary speech-to-text engine",
    ),
    **{f"whisper-{size}": _whisper_source(size) for size in _WHISPER_PINS},
}

CHUNK_BYTES = 1 << 20


def _fetch(url: str, into: Path, progress: Callable[[int], None] | None) -> str:
    """Stream `url` into a file; the SHA-256 of what arrived."""
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=30) as response, into.open("wb") as out:
            while block := response.read(CHUNK_BYTES):
                digest.update(block)
                out.write(block)
                if progress:
                    progress(len(block))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DownloadError(f"cannot download {url}: {reason}") from None
    return digest.hexdigest()


def _mismatch(what: str, expected: str, actual: str) -> DownloadError:
    return DownloadError(f"checksum mismatch for {what}: expected sha256 {expected}, got {actual}; nothing was kept")


def download_model(
    source: ModelSource | FileSetSource,
    models_dir: Path,
    url: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """The unpacked model folder; raises DownloadError. `url` overrides the source's (a mirror:
    the archive's URL, or for a file set the folder URL its files are under)."""
    target = models_dir / source.folder
    if target.is_dir():
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as scratch:
        if isinstance(source, FileSetSource):
            _download_files(source, Path(scratch) / source.folder, url or source.base_url, progress)
            shutil.move(str(Path(scratch) / source.folder), str(target))
            return target
        archive = Path(scratch) / "model.zip"
        actual = _fetch(url or source.url, archive, progress)
        if actual != source.sha256:
            raise _mismatch(source.name, source.sha256, actual)
        unpacked = Path(scratch) / "unpacked"
        try:
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(unpacked)
        except zipfile.BadZipFile as exc:
            raise DownloadError(f"{source.name}: the download is not a zip archive ({exc})") from None
        inside = unpacked / source.folder
        if not inside.is_dir():
            raise DownloadError(f"{source.name}: the archive has no folder {source.folder}")
        shutil.move(str(inside), str(target))
    return target


def _download_files(source: FileSetSource, into: Path, base_url: str, progress: Callable[[int], None] | None) -> None:
    into.mkdir()
    for name, expected in source.files.items():
        actual = _fetch(f"{base_url.rstrip('/')}/{name}", into / name, progress)
        if actual != expected:
            raise _mismatch(f"{source.name} ({name})", expected, actual)
