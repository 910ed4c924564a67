"""Write the graph into Neo4j: the one module (besides queries/) with write Cypher.

- Constraints and indexes first (schema/constraints.cypher, derived from kg.types).
- Batched ``UNWIND $rows AS row MERGE ...`` in managed write transactions
  (``session.execute_write`` retries transient errors).
- Labels and relationship types come only from the kg.types enums (validated before
  they are put into a query); every value travels as a parameter.
- MERGE on the unique keys and SET of the properties: loading twice changes nothing.

Node labels: ``:Paper {id}``, ``:Entity:<EntityType> {key}``, ``:Repository {url}``;
properties and relationships as in the graph format of kg.graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
from neo4j import Driver
from neo4j import exceptions as neo4j_errors

from kg.neo4j.connection import translated_errors
from kg.neo4j.schema import UNIQUE_KEYS, read_schema_file
from kg.types import EntityType, NodeLabel, RelationType, ResultEdge, StructuralEdge

BATCH_SIZE = 5000  # rows per write transaction: the commit dominates small ones
_NODE_PROPS: dict[NodeLabel, tuple[str, ...]] = {
    NodeLabel.PAPER: ("title", "url", "arxiv_id", "date"),
    NodeLabel.ENTITY: ("name", "type", "aliases", "alias_keys", "family", "papers", "merged"),
    NodeLabel.REPOSITORY: (),
    NodeLabel.RESULT: (
        "paper_id",
        "subject",
        "value",
        "number",
        "unit",
        "kind",
        "metric",
        "dataset",
        "task",
        "compared_to",
        "lower_is_better",
        "sentence",
        "start",
        "end",
    ),
}
_EDGE_PROPS = ("paper_id", "sentence", "rule", "confidence", "kind", "why")
_TYPE_LABELS = ":".join(t.value for t in EntityType)

Progress = Callable[[str, int], None]
"""Called with (what, how many rows were just written)."""


def _write(driver: Driver, query: str, database: str | None, **params: Any) -> None:
    def work(tx: Any) -> None:
        tx.run(query, **params).consume()

    with driver.session(database=database) as session:
        session.execute_write(work)


def _read(driver: Driver, query: str, database: str | None, **params: Any) -> list[dict[str, Any]]:
    def work(tx: Any) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query, **params)]

    with driver.session(database=database) as session:
        return session.execute_read(work)


def apply_schema(driver: Driver, database: str | None = None) -> int:
    """Create the constraints and indexes (idempotent); returns how many statements ran."""
    statements = read_schema_file()
    for statement in statements:
        # One managed transaction per statement (schema commands cannot share one); the
        # driver retries it on transient errors, such as the deadlock a concurrent load
        # holding the label's lock causes.
        with driver.session(database=database) as session:
            try:
                session.execute_write(_run_statement, statement)
            except neo4j_errors.ClientError as exc:
                if exc.code not in _ALREADY_EXISTS:  # a concurrent load made it first: fine
                    raise
    # New indexes fill in the background: wait, so that the load's MERGEs are planned
    # with them and questions asked right after find them online (instant when they are).
    with driver.session(database=database) as session:
        session.execute_read(_run_statement, f"CALL db.awaitIndexes({INDEX_WAIT_SECONDS})")
    return len(statements)


INDEX_WAIT_SECONDS = 300


_ALREADY_EXISTS = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
    }
)


def _run_statement(tx: Any, statement: str) -> None:
    tx.run(statement).consume()


# -- rows -----------------------------------------------------------------------------
def _node_identity(attrs: dict[str, Any]) -> tuple[NodeLabel, str]:
    label = NodeLabel(attrs["label"])
    return label, attrs[UNIQUE_KEYS[label]]


def node_rows(graph: nx.MultiDiGraph) -> dict[tuple[NodeLabel, str | None], list[dict[str, Any]]]:
    """Rows per (label, entity type label or None)."""
    rows: dict[tuple[NodeLabel, str | None], list[dict[str, Any]]] = defaultdict(list)
    for _, attrs in graph.nodes(data=True):
        label, ident = _node_identity(attrs)
        props = {p: _stored(attrs.get(p)) for p in _NODE_PROPS[label]}
        sublabel = EntityType(attrs["type"]).value if label is NodeLabel.ENTITY else None
        rows[label, sublabel].append({"id": ident, "props": props})
    return rows


def _stored(value: Any) -> Any:
    """The value as Neo4j keeps it: an empty list is no property at all (None).

    Neo4j cannot tell an empty list's element type, and its bulk importer stores none,
    so `kg load` does the same and both paths give one graph (queries coalesce lists).
    """
    return None if isinstance(value, list | tuple) and not value else value


def _edge_type(value: str) -> RelationType | StructuralEdge | ResultEdge:
    """The enum member for a relationship type; ValueError for anything else."""
    for enum in (StructuralEdge, ResultEdge):
        if value in enum.__members__.values():
            return enum(value)
    return RelationType(value)


def edge_rows(
    graph: nx.MultiDiGraph,
) -> dict[tuple[NodeLabel, RelationType | StructuralEdge, NodeLabel], list[dict[str, Any]]]:
    rows: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, attrs in graph.edges(data=True):
        src_label, src_id = _node_identity(graph.nodes[src])
        dst_label, dst_id = _node_identity(graph.nodes[dst])
        props = {p: attrs[p] for p in _EDGE_PROPS if p in attrs}
        rows[src_label, _edge_type(attrs["type"]), dst_label].append(
            {"src": src_id, "dst": dst_id, "paper_id": attrs.get("paper_id"), "props": props}
        )
    return rows


# -- queries (labels and types only from the enums) -------------------------------------
def node_query(label: NodeLabel, sublabel: str | None) -> str:
    label = NodeLabel(label)
    query = (
        f"UNWIND $rows AS row MERGE (n:{label.value} {{{UNIQUE_KEYS[label]}: row.id}}) "
        "SET n += row.props"
    )
    if label is NodeLabel.ENTITY and sublabel is not None:
        query += f" REMOVE n:{_TYPE_LABELS} SET n:{EntityType(sublabel).value}"
    return query


def edge_query(src: NodeLabel, rel: RelationType | StructuralEdge, dst: NodeLabel) -> str:
    src, dst = NodeLabel(src), NodeLabel(dst)
    kind = _edge_type(rel.value)
    one_per_pair = kind is StructuralEdge.VARIANT_OF
    merge_props = "" if one_per_pair else " {paper_id: row.paper_id}"
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{src.value} {{{UNIQUE_KEYS[src]}: row.src}}) "
        f"MATCH (b:{dst.value} {{{UNIQUE_KEYS[dst]}: row.dst}}) "
        f"MERGE (a)-[r:{kind.value}{merge_props}]->(b) SET r += row.props"
    )


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


Statement = tuple[str, str, str, list[dict[str, Any]]]
"""(kind, what, query, rows): one UNWIND statement of a transaction."""


def _transactions(work: list[Statement], size: int) -> Iterator[list[Statement]]:
    """The statements grouped into transactions of at most `size` rows each.

    Consecutive statements share a transaction (several node labels or relationship
    types in one commit: the commit, not the rows, is most of a small batch's cost), but
    nodes and relationships never do, so every node is committed before the
    relationships that need it and an interrupted load leaves whole transactions.
    """
    chunk: list[Statement] = []
    count = 0
    for kind, what, query, rows in work:
        for batch in _batches(rows, size):
            if chunk and (count + len(batch) > size or chunk[-1][0] != kind):
                yield chunk
                chunk, count = [], 0
            chunk.append((kind, what, query, batch))
            count += len(batch)
    if chunk:
        yield chunk


def load_graph(
    driver: Driver,
    graph: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    uri: str = "neo4j",
    prune: bool = False,
) -> dict[str, int]:
    """MERGE every node and relationship of the graph; returns rows written by kind.

    Schema first, then nodes, then relationships, in managed write transactions of at
    most `batch_size` rows (retried by the driver on transient errors). With ``prune`` the Paper,
    Entity and Repository nodes and their relationships that the graph no longer has
    (a paper removed or re-extracted since the last load) are deleted afterwards, so
    Neo4j mirrors the graph; ``written["pruned"]`` counts them.
    """
    written: dict[str, int] = {"nodes": 0, "relationships": 0}
    work: list[Statement] = []
    for (label, sublabel), rows in sorted(node_rows(graph).items(), key=str):
        work.append(("nodes", label.value, node_query(label, sublabel), rows))
    for (src, rel, dst), rows in sorted(edge_rows(graph).items(), key=str):
        work.append(("relationships", rel.value, edge_query(src, rel, dst), rows))
    with translated_errors(uri):
        apply_schema(driver, database)
        with driver.session(database=database) as session:
            for chunk in _transactions(work, batch_size):
                session.execute_write(_run_all, chunk)
                for kind, what, _query, rows in chunk:
                    written[kind] += len(rows)
                    if progress:
                        progress(what, len(rows))
        if prune:
            written["pruned"] = prune_to_graph(driver, graph, database)
    return written


def relationship_identity(type_: str, src: str, dst: str, paper_id: str | None) -> str:
    """How a relationship is told apart: the same text in Python and in _PRUNE_RELS."""
    return f"{type_}|{src}|{dst}|{'' if type_ == StructuralEdge.VARIANT_OF else paper_id}"


_PRUNE_NODES = """
MATCH (n) WHERE (n:Paper AND NOT n.id IN $papers) OR (n:Entity AND NOT n.key IN $entities)
   OR (n:Repository AND NOT n.url IN $repos) OR (n:Result AND NOT n.key IN $results)
DETACH DELETE n RETURN count(*) AS n
"""
_PRUNE_RELS = """
MATCH (a)-[r]->(b) WHERE (a:Paper OR a:Entity OR a:Result)
  AND (b:Entity OR b:Repository OR b:Result)
WITH r, type(r) + '|' + coalesce(a.id, a.key) + '|' + coalesce(b.key, b.url) + '|' +
     CASE type(r) WHEN 'VARIANT_OF' THEN '' ELSE coalesce(r.paper_id, '') END AS ident
WHERE NOT ident IN $idents
DELETE r RETURN count(*) AS n
"""


def prune_to_graph(driver: Driver, graph: nx.MultiDiGraph, database: str | None = None) -> int:
    """Delete kg nodes and relationships that are not in the graph; returns how many."""
    ids: dict[str, list[str]] = {label.value: [] for label in NodeLabel}
    for _, attrs in graph.nodes(data=True):
        label, ident = _node_identity(attrs)
        ids[label.value].append(ident)
    idents = []
    for src, dst, attrs in graph.edges(data=True):
        idents.append(
            relationship_identity(
                attrs["type"],
                _node_identity(graph.nodes[src])[1],
                _node_identity(graph.nodes[dst])[1],
                attrs.get("paper_id"),
            )
        )
    with driver.session(database=database) as session:
        nodes = session.execute_write(
            _single,
            _PRUNE_NODES,
            papers=ids["Paper"],
            entities=ids["Entity"],
            repos=ids["Repository"],
            results=ids["Result"],
        )
        rels = session.execute_write(_single, _PRUNE_RELS, idents=idents)
    return nodes + rels


def _single(tx: Any, /, query: str, **params: Any) -> int:
    count: int = tx.run(query, **params).single()["n"]
    return count


def _run_all(tx: Any, chunk: list[Statement]) -> None:
    for _kind, _what, query, rows in chunk:
        tx.run(query, rows=rows).consume()


def remove_paper(
    driver: Driver,
    paper_id: str,
    after: nx.MultiDiGraph | None = None,
    *,
    database: str | None = None,
    uri: str = "neo4j",
) -> list[str]:
    """Remove a paper, its relationships, and every entity no other paper supports.

    An entity is supported while some paper MENTIONS or PROPOSES it, or, for a family
    node, while a supported variant is VARIANT_OF it. With ``after`` (the graph without
    the paper) the entities the paper touched get their recomputed properties (name,
    type, paper counts, family edges). Returns the keys of the deleted entities.
    """
    with translated_errors(uri):
        touched = [r["key"] for r in _read(driver, _TOUCHED, database, id=paper_id)]
        for rel in [*RelationType, *StructuralEdge, *ResultEdge]:
            if rel is not StructuralEdge.VARIANT_OF:
                _write(driver, _delete_rels(rel), database, id=paper_id)
        _write(driver, "MATCH (r:Result {paper_id: $id}) DETACH DELETE r", database, id=paper_id)
        _write(driver, "MATCH (p:Paper {id: $id}) DETACH DELETE p", database, id=paper_id)
        deleted = [r["key"] for r in _read(driver, _UNSUPPORTED, database, keys=touched)]
        _write(driver, _DELETE_ENTITIES, database, keys=deleted)
        _write(driver, _DELETE_ORPHAN_REPOS, database)
        if after is not None:
            _refresh_entities(driver, after, touched, database)
        else:
            _write(driver, _RECOUNT, database, keys=touched)
    return deleted


_TOUCHED = """
MATCH (p:Paper {id: $id})-[]->(e:Entity) RETURN DISTINCT e.key AS key
UNION
MATCH (e:Entity)-[r]-(:Entity) WHERE r.paper_id = $id RETURN DISTINCT e.key AS key
UNION
MATCH (p:Paper {id: $id})-[:MENTIONS]->(:Entity)-[:VARIANT_OF]->(f:Entity) RETURN f.key AS key
"""

_UNSUPPORTED = """
UNWIND $keys AS key
MATCH (e:Entity {key: key})
WHERE NOT EXISTS { (:Paper)-[:MENTIONS|PROPOSES]->(e) }
  AND NOT EXISTS { (:Paper)-[:MENTIONS|PROPOSES]->(:Entity)-[:VARIANT_OF]->(e) }
RETURN e.key AS key
"""

_DELETE_ENTITIES = "UNWIND $keys AS key MATCH (e:Entity {key: key}) DETACH DELETE e"
_DELETE_ORPHAN_REPOS = "MATCH (r:Repository) WHERE NOT EXISTS { (:Paper)-->(r) } DELETE r"
_RECOUNT = """
UNWIND $keys AS key
MATCH (e:Entity {key: key})
SET e.papers = COUNT { (:Paper)-[:MENTIONS]->(e) }
"""


def _delete_rels(rel: RelationType | StructuralEdge | ResultEdge) -> str:
    rel = _edge_type(rel.value)
    return f"MATCH ()-[r:{rel.value} {{paper_id: $id}}]->() DELETE r"


def _refresh_entities(
    driver: Driver, after: nx.MultiDiGraph, keys: list[str], database: str | None
) -> None:
    """Load the part of ``after`` around the touched entities (their nodes and families)."""
    from kg.graph.assemble import entity_node

    nodes = [entity_node(k) for k in keys if after.has_node(entity_node(k))]
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, after.nodes[n]) for n in nodes)
    for node in nodes:
        for _, target, key, attrs in after.out_edges(node, keys=True, data=True):
            if attrs["type"] == StructuralEdge.VARIANT_OF.value:
                sub.add_node(target, **after.nodes[target])
                sub.add_edge(node, target, key=key, **attrs)
    load_graph(driver, sub, database=database)


def database_counts(driver: Driver, database: str | None = None) -> dict[str, int]:
    """Node counts by label and relationship counts by type (for stats and tests)."""
    counts: dict[str, int] = {}
    for label in NodeLabel:
        query = f"MATCH (n:{label.value}) RETURN count(n) AS n"
        counts[label.value] = _read(driver, query, database)[0]["n"]
    for rel in [*RelationType, *StructuralEdge, *ResultEdge]:
        query = f"MATCH ()-[r:{rel.value}]->() RETURN count(r) AS n"
        counts[rel.value] = _read(driver, query, database)[0]["n"]
    return counts
