"""`assistant models`: which models the voice pipeline uses, and downloading the optional ones."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.common import EXIT_BAD_INPUT, fail

models_dir_option = click.option(
    "--models-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"), show_default=True
)


@click.group("models")
def command() -> None:
    """List and download speech models."""


@command.command("list")
@models_dir_option
def list_models(models_dir: Path) -> None:
    """What is available now and what can be downloaded."""
    from assistant.stt import find_vosk_model
    from assistant.stt.download import MODEL_SOURCES
    from assistant.stt.whisper.models import PACKAGED_MODELS, packaged_model_installed

    vosk = find_vosk_model(models_dir)
    click.echo(f"speech-to-text: {'Vosk ' + str(vosk) if vosk else 'pocketsphinx (bundled en-us; no Vosk model in ' + str(models_dir) + ')'}")
    for packaged in PACKAGED_MODELS.values():
        state = "installed" if packaged_model_installed(packaged.name) else f"not installed: {packaged.install}"
        click.echo(f"whisper {packaged.name}: bundled ({', '.join(packaged.packages)}) [{state}]")
    click.echo("wake words: okay_nabu, hey_jarvis, hey_mycroft, alexa (microWakeWord, bundled)")
    custom = sorted(p.stem for p in models_dir.glob("*.tflite")) if models_dir.is_dir() else []
    if custom:
        click.echo(f"custom wake words in {models_dir}: {', '.join(custom)}")
    for source in MODEL_SOURCES.values():
        state = "installed" if (models_dir / source.folder).is_dir() else "not installed"
        click.echo(f"{source.name}: {source.about} [{state}]")


@command.command("download")
@models_dir_option
@click.option("--url", help="Fetch from this URL (a mirror) instead; the checksum must still match.")
@click.argument("name")
def download(models_dir: Path, url: str | None, name: str) -> None:
    """Download NAME (vosk-en, whisper-tiny.en, whisper-base, whisper-small.en, ...; `assistant models
    list` lists them) into the models folder, checking its SHA-256."""
    from assistant.stt.download import MODEL_SOURCES, DownloadError, download_model

    source = MODEL_SOURCES.get(name)
    if source is None:
        fail(f"unknown model {name!r}: choose one of {', '.join(MODEL_SOURCES)}", EXIT_BAD_INPUT)
    try:
        path = download_model(source, models_dir, url)
    except DownloadError as exc:
        fail(str(exc))
    click.echo(f"{source.name}: {path}")
