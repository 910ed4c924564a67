"""The naive Neo4j load kg's loader is compared with.

One parameterised MERGE per node and per relationship, each in its own managed write
transaction: what a first script does. It writes the same rows as the loader (its own
row builders: same labels, keys and properties) onto the same schema (constraints in
place, so each MERGE is an index lookup, not a scan): the only difference is batching.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.neo4j.loader import edge_rows, node_rows
from kg.neo4j.schema import UNIQUE_KEYS
from kg.types import EntityType, NodeLabel, StructuralEdge

Statement = tuple[str, dict[str, Any]]


def node_statements(graph: nx.MultiDiGraph) -> list[tuple[tuple[str, Any], Statement]]:
    """((label, key value), statement) for every node, one MERGE each."""
    out = []
    for (label, sublabel), rows in node_rows(graph).items():
        label = NodeLabel(label)
        query = f"MERGE (n:{label.value} {{{UNIQUE_KEYS[label]}: $id}}) SET n += $props"
        if sublabel is not None:
            query += f" SET n:{EntityType(sublabel).value}"
        out += [((label.value, row["id"]), (query, row)) for row in rows]
    return out


def edge_statements(graph: nx.MultiDiGraph) -> list[tuple[tuple, Statement]]:
    """((source node, target node), statement) for every relationship, one MERGE each."""
    out = []
    for (src, rel, dst), rows in edge_rows(graph).items():
        src, dst = NodeLabel(src), NodeLabel(dst)
        merge = "" if rel is StructuralEdge.VARIANT_OF else " {paper_id: $paper_id}"
        query = (
            f"MATCH (a:{src.value} {{{UNIQUE_KEYS[src]}: $src}}) "
            f"MATCH (b:{dst.value} {{{UNIQUE_KEYS[dst]}: $dst}}) "
            f"MERGE (a)-[r:{rel.value}{merge}]->(b) SET r += $props"
        )
        out += [(((src.value, row["src"]), (dst.value, row["dst"])), (query, row)) for row in rows]
    return out


def plan(graph: nx.MultiDiGraph, budget: int | None) -> tuple[list[Statement], list[Statement]]:
    """Node and edge statements; with a budget, a subset of whole edges and their ends."""
    nodes = node_statements(graph)
    edges = edge_statements(graph)
    if budget is None or len(nodes) + len(edges) <= budget:
        return [s for _, s in nodes], [s for _, s in edges]
    needed: set[tuple[str, Any]] = set()
    chosen: list[Statement] = []
    for (a, b), statement in edges:
        if len(needed) + len(chosen) + 3 > budget:
            break
        needed.update((a, b))
        chosen.append(statement)
    return [s for ident, s in nodes if ident in needed], chosen


def load_naive(
    driver, nodes: list[Statement], edges: list[Statement], database: str | None = None
) -> int:
    """Run every statement in its own write transaction. Returns how many ran."""

    def write(tx, query: str, params: dict) -> None:
        tx.run(query, params).consume()

    with driver.session(database=database) as session:
        for query, params in [*nodes, *edges]:
            session.execute_write(write, query, params)
    return len(nodes) + len(edges)
