"""`assistant parse`: what a sentence means for this home, as commands; publishes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import click

from assistant.cli.common import EXIT_BAD_INPUT, config_option, describe_command, fail, load_home_or_exit, understand_option
from assistant.commands import ParseResult
from assistant.config.schema import UnderstandMode
from assistant.understanding import SentencesError, Understander, build_understander


@click.command("parse")
@config_option
@click.option("--area", default=None, help="The microphone's area (default: devices.yaml's assistant.area).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@understand_option
@click.option("--intents", "intents_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None, help="A folder of extra sentence files (default: intents/ next to devices.yaml).")
@click.option("--batch", "batch_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None, help="A JSONL file of {id, text, area} lines.")
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Where --batch writes its JSONL answers (default: standard output).")
@click.argument("text", nargs=-1)
def command(
    config_path: Path,
    area: str | None,
    as_json: bool,
    mode: UnderstandMode | None,
    intents_dir: Path | None,
    batch_path: Path | None,
    output_path: Path | None,
    text: tuple[str, ...],
) -> None:
    """Print the commands TEXT means for this home (nothing is published)."""
    if batch_path is None and not text:
        fail("give a sentence to parse, or --batch FILE", EXIT_BAD_INPUT)
    if batch_path is not None and text:
        fail("give either a sentence or --batch FILE, not both", EXIT_BAD_INPUT)
    home = load_home_or_exit(config_path)
    try:
        understander = build_understander(home, intents_dir, mode)
    except SentencesError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if understander.templates is None and understander.llm is None:
        fail(f"the language model is unavailable: {understander.llm_problem}")
    default_area = area or home.data.assistant.area
    if batch_path is not None:
        _run_batch(understander, batch_path, output_path, default_area)
        return
    result = understander.parse(" ".join(text), default_area)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _print_result(result)


def _print_result(result: ParseResult) -> None:
    if not result.commands:
        click.echo(f"no command: {result.reason} ({result.handled_by}, {result.ms:.1f} ms)")
        return
    for cmd in result.commands:
        confirm = " (asks first)" if cmd in result.needs_confirmation else ""
        click.echo(f"{describe_command(cmd)}{confirm}")
    click.echo(f"({result.handled_by}, {result.ms:.1f} ms)", err=True)


def _read_batch(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"{path}:{number}: not JSON: {exc.msg}", EXIT_BAD_INPUT)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            fail(f"{path}:{number}: each line needs a JSON object with a \"text\" string", EXIT_BAD_INPUT)
        records.append(record)
    return records


def _run_batch(understander: Understander, batch_path: Path, output_path: Path | None, default_area: str | None) -> None:
    records = _read_batch(batch_path)
    # click 8.5 deprecated get_text_stream and serves it from a module __getattr__ typed `-> object`
    stream: IO[str] = output_path.open("w", encoding="utf-8") if output_path else click.get_text_stream("stdout")  # type: ignore[operator]
    with stream as out:
        for record in records:
            area = record["area"] if "area" in record else default_area
            result = understander.parse(record["text"], area)
            answer = {
                "id": record.get("id"),
                "commands": [c.to_dict() for c in result.commands],
                "handled_by": result.handled_by,
                "reason": result.reason,
                "ms": round(result.ms, 3),
                "needs_confirmation": [c.to_dict() for c in result.needs_confirmation],
            }
            out.write(json.dumps(answer, ensure_ascii=False) + "\n")
