"""The embedded `path` question: all shortest paths between two sets of entities.

Mirrors queries/path.cypher: per (a, b) pair Neo4j's allShortestPaths over relationships
in either direction, at most MAX_HOPS; only paths of the overall shortest length are kept,
one row per distinct node sequence.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.types import NodeLabel

MAX_HOPS = 6  # queries/path.cypher: [*..6]


def shortest_paths(graph: nx.MultiDiGraph, sources: list[str], targets: list[str]) -> list[dict]:
    if not sources or not targets:
        return []
    undirected = graph.to_undirected(as_view=True)
    distance: dict[tuple[str, str], int] = {}
    wanted = set(targets)
    for source in sources:
        reach = nx.single_source_shortest_path_length(undirected, source, cutoff=MAX_HOPS)
        distance.update({(source, t): d for t, d in reach.items() if t in wanted})
    if not distance:
        return []
    shortest = min(distance.values())
    found: set[tuple[str, ...]] = set()
    for (source, target), hops in distance.items():
        if hops == shortest:
            found.update(tuple(p) for p in nx.all_shortest_paths(undirected, source, target))
    rows = [_row(graph, list(nodes)) for nodes in found]
    rows.sort(key=lambda r: [n["key"] for n in r["nodes"]])
    return rows


def _row(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, Any]:
    steps = []
    for x, y in zip(nodes, nodes[1:], strict=False):
        forward = {f"{d['type']}>" for d in graph.get_edge_data(x, y, default={}).values()}
        back = {f"<{d['type']}" for d in graph.get_edge_data(y, x, default={}).values()}
        steps.append(sorted(forward | back))
    return {"length": len(nodes) - 1, "nodes": [_node(graph, n) for n in nodes], "steps": steps}


def _node(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    data = graph.nodes[node]
    label = data.get("label")
    if label not in (NodeLabel.PAPER, NodeLabel.REPOSITORY):
        label = data.get("type")
    return {
        "label": label,
        "key": _first(data, "key", "id", "url"),
        "name": _first(data, "name", "title", "url"),
    }


def _first(data: dict[str, Any], *names: str) -> Any:
    return next((data[n] for n in names if data.get(n) is not None), None)
