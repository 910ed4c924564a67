"""`kg export DIR --format F`: the stored graph as files (bulk import CSV, JSONL, CSV, GraphML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.api import KnowledgeGraph
from kg.cli._common import StoreOption, reports_errors
from kg.types import EXPORT_FORMATS

HELP = "\n\n".join(
    [
        "Write the store's graph into DIR as files.",
        "neo4j-admin: node and relationship CSV files for `neo4j-admin database import "
        "full` (the fast path into a new Neo4j database; the import command is printed) "
        "and schema.cypher (constraints and indexes, to run once the server is up). "
        "jsonl: nodes.jsonl and edges.jsonl. csv: nodes.csv and edges.csv (an edge list). "
        "graphml: graph.graphml for Gephi, Cytoscape and yEd. The nodes, labels, "
        "properties and relationships are the ones `kg load` writes.",
    ]
)


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP)(export)


@reports_errors
def export(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Directory to write (created if missing).", show_default=False
        ),
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)}.")
    ] = "neo4j-admin",
    database: Annotated[
        str, typer.Option("--database", help="Database the printed import command creates.")
    ] = "neo4j",
    store: StoreOption = None,
) -> None:
    with KnowledgeGraph.open(store) as graph:
        report = graph.export(directory, format, database=database)
    typer.echo(
        f"exported {report.nodes} nodes and {report.relationships} relationships "
        f"as {report.format} into {report.directory}"
    )
    for path in report.files:
        typer.echo(f"  {path}")
    if report.command:
        typer.echo(
            "\nWith the Neo4j server stopped, import into a new database "
            f"(replaces {database!r}):\n  {report.command}"
        )
        typer.echo(
            f"Then start the server and create the indexes:\n"
            f"  cypher-shell -d {database} -f {report.schema}"
        )
