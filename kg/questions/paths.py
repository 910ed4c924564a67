"""The embedded `path` question: all shortest paths between two sets of entities.

Mirrors queries/path.cypher: per (a, b) pair Neo4j's allShortestPaths over relationships
in either direction, at most MAX_HOPS; only paths of the overall shortest length are kept,
one row per distinct node sequence.

Those paths are exactly the shortest paths from the set A to the set B (a shortest path
of the overall shortest length cannot pass through another member of A or B, or that
pair would be closer), so one breadth-first search from all of A, stopped at the first
layer that reaches B, finds them all without exploring the rest of the graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from kg.types import NodeLabel

MAX_HOPS = 6  # queries/path.cypher: [*..6]


def shortest_paths(
    graph: nx.MultiDiGraph, sources: list[str], targets: list[str]
) -> list[dict[str, Any]]:
    if not sources or not targets:
        return []
    parents, reached = _search(graph, sources, set(targets))
    found = {tuple(reversed(p)) for t in reached for p in _back(parents, [t])}
    rows = [_row(graph, list(nodes)) for nodes in found]
    rows.sort(key=lambda r: [n["key"] for n in r["nodes"]])
    return rows


def _search(
    graph: nx.MultiDiGraph,
    sources: list[str],
    targets: set[str],
) -> tuple[dict[str, list[str]], list[str]]:
    """Layered BFS ignoring direction: each node's parents on the layer before, and the
    targets on the first layer that has any (none within MAX_HOPS: empty)."""
    succ, pred, nodes = graph.succ, graph.pred, graph.nodes
    parents: dict[str, list[str]] = {s: [] for s in sources}
    layer = list(dict.fromkeys(sources))
    for _hop in range(MAX_HOPS):
        nxt: dict[str, list[str]] = {}
        for node in layer:
            for other in (*succ[node], *pred[node]):
                if other in parents or nodes[other].get("label") == NodeLabel.RESULT:
                    continue
                seen = nxt.get(other)
                if seen is None:
                    nxt[other] = [node]
                elif seen[-1] != node:  # a node linked both ways is one parent
                    seen.append(node)
        if not nxt:
            break
        parents.update(nxt)
        reached = [n for n in nxt if n in targets]
        if reached:
            return parents, reached
        layer = list(nxt)
    return parents, []


def _back(parents: dict[str, list[str]], path: list[str]) -> Iterator[list[str]]:
    """Every path from `path[-1]` back to a source, following parents."""
    ups = parents[path[-1]]
    if not ups:
        yield path
        return
    for up in ups:
        yield from _back(parents, [*path, up])


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
