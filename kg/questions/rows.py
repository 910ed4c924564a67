"""Reading the networkx graph for the embedded answers: edges by type, evidence, the
shared row shape of relation questions. Every function sorts as the Cypher does."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.graph.assemble import entity_node, paper_node
from kg.types import NodeLabel, StructuralEdge

Row = dict[str, Any]
Edge = tuple[str, str, str, dict[str, Any]]  # (u, v, key, data)

MENTIONS = StructuralEdge.MENTIONS.value
PROPOSES = StructuralEdge.PROPOSES.value


def nulls_last(value: Any) -> tuple[bool, Any]:
    """Sort key placing None after every value, as Cypher's ascending ORDER BY does."""
    return (value is None, "" if value is None else value)


def label(graph: nx.MultiDiGraph, node: str) -> str | None:
    return graph.nodes[node].get("label")


def is_entity(graph: nx.MultiDiGraph, node: str) -> bool:
    return label(graph, node) == NodeLabel.ENTITY


def entities(graph: nx.MultiDiGraph, keys: list[str]) -> list[str]:
    nodes = (entity_node(k) for k in keys)
    return [n for n in nodes if n in graph and is_entity(graph, n)]


def in_edges(graph: nx.MultiDiGraph, keys: list[str], *types: str) -> list[Edge]:
    return [
        (u, v, k, d)
        for node in entities(graph, keys)
        for u, v, k, d in graph.in_edges(node, keys=True, data=True)
        if d.get("type") in types
    ]


def edges_of_type(graph: nx.MultiDiGraph, *types: str) -> list[Edge]:
    return [
        (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("type") in types
    ]


def nodes_with(graph: nx.MultiDiGraph, label: str, type_: str | None = None) -> list[str]:
    """Nodes of a label (and entity type): one pass over the nodes, not over the edges."""
    return [
        n
        for n, d in graph.nodes(data=True)
        if d.get("label") == label and (type_ is None or d.get("type") == type_)
    ]


def papers_linking(graph: nx.MultiDiGraph, node: str, *types: str) -> list[str]:
    """Paper nodes with an edge of one of `types` to `node`."""
    return [
        u
        for u, edges in graph.pred[node].items()
        if label(graph, u) == NodeLabel.PAPER
        and any(d.get("type") in types for d in edges.values())
    ]


def paper_data(graph: nx.MultiDiGraph, paper_id: str | None) -> dict[str, Any] | None:
    node = paper_node(paper_id) if paper_id is not None else None
    if node is None or node not in graph or label(graph, node) != NodeLabel.PAPER:
        return None
    return graph.nodes[node]


def mention_sentence(graph: nx.MultiDiGraph, paper: dict[str, Any], node: str) -> str | None:
    edges = graph.get_edge_data(paper_node(paper["id"]), node, default={})
    return next((d.get("sentence") for d in edges.values() if d.get("type") == MENTIONS), None)


def _evidence(graph: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> Row | None:
    """{id, title, sentence}: the edge's sentence, else the paper's mention of u, else of v."""
    paper = paper_data(graph, data.get("paper_id"))
    if paper is None:
        return None
    sentence = data.get("sentence")
    for node in (u, v):
        if sentence is None:
            sentence = mention_sentence(graph, paper, node)
    return {"id": paper["id"], "title": paper["title"], "sentence": sentence}


def describe(graph: nx.MultiDiGraph, node: str | None) -> tuple[Any, Any, str]:
    """(name, key, type) of an entity, or (title, id, "Paper") of a paper; a node with no
    type (a Result) reads "Paper", as the Cypher's coalesce(s.type, 'Paper') does."""
    if node is None:
        return None, None, NodeLabel.PAPER.value
    data = graph.nodes[node]
    if data.get("label") == NodeLabel.PAPER:
        return data.get("title"), data.get("id"), NodeLabel.PAPER.value
    return data.get("name"), data.get("key"), data.get("type") or NodeLabel.PAPER.value


def sort_papers(papers: Iterable[Row]) -> list[Row]:
    return sorted(papers, key=lambda e: (nulls_last(e["id"]), nulls_last(e["sentence"])))


def relation_rows(
    graph: nx.MultiDiGraph, edges: Iterable[Edge], gathered: frozenset[str] = frozenset()
) -> list[Row]:
    """Rows grouped by (subject, relation, object) with their evidence per paper.

    Edge types in `gathered` group all their papers in one row with a null subject.
    """
    groups: dict[tuple[str | None, str, str], list[Row]] = defaultdict(list)
    for u, v, _key, data in dict(((u, v, k), (u, v, k, d)) for u, v, k, d in edges).values():
        subject = None if data["type"] in gathered else u
        evidence = _evidence(graph, u, v, data)
        group = groups[(subject, data["type"], v)]
        if evidence is not None:
            group.append(evidence)
    rows = []
    for (subject, relation, obj), papers in groups.items():
        s_name, s_key, s_type = describe(graph, subject)
        o_name, o_key, o_type = describe(graph, obj)
        rows.append(
            {
                "subject": s_name,
                "subject_key": s_key,
                "subject_type": s_type,
                "relation": relation,
                "object": o_name,
                "object_key": o_key,
                "object_type": o_type,
                "papers": sort_papers(papers),
            }
        )
    rows.sort(
        key=lambda r: (
            -len(r["papers"]),
            nulls_last(r["subject_key"]),
            r["relation"],
            nulls_last(r["object_key"]),
        )
    )
    return rows
