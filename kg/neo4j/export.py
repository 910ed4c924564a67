"""`kg export DIR --format F`: the graph as files, in the property graph model of Neo4j.

Every format but GraphML holds exactly what `kg load` writes: the same nodes (labels,
identifying key, properties) and relationships (type, ends, provenance), taken from the
loader's row builders.

- ``neo4j-admin``: CSV files for ``neo4j-admin database import full`` (kg.neo4j.bulk);
- ``jsonl``: ``nodes.jsonl`` (``{"id", "labels", "properties"}``) and ``edges.jsonl``
  (``{"type", "start", "end", "properties"}``), one object a line;
- ``csv``: ``nodes.csv`` (id, labels, name, type, title, papers) and ``edges.csv``
  (start, type, end, paper_id, sentence, rule, confidence): an edge list for pandas,
  spreadsheets or Gephi; list values are joined with ``; ``;
- ``graphml``: ``graph.graphml``, the networkx graph for Gephi, Cytoscape and yEd
  (as ``kg viz --format graphml`` writes it).

Node ids in jsonl and csv are ``Label:key`` (``Paper:arxiv:2106.09685``,
``Entity:bert``), unique across labels.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ConfigError
from kg.neo4j.bulk import make_export_dir
from kg.neo4j.loader import edge_rows, node_rows
from kg.types import EXPORT_FORMATS

FORMATS = EXPORT_FORMATS
CSV_NODE_COLUMNS = ("id", "labels", "name", "type", "title", "papers")
CSV_EDGE_COLUMNS = ("start", "type", "end", "paper_id", "sentence", "rule", "confidence")


@dataclass
class ExportReport:
    """The files written, the counts, and (neo4j-admin) the command that imports them."""

    format: str
    directory: Path
    files: list[Path] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    command: str | None = None
    schema: Path | None = None


def export_graph(
    graph: nx.MultiDiGraph, directory: str | Path, format: str, *, database: str = "neo4j"
) -> ExportReport:
    """Write ``graph`` into ``directory`` (created if missing) in ``format``."""
    writer = _WRITERS.get(format)
    if writer is None:
        raise ConfigError(
            f"unknown export format {format!r}",
            where="--format",
            hint=f"choose one of: {', '.join(FORMATS)}",
        )
    out = Path(directory)
    make_export_dir(out)
    return writer(graph, out, database)


def _neo4j_admin(graph: nx.MultiDiGraph, out: Path, database: str) -> ExportReport:
    from kg.neo4j.bulk import write_bulk_csv

    files = write_bulk_csv(graph, out)
    return ExportReport(
        "neo4j-admin",
        out,
        [*files.nodes, *files.relationships, files.schema],
        files.node_count,
        files.relationship_count,
        command=files.import_command(database),
        schema=files.schema,
    )


def _nodes(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for (label, sublabel), rows in sorted(node_rows(graph).items(), key=str):
        labels = [label.value] + ([sublabel] if sublabel else [])
        for row in rows:
            yield {
                "id": f"{label.value}:{row['id']}",
                "labels": labels,
                "properties": {k: v for k, v in row["props"].items() if v is not None},
            }


def _edges(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for (src, rel, dst), rows in sorted(edge_rows(graph).items(), key=str):
        for row in rows:
            yield {
                "type": rel.value,
                "start": f"{src.value}:{row['src']}",
                "end": f"{dst.value}:{row['dst']}",
                "properties": row["props"],
            }


def _jsonl(graph: nx.MultiDiGraph, out: Path, database: str) -> ExportReport:
    report = ExportReport("jsonl", out, [out / "nodes.jsonl", out / "edges.jsonl"])
    report.nodes = _write_jsonl(report.files[0], _nodes(graph))
    report.relationships = _write_jsonl(report.files[1], _edges(graph))
    return report


def _write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as sink:
        for record in records:
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv(graph: nx.MultiDiGraph, out: Path, database: str) -> ExportReport:
    report = ExportReport("csv", out, [out / "nodes.csv", out / "edges.csv"])
    nodes = ({"id": n["id"], "labels": n["labels"], **n["properties"]} for n in _nodes(graph))
    edges = (
        {"start": e["start"], "type": e["type"], "end": e["end"], **e["properties"]}
        for e in _edges(graph)
    )
    report.nodes = _write_csv(report.files[0], CSV_NODE_COLUMNS, nodes)
    report.relationships = _write_csv(report.files[1], CSV_EDGE_COLUMNS, edges)
    return report


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> int:
    from kg.viz.graphml import graphml_value  # lists joined with "; ", None as ""

    count = 0
    with path.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([graphml_value(row.get(column)) for column in columns])
            count += 1
    return count


def _graphml(graph: nx.MultiDiGraph, out: Path, database: str) -> ExportReport:
    from kg.viz.graphml import write_graphml

    path = out / "graph.graphml"
    write_graphml(graph, path)
    return ExportReport("graphml", out, [path], graph.number_of_nodes(), graph.number_of_edges())


_WRITERS: dict[str, Callable[[nx.MultiDiGraph, Path, str], ExportReport]] = {
    "neo4j-admin": _neo4j_admin,
    "jsonl": _jsonl,
    "csv": _csv,
    "graphml": _graphml,
}
