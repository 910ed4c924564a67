"""`kg extract`: read papers, run the extraction pipeline, write one JSON object a paper."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import EXIT_SKIPPED, err, reports_errors, require_papers, warn_skips
from kg.errors import ConfigError
from kg.readers import ReadReport, merge_papers, read_papers

HELP = "\n\n".join(
    [
        "Extract entities, contributions, relations and URLs from papers into JSONL.",
        "INPUT is a file or directory in any format `kg papers` reads; the same paper read "
        "twice is extracted once. Each output line is one paper: id, title, abstract, "
        "entities (name, type, aliases, family, mentions with their evidence), proposes, "
        "relations (head, type, tail, evidence) and urls, the format "
        "eval/score.py reads. A summary goes to stderr.",
        "Exit codes: 0 when everything was read; 4 when some input items were skipped; "
        "2 when nothing could be read.",
    ]
)


ENGINE_HELP = (
    "Where extraction runs: local (this machine's processes) or ray (a Ray cluster; "
    "needs kg-papergraph\\[ray]). With ray, --processes is the number of actors."
)
ADDRESS_HELP = (
    "Ray cluster to join (e.g. ray://HOST:10001 or HOST:6379); default: start a local "
    "Ray with --processes CPUs."
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
    from kg.extraction import build_nlp
    from kg.extraction.engines import check_engine, run_extraction

    check_engine(engine, address)
    report = ReadReport()
    papers = merge_papers(read_papers(inputs, report))
    warn_skips(report.skips)
    require_papers(len(papers), inputs, report.skipped)
    try:
        sink = output.open("w", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot write: {exc.strerror}", where=str(output), hint="choose a writable path for -o"
        ) from None
    n_entities = n_relations = 0
    # Workers (processes or Ray actors) load their own pipeline.
    nlp = build_nlp(model) if processes == 1 and engine == "local" else None
    started = time.perf_counter()
    with sink:
        for result in run_extraction(
            papers,
            engine=engine,
            nlp=nlp,
            workers=processes,
            batch_size=batch_size,
            model=model,
            address=address,
        ):
            n_entities += len(result.entities)
            n_relations += len(result.relations)
            sink.write(result.model_dump_json() + "\n")
    seconds = time.perf_counter() - started
    err.print(
        f"papers: {len(papers)}  entities: {n_entities}  relations: {n_relations}  "
        f"papers/s: {len(papers) / seconds:.0f} (pipeline load excluded)  -> {output}",
        highlight=False,
    )
    if report.skips:
        raise typer.Exit(EXIT_SKIPPED)
