"""Fetching a speech model into models/: download, check its SHA-256, unpack, then move in place.

Nothing is left behind on failure: a partial or corrupt download never looks like a model.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
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


MODEL_SOURCES: dict[str, ModelSource] = {
    "vosk-en": ModelSource(
        name="vosk-en",
        url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        folder="vosk-model-small-en-us-0.15",
        about="Vosk small US English (40 MB, Apache-2.0): the primary speech-to-text engine",
    ),
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


def download_model(
    source: ModelSource, models_dir: Path, url: str | None = None, progress: Callable[[int], None] | None = None
) -> Path:
    """The unpacked model folder; raises DownloadError. `url` overrides the source's (a mirror)."""
    target = models_dir / source.folder
    if target.is_dir():
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as scratch:
        archive = Path(scratch) / "model.zip"
        actual = _fetch(url or source.url, archive, progress)
        if actual != source.sha256:
            raise DownloadError(
                f"checksum mismatch for {source.name}: expected sha256 {source.sha256}, got {actual}; nothing was kept"
            )
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
