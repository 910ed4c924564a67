"""schema/constraints.cypher is the text generated from kg.types."""

from __future__ import annotations

from pathlib import Path

from kg.neo4j.schema import UNIQUE_KEYS, read_schema_file, schema_statements, schema_text
from kg.types import NodeLabel, RelationType, StructuralEdge

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "constraints.cypher"


def test_schema_file_is_the_generated_text():
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "regenerate: python -m kg.neo4j.schema > schema/constraints.cypher"
    )
    assert read_schema_file(SCHEMA) == schema_statements()


def test_schema_covers_every_label_and_relationship_type():
    text = schema_text()
    assert set(UNIQUE_KEYS) == set(NodeLabel)
    for label, prop in UNIQUE_KEYS.items():
        assert f"FOR (n:{label.value}) REQUIRE n.{prop} IS UNIQUE" in text
    for rel in [*RelationType, *StructuralEdge]:
        assert f"FOR ()-[r:{rel.value}]-() ON (r.paper_id)" in text
    assert all("IF NOT EXISTS" in s for s in schema_statements())
