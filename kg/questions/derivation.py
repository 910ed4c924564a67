"""Whole-graph walks behind `derived-from` and `tasks-for` (mirroring their .cypher files).

``derivation_chains``: every entity that reaches one of the asked entities along BASED_ON /
VARIANT_OF edges (at most MAX_HOPS), with the chain that links it: the shortest, ties
broken by the smallest list of keys, as queries/derived-from.cypher orders its paths.
``tasks_via_papers``: the tasks named by the papers that propose an entity or state a
relation with it (queries/tasks-for.cypher, via 'paper').
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from kg.types import EntityType, NodeLabel, StructuralEdge

MAX_HOPS = 5  # queries/derived-from.cypher: [*0..5]
_NOT_RELATIONS = {
    StructuralEdge.MENTIONS.value,
    StructuralEdge.PROPOSES.value,
    StructuralEdge.VARIANT_OF.value,
}


def _is_entity(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("label") == NodeLabel.ENTITY


def derivation_chains(
    graph: nx.MultiDiGraph,
    targets: list[str],
    types: Iterable[str],
) -> dict[str, list[str]]:
    """Entity node -> its chain of nodes (itself first) to a target."""
    kinds = set(types)
    dist = {t: 0 for t in targets}
    layer = list(targets)
    for hop in range(1, MAX_HOPS + 1):
        nxt = []
        for node in layer:
            for u, _v, kind in graph.in_edges(node, data="type"):
                if kind in kinds and u not in dist and _is_entity(graph, u):
                    dist[u] = hop
                    nxt.append(u)
        layer = nxt
    chains = {}
    for node in dist:
        chain = [node]
        while dist[chain[-1]] > 0:
            here = chain[-1]
            steps = {
                v
                for _u, v, kind in graph.out_edges(here, data="type")
                if kind in kinds and dist.get(v) == dist[here] - 1
            }
            chain.append(min(steps, key=lambda n: graph.nodes[n]["key"]))
        chains[node] = chain
    return chains


def _papers_about(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """Papers that propose the entity or state a relation (not a mere mention) with it."""
    papers = {
        u
        for u, _v, kind in graph.in_edges(node, data="type")
        if kind == StructuralEdge.PROPOSES.value
    }
    for _u, _v, data in (*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)):
        if data.get("type") not in _NOT_RELATIONS and data.get("paper_id") is not None:
            paper = f"paper:{data['paper_id']}"
            if paper in graph and graph.has_edge(paper, node):
                papers.add(paper)
    return sorted(papers)


def tasks_via_papers(
    graph: nx.MultiDiGraph,
    node: str,
    done: set[str],
    describe: Callable[..., tuple[Any, Any, str]],
    sort_papers: Callable[..., list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Rows (via 'paper') for the tasks the papers about `node` mention, except `done`."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for paper in _papers_about(graph, node):
        pdata = graph.nodes[paper]
        for _u, task, data in graph.out_edges(paper, data=True):
            if (
                data.get("type") != StructuralEdge.MENTIONS.value
                or task in done
                or graph.nodes[task].get("type") != EntityType.TASK.value
            ):
                continue
            found[task].append(
                {"id": pdata["id"], "title": pdata["title"], "sentence": data.get("sentence")}
            )
    return task_rows(graph, node, found, "paper", describe, sort_papers)


def task_rows(
    graph: nx.MultiDiGraph,
    node: str,
    found: dict[str, list[dict[str, Any]]],
    via: str,
    describe: Callable[..., tuple[Any, Any, str]],
    sort_papers: Callable[..., list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """tasks-for rows of `node` for each task found, with its evidence, marked `via`."""
    s_name, s_key, s_type = describe(graph, node)
    rows = []
    for task, papers in found.items():
        o_name, o_key, o_type = describe(graph, task)
        rows.append(
            {
                "subject": s_name,
                "subject_key": s_key,
                "subject_type": s_type,
                "relation": "",
                "object": o_name,
                "object_key": o_key,
                "object_type": o_type,
                "papers": sort_papers(papers),
                "via": via,
            }
        )
    return rows
