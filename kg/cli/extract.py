"""`kg extract`: read papers, run the extraction pipeline, write one JSON object a paper."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg import api
from kg.cli._common import ADDRESS_HELP, ENGINE_HELP, EXIT_SKIPPED, err, reports_errors, warn_skips

HELP = "\n\n".join(
    [
        "Extract entities, contributions, relations and URLs from papers into JSONL.",
        "INPUT is a file or directory in any format `kg papers` reads; the same paper read "
        "twice is extracted once. Each output line is one paper: id, title, abstract, "
        "entities (name, type, aliases, family, mentions with their evidence), proposes, "
        "relations (head, type, tail, evidence), urls, results (reported figures: "
        "subject, metric, dataset, task, value, unit, kind, compared_to, evidence) and "
        "pruned (what extraction dropped or retyped, counted by reason), the format "
        "eval/score.py reads. A summary goes to stderr.",
        "Exit codes: 0 when everything was read; 4 when some input items were skipped; "
        "2 when nothing could be read.",
    ]
)


def register(app: typer.Typer) -> None:
    app.command("extract", help=HELP)(extract)


@reports_errors
def extract(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="INPUT", help="Files or directories to read.", show_default=False),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The JSONL file to write.", show_default=False)
    ],
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="A spaCy pipeline to start from, e.g. en_core_web_sm "
            "(default: blank English, the fastest).",
        ),
    ] = None,
    processes: Annotated[int, typer.Option("--processes", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Papers per spaCy batch.")
    ] = 64,
    engine: Annotated[str, typer.Option("--engine", help=ENGINE_HELP)] = "local",
    address: Annotated[
        str | None, typer.Option("--address", help=ADDRESS_HELP, show_default=False)
    ] = None,
) -> None:
    papers = api.read(inputs)
    warn_skips(papers.skips)
    report = api.extract_to_file(
        papers,
        output,
        model=model,
        processes=processes,
        batch_size=batch_size,
        engine=engine,
        address=address,
    )
    err.print(
        f"papers: {report.papers}  entities: {report.entities}  relations: {report.relations}  "
        f"papers/s: {report.papers_per_second:.0f} (pipeline load excluded)  -> {output}",
        highlight=False,
    )
    if report.skips:
        raise typer.Exit(EXIT_SKIPPED)
