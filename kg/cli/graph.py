"""`kg build`, `kg stats`, `kg remove`, `kg load`: the graph in the store and in Neo4j."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg import api
from kg.api import BuildReport, KnowledgeGraph
from kg.cli import render
from kg.cli._common import (
    ADDRESS_HELP,
    ENGINE_HELP,
    EXIT_SKIPPED,
    StoreOption,
    UriOption,
    UserOption,
    credentials,
    err,
    is_tty,
    out,
    reports_errors,
    warn_skips,
)

BUILD_HELP = "\n\n".join(
    [
        "Read papers, extract the new or changed ones, and store the graph (no server needed).",
        "INPUT is a file or a directory in any format `kg papers` reads. Duplicates are "
        "merged. Papers already in the store with the same title, abstract and extractor "
        "version are not extracted again, so building again with more inputs only extracts "
        "what is new. With --neo4j the graph is then loaded into Neo4j (see `kg load`).",
        "Exit codes: 0 when everything was read; 4 when some input items were skipped; "
        "2 when nothing could be read; 3 when Neo4j fails.",
    ]
)
LOAD_HELP = "\n\n".join(
    [
        "Load the store's graph into Neo4j (after building from INPUTs, if given).",
        "Constraints and indexes first, then batched MERGE writes: loading twice changes "
        "nothing. Connection from --uri/--user or NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD; "
        "the password is asked for when it is not in the environment and a terminal is "
        "attached.",
    ]
)


def register(app: typer.Typer) -> None:
    app.command("build", help=BUILD_HELP)(build_command)
    app.command("stats", help="Summarise the stored graph: papers, entities, relations.")(stats)
    app.command(
        "remove", help="Remove a paper, its edges and every entity no other paper supports."
    )(remove)
    app.command("load", help=LOAD_HELP)(load)


@reports_errors
def build_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="INPUT", help="Files or directories to read.", show_default=False),
    ],
    store: StoreOption = None,
    neo4j: bool = typer.Option(False, "--neo4j", help="Also load the graph into Neo4j."),
    processes: int = typer.Option(
        1, "--processes", "-p", min=1, help="Extraction processes (spaCy n_process)."
    ),
    uri: UriOption = None,
    user: UserOption = None,
    engine: str = typer.Option("local", "--engine", help=ENGINE_HELP),
    address: str | None = typer.Option(None, "--address", help=ADDRESS_HELP, show_default=False),
) -> None:
    papers = api.read(inputs)
    warn_skips(papers.skips)
    with _extract_progress() as progress:  # no papers: an error before the store is made
        graph = api.build(
            papers,
            store=store,
            processes=processes,
            progress=progress,
            engine=engine,
            address=address,
        )
    report = graph.last_build
    assert report is not None
    typer.echo(_build_summary(report, graph))
    if neo4j:
        _load(graph, uri, user)
    if report.skips:
        raise typer.Exit(EXIT_SKIPPED)


def _build_summary(report: BuildReport, graph: KnowledgeGraph) -> str:
    stats = graph.stats()
    return "\n".join(
        [
            f"entries read:        {report.entries_read}",
            f"skipped items:       {report.skipped}",
            f"duplicates merged:   {report.duplicates}",
            f"papers:              {report.papers}",
            f"extracted:           {report.extracted} (new or changed)",
            f"unchanged:           {report.unchanged}",
            f"papers in store:     {report.in_store}  ({graph.path})",
            f"entities:            {stats['entities']}",
            f"relations:           {stats['relations']}",
            f"repositories:        {stats['repositories']}",
            f"pruned:              {_pruned(report.pruned)} (in the papers extracted)",
        ]
    )


def _counts(by_reason: dict[str, int]) -> str:
    return ", ".join(f"{why}: {n}" for why, n in by_reason.items()) or "none"


def _pruned(by_reason: dict[str, int]) -> str:
    """Pruning counts by kind ("classifier", "relation USES"); --json has every reason."""
    kinds: dict[str, int] = {}
    for reason, n in by_reason.items():
        kind = reason.split(":", 1)[0]
        kinds[kind] = kinds.get(kind, 0) + n
    return _counts(dict(sorted(kinds.items(), key=lambda item: -item[1])))


@contextmanager
def _extract_progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for extraction, only when stderr is a terminal."""
    if not is_tty():
        yield None
        return
    columns = (
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("extract", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@contextmanager
def _load_progress(graph: KnowledgeGraph) -> Iterator[Callable[[str, int], None] | None]:
    """A progress bar on stderr for loading into Neo4j, only when stderr is a terminal."""
    if not is_tty():
        yield None
        return
    total = graph.stats()["nodes"] + graph.stats()["edges"]
    columns = (TextColumn("loading {task.fields[what]}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("load", total=total, what="")

        def advance(what: str, rows: int) -> None:
            bar.update(task, advance=rows, what=what)

        yield advance


@reports_errors
def stats(
    store: StoreOption = None,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as a JSON object."),
) -> None:
    with KnowledgeGraph.open(store) as graph:
        summary = graph.stats()
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    lines = render.stats_lines(summary, out.width)
    if summary.get("pruned"):
        lines += render.wrapped_line("pruned:        ", _pruned(summary["pruned"]), out.width)
    typer.echo("\n".join(lines))


@reports_errors
def remove(
    paper_id: str = typer.Argument(
        ...,
        metavar="PAPER_ID",
        help="Id of the paper (e.g. arxiv:2106.09685).",
        show_default=False,
    ),
    store: StoreOption = None,
    neo4j: bool = typer.Option(False, "--neo4j", help="Remove it from Neo4j too."),
    uri: UriOption = None,
    user: UserOption = None,
) -> None:
    with KnowledgeGraph.open(store) as graph:
        before = graph.stats()
        removed = graph.remove(
            paper_id, neo4j=neo4j, uri=uri, auth=credentials(user) if neo4j else None
        )
        after = graph.stats()
    typer.echo(
        f"removed {removed.id} ({removed.title}): "
        f"{before['entities'] - after['entities']} entities, "
        f"{before['edges'] - after['edges']} edges" + (" (store and Neo4j)" if neo4j else "")
    )


@reports_errors
def load(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="INPUT", help="Build from these first (as `kg build`).", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
) -> None:
    if inputs:
        papers = api.read(inputs)
        warn_skips(papers.skips)
        with _extract_progress() as progress:
            graph = api.build(papers, store=store, progress=progress)
    else:
        graph = KnowledgeGraph.open(store)
    with graph:
        _load(graph, uri, user)
    if inputs and graph.last_build and graph.last_build.skips:
        raise typer.Exit(EXIT_SKIPPED)


def _load(graph: KnowledgeGraph, uri: str | None, user: str | None) -> None:
    with _load_progress(graph) as progress:
        written = graph.to_neo4j(uri, credentials(user), progress=progress)
    typer.echo(
        f"loaded into Neo4j: {written['nodes']} nodes, {written['relationships']} relationships"
    )
