"""The embedded answers: one Python function per canned question, over the networkx graph.

Each function mirrors its ``queries/<name>.cypher`` exactly, rows, order and nulls
included (Cypher sorts nulls last), so both backends give equal answers; the parity
test (tests/test_parity.py) holds them to it. Entity parameters arrive as sorted lists
of entity keys (see kg.questions.resolve). To add a question: write
``queries/<name>.cypher`` and add a function here to IMPLEMENTATIONS under the same name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from kg.graph.assemble import entity_node, paper_node
from kg.questions import results
from kg.questions.derivation import derivation_chains, tasks_via_papers
from kg.questions.paths import shortest_paths
from kg.types import EntityType, NodeLabel, RelationType, StructuralEdge

Row = dict[str, Any]
Edge = tuple[str, str, str, dict[str, Any]]  # (u, v, key, data)

MENTIONS = StructuralEdge.MENTIONS.value
PROPOSES = StructuralEdge.PROPOSES.value


def nulls_last(value: Any) -> tuple[bool, Any]:
    """Sort key placing None after every value, as Cypher's ascending ORDER BY does."""
    return (value is None, "" if value is None else value)


def _label(graph: nx.MultiDiGraph, node: str) -> str | None:
    return graph.nodes[node].get("label")


def _is_entity(graph: nx.MultiDiGraph, node: str) -> bool:
    return _label(graph, node) == NodeLabel.ENTITY


def _entities(graph: nx.MultiDiGraph, keys: list[str]) -> list[str]:
    nodes = (entity_node(k) for k in keys)
    return [n for n in nodes if n in graph and _is_entity(graph, n)]


def _in_edges(graph: nx.MultiDiGraph, keys: list[str], *types: str) -> list[Edge]:
    return [
        (u, v, k, d)
        for node in _entities(graph, keys)
        for u, v, k, d in graph.in_edges(node, keys=True, data=True)
        if d.get("type") in types
    ]


def _edges_of_type(graph: nx.MultiDiGraph, *types: str) -> list[Edge]:
    return [
        (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("type") in types
    ]


def _nodes_with(graph: nx.MultiDiGraph, label: str, type_: str | None = None) -> list[str]:
    """Nodes of a label (and entity type): one pass over the nodes, not over the edges."""
    return [
        n
        for n, d in graph.nodes(data=True)
        if d.get("label") == label and (type_ is None or d.get("type") == type_)
    ]


def _papers_linking(graph: nx.MultiDiGraph, node: str, *types: str) -> list[str]:
    """Paper nodes with an edge of one of `types` to `node`."""
    return [
        u
        for u, edges in graph.pred[node].items()
        if _label(graph, u) == NodeLabel.PAPER
        and any(d.get("type") in types for d in edges.values())
    ]


def _paper(graph: nx.MultiDiGraph, paper_id: str | None) -> dict[str, Any] | None:
    node = paper_node(paper_id) if paper_id is not None else None
    if node is None or node not in graph or _label(graph, node) != NodeLabel.PAPER:
        return None
    return graph.nodes[node]


def _mention_sentence(graph: nx.MultiDiGraph, paper: dict[str, Any], node: str) -> str | None:
    edges = graph.get_edge_data(paper_node(paper["id"]), node, default={})
    return next((d.get("sentence") for d in edges.values() if d.get("type") == MENTIONS), None)


def _evidence(graph: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> Row | None:
    """{id, title, sentence}: the edge's sentence, else the paper's mention of u, else of v."""
    paper = _paper(graph, data.get("paper_id"))
    if paper is None:
        return None
    sentence = data.get("sentence")
    for node in (u, v):
        if sentence is None:
            sentence = _mention_sentence(graph, paper, node)
    return {"id": paper["id"], "title": paper["title"], "sentence": sentence}


def _describe(graph: nx.MultiDiGraph, node: str | None) -> tuple[Any, Any, str]:
    """(name, key, type) of an entity, or (title, id, "Paper") of a paper; a node with no
    type (a Result) reads "Paper", as the Cypher's coalesce(s.type, 'Paper') does."""
    if node is None:
        return None, None, NodeLabel.PAPER.value
    data = graph.nodes[node]
    if data.get("label") == NodeLabel.PAPER:
        return data.get("title"), data.get("id"), NodeLabel.PAPER.value
    return data.get("name"), data.get("key"), data.get("type") or NodeLabel.PAPER.value


def _sort_papers(papers: Iterable[Row]) -> list[Row]:
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
        s_name, s_key, s_type = _describe(graph, subject)
        o_name, o_key, o_type = _describe(graph, obj)
        rows.append(
            {
                "subject": s_name,
                "subject_key": s_key,
                "subject_type": s_type,
                "relation": relation,
                "object": o_name,
                "object_key": o_key,
                "object_type": o_type,
                "papers": _sort_papers(papers),
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


def methods_compressing(graph: nx.MultiDiGraph, model: list[str]) -> list[Row]:
    return relation_rows(graph, _in_edges(graph, model, RelationType.COMPRESSES.value))


def methods_for_task(graph: nx.MultiDiGraph, task: list[str]) -> list[Row]:
    return relation_rows(graph, _in_edges(graph, task, RelationType.APPLIED_TO.value))


def derived_from(graph: nx.MultiDiGraph, model: list[str]) -> list[Row]:
    types = (RelationType.BASED_ON.value, StructuralEdge.VARIANT_OF.value)
    chains = derivation_chains(graph, _entities(graph, model), types)
    edges = [
        (u, v, k, d)
        for o in chains
        for u, v, k, d in graph.in_edges(o, keys=True, data=True)
        if d.get("type") in types
    ]
    rows = relation_rows(graph, edges)
    for row in rows:
        subject = row["subject"]
        row["path"] = [subject, *(graph.nodes[n]["name"] for n in chains[_node_of(graph, row)])]
    return rows


def _node_of(graph: nx.MultiDiGraph, row: Row) -> str:
    return entity_node(row["object_key"])


def tasks_for(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    applied = RelationType.APPLIED_TO.value
    rows = []
    for node in _entities(graph, entity):
        direct = [
            (u, v, k, d)
            for u, v, k, d in graph.out_edges(node, keys=True, data=True)
            if d.get("type") == applied and _is_entity(graph, v)
        ]
        rows += [{**r, "via": "direct"} for r in relation_rows(graph, direct)]
        done = {v for _u, v, _k, _d in direct} | {entity_node(k) for k in entity}
        rows += tasks_via_papers(graph, node, done, _describe, _sort_papers)
    for row in rows:
        row["relation"] = applied
    rows.sort(key=lambda r: (r["via"], -len(r["papers"]), r["subject_key"], r["object_key"]))
    return rows


def outperforming(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    outperforms = RelationType.OUTPERFORMS.value
    nodes = _entities(graph, entity)
    edges = [
        *_in_edges(graph, entity, outperforms),
        *(
            (u, v, k, d)
            for node in nodes
            for u, v, k, d in graph.out_edges(node, keys=True, data=True)
            if d.get("type") == outperforms and _is_entity(graph, v)
        ),
    ]
    return relation_rows(graph, edges)


def entity(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    edges = [
        e
        for node in _entities(graph, entity)
        for e in (
            *graph.out_edges(node, keys=True, data=True),
            *graph.in_edges(node, keys=True, data=True),
        )
        if NodeLabel.RESULT not in (_label(graph, e[0]), _label(graph, e[1]))
    ]
    return relation_rows(graph, edges, gathered=frozenset({MENTIONS, PROPOSES}))


def papers_evaluated_on(graph: nx.MultiDiGraph, dataset: list[str]) -> list[Row]:
    rows = []
    for u, v, _k, d in _in_edges(graph, dataset, RelationType.EVALUATED_ON.value):
        paper = _paper(graph, d.get("paper_id"))
        s_name, s_key, _ = _describe(graph, u)
        rows.append(
            {
                "paper_id": d.get("paper_id"),
                "title": paper["title"] if paper else None,
                "subject": s_name,
                "subject_key": s_key,
                "dataset": graph.nodes[v]["name"],
                "dataset_key": graph.nodes[v]["key"],
                "sentence": d.get("sentence"),
            }
        )
    rows.sort(
        key=lambda r: (nulls_last(r["paper_id"]), nulls_last(r["subject_key"]), r["dataset_key"])
    )
    return rows


def papers_using(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    pairs = {
        (u, v)
        for u, v, _k, _d in _in_edges(graph, entity, MENTIONS, PROPOSES)
        if _label(graph, u) == NodeLabel.PAPER
    }
    rows = []
    for u, v in pairs:
        paper, ent = graph.nodes[u], graph.nodes[v]
        types = {d.get("type") for d in graph.get_edge_data(u, v).values()}
        rows.append(
            {
                "paper_id": paper["id"],
                "title": paper["title"],
                "entity": ent["name"],
                "entity_key": ent["key"],
                "proposes": PROPOSES in types,
                "sentence": _mention_sentence(graph, paper, v),
            }
        )
    rows.sort(key=lambda r: (r["paper_id"], r["entity_key"]))
    return rows


def metrics_for_task(graph: nx.MultiDiGraph, task: list[str]) -> list[Row]:
    measured: dict[str, list[Edge]] = defaultdict(list)
    for edge in _edges_of_type(graph, RelationType.MEASURED_BY.value):
        if edge[3].get("paper_id") is not None and _is_entity(graph, edge[1]):
            measured[edge[3]["paper_id"]].append(edge)
    groups: dict[tuple[str, str], set[tuple[Any, ...]]] = defaultdict(set)
    for _u, t, _k, applied in _in_edges(graph, task, RelationType.APPLIED_TO.value):
        for _u2, metric, _k2, m in measured.get(applied.get("paper_id") or "", ()):
            paper = _paper(graph, m["paper_id"])
            group = groups[(metric, t)]
            if paper is not None:
                group.add((paper["id"], paper["title"], m.get("sentence")))
    rows = []
    for (metric, t), found in groups.items():
        papers = [{"id": i, "title": title, "sentence": s} for i, title, s in found]
        rows.append(
            {
                "metric": graph.nodes[metric]["name"],
                "metric_key": graph.nodes[metric]["key"],
                "task": graph.nodes[t]["name"],
                "task_key": graph.nodes[t]["key"],
                "papers": _sort_papers(papers),
            }
        )
    rows.sort(key=lambda r: (-len(r["papers"]), r["metric_key"], r["task_key"]))
    return rows


def top_entities(graph: nx.MultiDiGraph, type: str, limit: int) -> list[Row]:
    counts = {
        n: len(_papers_linking(graph, n, MENTIONS, PROPOSES))
        for n in _nodes_with(graph, NodeLabel.ENTITY.value, type)
    }
    rows = [
        {
            "name": graph.nodes[n]["name"],
            "key": graph.nodes[n]["key"],
            "type": graph.nodes[n]["type"],
            "papers": c,
        }
        for n, c in counts.items()
        if c
    ]
    rows.sort(key=lambda r: (-r["papers"], r["key"]))
    return rows[:limit]


def papers_with_code(graph: nx.MultiDiGraph) -> list[Row]:
    repos: dict[str, set[str]] = defaultdict(set)
    for v in _nodes_with(graph, NodeLabel.REPOSITORY.value):
        for u in _papers_linking(graph, v, StructuralEdge.HAS_CODE.value):
            repos[u].add(graph.nodes[v]["url"])
    rows = []
    for node, urls in repos.items():
        proposed = {
            v
            for _u, v, d in graph.out_edges(node, data="type")
            if d == PROPOSES and _is_entity(graph, v)
        }
        names = sorted(proposed, key=lambda n: (graph.nodes[n]["name"], graph.nodes[n]["key"]))
        rows.append(
            {
                "paper_id": graph.nodes[node]["id"],
                "title": graph.nodes[node]["title"],
                "repositories": sorted(urls),
                "proposes": [graph.nodes[n]["name"] for n in names],
            }
        )
    rows.sort(key=lambda r: r["paper_id"])
    return rows


def new_datasets(graph: nx.MultiDiGraph) -> list[Row]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for v in _nodes_with(graph, NodeLabel.ENTITY.value, EntityType.DATASET.value):
        for u in _papers_linking(graph, v, PROPOSES):
            paper = graph.nodes[u]
            groups[v].append(
                {
                    "id": paper["id"],
                    "title": paper["title"],
                    "sentence": _mention_sentence(graph, paper, v),
                }
            )
    rows = [
        {
            "dataset": graph.nodes[n]["name"],
            "dataset_key": graph.nodes[n]["key"],
            "papers": _sort_papers(papers),
        }
        for n, papers in groups.items()
    ]
    rows.sort(key=lambda r: r["dataset_key"])
    return rows


def path(graph: nx.MultiDiGraph, a: list[str], b: list[str]) -> list[Row]:
    return shortest_paths(
        graph,
        _entities(graph, a),
        [n for n in _entities(graph, b) if graph.nodes[n]["key"] not in a],
    )


IMPLEMENTATIONS: dict[str, Callable[..., list[Row]]] = {
    "methods-compressing": methods_compressing,
    "papers-evaluated-on": papers_evaluated_on,
    "papers-using": papers_using,
    "methods-for-task": methods_for_task,
    "metrics-for-task": metrics_for_task,
    "derived-from": derived_from,
    "outperforming": outperforming,
    "tasks-for": tasks_for,
    "top-entities": top_entities,
    "papers-with-code": papers_with_code,
    "new-datasets": new_datasets,
    "entity": entity,
    "path": path,
    "leaderboard": results.leaderboard,
    "results-for": results.results_for,
}
"""Question name -> embedded implementation, called with the bound parameters."""
