"""`kg papers`: read inputs, merge duplicates, report counts and what was skipped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn

from kg import api
from kg.cli._common import EXIT_SKIPPED, err, is_tty, reports_errors, warn, warn_skips

HELP = "\n\n".join(
    [
        "Read papers from files and directories and report what was read.",
        "INPUT is a file or a directory (read recursively, sorted by name). Formats: Hugging "
        "Face papers pages saved as text, JSONL, JSON, CSV/TSV with a header row, and arXiv "
        "Atom feeds, picked by extension or content. The same paper read several times is "
        "merged into one that lists all its sources. Each skipped file or record is "
        "reported on stderr as 'warning: path:line: reason'. Text that is not UTF-8 (nor "
        "UTF-16/32 with a BOM) is read as Windows-1252, with a warning.",
        "Exit codes: 0 when everything was read; 4 when some items were skipped but others "
        "were read; 2 when nothing could be read at all.",
    ]
)


def register(app: typer.Typer) -> None:
    app.command("papers", help=HELP)(papers)


@reports_errors
def papers(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="INPUT", help="Files or directories to read.", show_default=False),
    ],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print a JSON object: the counts, the skips and every paper."),
    ] = False,
) -> None:
    with _read_progress() as progress:
        result = api.read(inputs, progress=progress)
    report = result.report
    for note in report.notes:
        warn(escape(f"{note.where}: {note.message}"))
    warn_skips(report.skips)
    if as_json:
        typer.echo(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        typer.echo(_summary(result))
    result.require_papers()
    if report.skips:
        raise typer.Exit(EXIT_SKIPPED)


@contextmanager
def _read_progress() -> Iterator[Callable[[int], None] | None]:
    """A spinner with a running count on stderr, only when stderr is a terminal."""
    if not is_tty():
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("reading papers: {task.completed} entries"))
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("read", total=None)

        def advance(done: int) -> None:
            progress.update(task, completed=done)

        yield advance


def _summary(result: api.ReadResult) -> str:
    report = result.report
    lines = [
        f"entries read:       {report.entries}",
        f"distinct papers:    {len(result.papers)}",
        f"duplicates merged:  {result.duplicates}",
        f"files read:         {report.files_read}",
        f"skipped:            {report.skipped}",
    ]
    lines += [f"  {kind}: {count}" for kind, count in sorted(report.skipped_by_kind.items())]
    return "\n".join(lines)


def _as_json(result: api.ReadResult) -> dict[str, object]:
    report = result.report
    return {
        "entries": report.entries,
        "distinct_papers": len(result.papers),
        "duplicates_merged": result.duplicates,
        "files_read": report.files_read,
        "skipped": report.skipped,
        "skipped_by_kind": report.skipped_by_kind,
        "skips": [skip.model_dump() for skip in report.skips],
        "notes": [note.model_dump() for note in report.notes],
        "papers": [paper.model_dump(mode="json") for paper in result.papers],
    }
