"""The Neo4j graph schema (constraints and indexes), derived from kg.types.

``schema/constraints.cypher`` is the declarative copy users read and run themselves
(cypher-shell); a test checks it equals ``schema_text()``, so it cannot drift from the
types. Regenerate with ``python -m kg.neo4j.schema > schema/constraints.cypher``.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import ConfigError
from kg.resources import data_dir
from kg.types import NodeLabel, RelationType, ResultEdge, StructuralEdge

SCHEMA_FILE = "constraints.cypher"

UNIQUE_KEYS: dict[NodeLabel, str] = {
    NodeLabel.PAPER: "id",
    NodeLabel.ENTITY: "key",
    NodeLabel.REPOSITORY: "url",
    NodeLabel.RESULT: "key",
}
"""The property that identifies a node of each label (MERGE key)."""

ENTITY_INDEXED = ("name", "type", "family")
"""Entity properties the canned questions look up by value."""

RESULT_INDEXED = ("paper_id", "kind")
"""Result properties looked up by value."""

ALIAS_INDEX = "entity_alias_keys"
"""The full-text index over Entity.alias_keys (queries/_resolve-entity.cypher uses it)."""

_HEADER = """\
// kg graph schema for Neo4j 5: uniqueness constraints and indexes.
// Generated from kg/types.py by `python -m kg.neo4j.schema`; do not edit by hand
// (tests/test_graph_schema.py checks this file against the types).
// Every statement is idempotent (IF NOT EXISTS); `kg load` runs them before loading.
"""


def schema_statements() -> list[str]:
    """Every constraint and index statement, in the order they are applied.

    >>> schema_statements()[0]
    'CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE'
    """
    statements = [
        f"CREATE CONSTRAINT {label.value.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.{prop} IS UNIQUE"
        for label, prop in UNIQUE_KEYS.items()
    ]
    statements += [
        f"CREATE INDEX entity_{prop} IF NOT EXISTS FOR (n:Entity) ON (n.{prop})"
        for prop in ENTITY_INDEXED
    ]
    # Resolving a name finds the entities listing it among their alias_keys: a
    # full-text index with the keyword analyzer (one exact term per list element) finds
    # them without reading every entity's list; range indexes cannot look into lists.
    statements.append(
        f"CREATE FULLTEXT INDEX {ALIAS_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH "
        "[n.alias_keys] OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}"
    )
    # Leaderboards look results up by paper and kind; removing a paper finds its results.
    statements += [
        f"CREATE INDEX result_{prop} IF NOT EXISTS FOR (n:Result) ON (n.{prop})"
        for prop in RESULT_INDEXED
    ]
    # Removing a paper finds its relationships by paper_id: one index per type.
    for rel in [*RelationType, *StructuralEdge, *ResultEdge]:
        statements.append(
            f"CREATE INDEX rel_{rel.value.lower()}_paper_id IF NOT EXISTS "
            f"FOR ()-[r:{rel.value}]-() ON (r.paper_id)"
        )
    return statements


def schema_text() -> str:
    return _HEADER + "".join(f"{s};\n" for s in schema_statements())


def read_schema_file(path: Path | None = None) -> list[str]:
    """The statements of schema/constraints.cypher (comments and blank lines dropped)."""
    path = path or data_dir("schema") / SCHEMA_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the graph schema: {exc}", where=str(path)) from exc
    body = "\n".join(
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("//")
    )
    return [s.strip() for s in body.split(";") if s.strip()]


if __name__ == "__main__":
    print(schema_text(), end="")
