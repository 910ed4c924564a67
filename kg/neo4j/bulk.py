"""CSV files for ``neo4j-admin database import full``: the bulk path into a new database.

`kg load` MERGEs batches through Bolt (about half a millisecond an item); Neo4j's import
tool writes the store files directly and is an order of magnitude faster, but only into
an empty (new or overwritten) database. The rows come from the loader's own row
builders (``node_rows`` / ``edge_rows``) and relationships are de-duplicated by the
loader's ``relationship_identity``, so both paths give the same graph: the same nodes,
labels, properties and relationships (tests/test_neo4j_bulk.py imports the files with
the real tool and compares).

Files (one header row each, the import tool's header syntax):

- ``nodes_Paper.csv``: ``id:ID(Paper)``, properties, ``:LABEL``
- ``nodes_Entity.csv``: ``key:ID(Entity)``, properties, ``:LABEL`` (Entity and its type)
- ``nodes_Repository.csv``: ``url:ID(Repository)``, ``:LABEL``
- ``rels_<Start>_<End>.csv``: ``:START_ID(<Start>)``, ``:END_ID(<End>)``, ``:TYPE``,
  the provenance properties (paper_id, sentence, rule, confidence)
- ``schema.cypher``: the constraints and indexes, to run once the database is started

Each label has its own ID space, so a paper id can never be mistaken for an entity key.
A property's type comes from its values (``string[]`` for lists, ``long``, ``double``,
``boolean``, else ``string``). A missing value (None) is an empty unquoted field, which
the tool skips, as ``SET n += {p: null}`` does; an empty string is quoted and kept.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from kg.errors import ConfigError
from kg.neo4j.loader import edge_rows, node_rows, relationship_identity
from kg.neo4j.schema import UNIQUE_KEYS, schema_text
from kg.types import NodeLabel, StructuralEdge

ARRAY_DELIMITER = "\u001f"
"""Between list elements (the ASCII unit separator: never in titles, names or sentences)."""
ARRAY_DELIMITER_OPTION = "U+001F"
SCHEMA_FILE = "schema.cypher"


@dataclass
class BulkFiles:
    """What `write_bulk_csv` wrote, and how to import it."""

    directory: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    node_count: int = 0
    relationship_count: int = 0

    @property
    def schema(self) -> Path:
        return self.directory / SCHEMA_FILE

    def import_arguments(self, database: str = "neo4j") -> list[str]:
        """The arguments after ``neo4j-admin`` (the tests run the tool with exactly these)."""
        return [
            "database",
            "import",
            "full",
            database,
            "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
            "--multiline-fields=true",
            *(f"--nodes={path}" for path in self.nodes),
            *(f"--relationships={path}" for path in self.relationships),
        ]

    def import_command(self, database: str = "neo4j", admin: str = "neo4j-admin") -> str:
        """The shell command, to run with the Neo4j server stopped."""
        return shlex.join([admin, *self.import_arguments(database)])


def make_export_dir(out: Path) -> None:
    """Create the export directory (and parents); ConfigError naming it when that fails."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the directory: {exc.strerror}",
            where=str(out),
            hint="choose a writable export directory",
        ) from None


def write_bulk_csv(graph: nx.MultiDiGraph, directory: str | Path) -> BulkFiles:
    """Write the graph as import-tool CSV files (and schema.cypher) into `directory`."""
    out = Path(directory).resolve()  # the import command runs from Neo4j's directory
    make_export_dir(out)
    files = BulkFiles(out)
    by_label: dict[NodeLabel, list[tuple[list[str], dict[str, Any]]]] = {}
    for (label, sublabel), rows in sorted(node_rows(graph).items(), key=str):
        labels = [label.value] + ([sublabel] if sublabel else [])
        by_label.setdefault(label, []).extend((labels, row) for row in rows)
    for label, labelled in by_label.items():
        path = out / f"nodes_{label.value}.csv"
        _write_nodes(path, label, labelled)
        files.nodes.append(path)
        files.node_count += len(rows)
    for (src, dst), rels in _relationships(graph).items():
        path = out / f"rels_{src.value}_{dst.value}.csv"
        _write_relationships(path, src, dst, rels)
        files.relationships.append(path)
        files.relationship_count += len(rels)
    files.schema.write_text(schema_text(), encoding="utf-8")
    return files


def _relationships(
    graph: nx.MultiDiGraph,
) -> dict[tuple[NodeLabel, NodeLabel], list[dict[str, Any]]]:
    """Relationship rows by (start label, end label), one per identity as MERGE makes them.

    The loader MERGEs on (type, start, end, paper_id), or (type, start, end) for
    VARIANT_OF, and ``SET r += props``: rows with the same identity become one
    relationship whose properties are the rows' merged in order. The same here.
    """
    merged: dict[tuple[NodeLabel, NodeLabel], dict[str, dict[str, Any]]] = {}
    for (src, rel, dst), rows in sorted(edge_rows(graph).items(), key=str):
        group = merged.setdefault((src, dst), {})
        for row in rows:
            ident = relationship_identity(rel.value, row["src"], row["dst"], row["paper_id"])
            if ident in group:
                group[ident]["props"].update(row["props"])
            else:
                props = dict(row["props"])
                if rel is not StructuralEdge.VARIANT_OF and row["paper_id"] is not None:
                    props.setdefault("paper_id", row["paper_id"])
                group[ident] = {**row, "type": rel.value, "props": props}
    return {pair: list(group.values()) for pair, group in merged.items()}


# -- the CSV dialect of the import tool ---------------------------------------------------
def _column_type(values: Iterable[Any]) -> str | None:
    """The import tool's type for a column's values; None when every value is missing."""
    kinds = {_kind(v) for v in values if v is not None}
    if not kinds:
        return None
    if kinds == {"long", "double"}:
        return "double"
    if len(kinds) > 1:
        return "string"  # mixed: written as text
    return kinds.pop()


def _kind(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "string[]"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _field(value: Any, kind: str | None, where: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        items = [str(item) for item in value]
        for item in items:
            if ARRAY_DELIMITER in item:
                raise ConfigError(
                    "a list value holds the array delimiter U+001F",
                    where=where,
                    hint="remove control characters from the input",
                )
        return _quote(ARRAY_DELIMITER.join(items))
    if kind in ("long", "double"):
        return repr(value) if kind == "double" else str(value)
    if kind == "boolean":
        return "true" if value else "false"
    return _quote(str(value))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _header(names: list[str], kinds: dict[str, str | None]) -> list[str]:
    return [name if kinds[name] in (None, "string") else f"{name}:{kinds[name]}" for name in names]


def _property_names(rows: Iterable[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row["props"]))
    return list(names)


def _write_lines(path: Path, lines: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as sink:
        _write_all(sink, lines)


def _write_all(sink: TextIO, lines: Iterator[str]) -> None:
    for line in lines:
        sink.write(line)
        sink.write("\n")


def _write_nodes(
    path: Path, label: NodeLabel, rows: list[tuple[list[str], dict[str, Any]]]
) -> None:
    key = UNIQUE_KEYS[label]
    names = [n for n in _property_names(row for _, row in rows) if n != key]
    kinds = {n: _column_type(row["props"].get(n) for _, row in rows) for n in names}
    header = [f"{key}:ID({label.value})", *_header(names, kinds), ":LABEL"]

    def lines() -> Iterator[str]:
        yield ",".join(header)
        for labels, row in rows:
            where = f"{label.value} {row['id']}"
            fields = [_quote(row["id"])]
            fields += [_field(row["props"].get(n), kinds[n], where) for n in names]
            fields.append(_quote(ARRAY_DELIMITER.join(labels)))  # labels: an array
            yield ",".join(fields)

    _write_lines(path, lines())


def _write_relationships(
    path: Path, src: NodeLabel, dst: NodeLabel, rows: list[dict[str, Any]]
) -> None:
    names = _property_names(rows)
    kinds = {n: _column_type(row["props"].get(n) for row in rows) for n in names}
    header = [f":START_ID({src.value})", f":END_ID({dst.value})", ":TYPE", *_header(names, kinds)]

    def lines() -> Iterator[str]:
        yield ",".join(header)
        for row in rows:
            where = f"{row['type']} {row['src']} -> {row['dst']}"
            fields = [_quote(row["src"]), _quote(row["dst"]), row["type"]]
            fields += [_field(row["props"].get(n), kinds[n], where) for n in names]
            yield ",".join(fields)

    _write_lines(path, lines())
