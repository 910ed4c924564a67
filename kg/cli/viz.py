"""`kg viz`: the stored graph as an interactive page, a picture, or GraphML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kg.api import KnowledgeGraph
from kg.cli._common import out, reports_errors

VIZ_HELP = "\n\n".join(
    [
        "Draw the stored graph: a self-contained interactive HTML page (works offline), "
        "an SVG or PNG picture, or GraphML for Gephi and Cytoscape.",
        "By default the page is an overview: the most-mentioned tasks and datasets, each "
        "with the models and methods related to it; generic terms (listed in "
        "extractors/overview_generic.txt, or shared by many tasks) are left out and no "
        "node is drawn alone. With --focus it shows one entity (or paper) and what lies "
        "within --hops relations of it. In the page: colour and shape give the type "
        "(legend, with checkboxes to filter), size the number of papers; hover a node or "
        "an edge for the evidence sentence and paper; the search box finds an entity.",
    ]
)


def register(app: typer.Typer) -> None:
    app.command("viz", help=VIZ_HELP)(viz)


@reports_errors
def viz(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="File to write; its suffix picks the format unless --format is given.",
        ),
    ] = Path("graph.html"),
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            help="Centre on this entity (name or alias, any case) or paper (id or title).",
            show_default=False,
        ),
    ] = None,
    hops: Annotated[
        int, typer.Option("--hops", min=0, help="With --focus: how many relations away to go.")
    ] = 2,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--types",
            help="Only these kinds: Model, Method, Dataset, Metric, Task, "
            "Paper (repeat or comma-separate; default: the five entity types).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="At most this many nodes, the most-mentioned (or "
            "nearest the focus) first; 0 = every entity of the chosen types. Default "
            "150; for graphml, the whole graph.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="html, svg, png or graphml (default: from the output's suffix).",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="Store directory (default: $KG_STORE, else ./.kg).", show_default=False
        ),
    ] = None,
) -> None:
    with KnowledgeGraph.open(store) as graph:
        graph.viz(output, format=format, focus=focus, hops=hops, types=types, limit=limit)
        assert graph.last_viz is not None
        description = graph.last_viz.description
    size = output.stat().st_size / 1024
    out.print(
        f"wrote {escape(str(output))} ({size:,.0f} KB): {escape(description)}", highlight=False
    )
