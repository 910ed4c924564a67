"""The embedded answers: one Python function per canned question, over the networkx graph.

Each function mirrors its ``queries/<name>.cypher`` exactly, rows, order and nulls
included (Cypher sorts nulls last), so both backends give equal answers; the parity
test (tests/test_parity.py) holds them to it. Entity parameters arrive as sorted lists
of entity keys (see kg.questions.resolve). To add a question: write
``queries/<name>.cypher`` and add a function here to IMPLEMENTATIONS under the same name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.graph.assemble import entity_node
from kg.questions import results
from kg.questions.benchmarks import tasks_via_datasets
from kg.questions.derivation import derivation_chains, tasks_via_papers
from kg.questions.paths import shortest_paths
from kg.questions.rows import (
    MENTIONS,
    PROPOSES,
    Edge,
    Row,
    describe,
    edges_of_type,
    entities,
    in_edges,
    is_entity,
    label,
    mention_sentence,
    nodes_with,
    nulls_last,
    paper_data,
    papers_linking,
    relation_rows,
    sort_papers,
)
from kg.types import EntityType, NodeLabel, RelationType, StructuralEdge


def methods_compressing(graph: nx.MultiDiGraph, model: list[str]) -> list[Row]:
    return relation_rows(graph, in_edges(graph, model, RelationType.COMPRESSES.value))


def methods_for_task(
    graph: nx.MultiDiGraph, task: list[str], benchmarks: list[dict[str, str]]
) -> list[Row]:
    direct = in_edges(graph, task, RelationType.APPLIED_TO.value)
    rows = [{**r, "via": "direct"} for r in relation_rows(graph, direct)]
    applied = {(u, v) for u, v, _k, _d in direct}
    for node in entities(graph, task):
        wanted = {b["dataset"] for b in benchmarks if b["task"] == graph.nodes[node]["key"]}
        edges = [
            (u, node, f"{k}|{dataset}", d)
            for dataset in nodes_with(graph, NodeLabel.ENTITY)
            if wanted & {graph.nodes[dataset].get("key"), graph.nodes[dataset].get("family")}
            for u, _v, k, d in graph.in_edges(dataset, keys=True, data=True)
            if d.get("type") == RelationType.EVALUATED_ON.value and (u, node) not in applied
        ]
        rows += [{**r, "via": "dataset"} for r in relation_rows(graph, edges)]
    for row in rows:
        row["relation"] = RelationType.APPLIED_TO.value
    rows.sort(
        key=lambda r: (r["via"] != "direct", -len(r["papers"]), r["subject_key"], r["object_key"])
    )
    return rows


def derived_from(graph: nx.MultiDiGraph, model: list[str]) -> list[Row]:
    types = (RelationType.BASED_ON.value, StructuralEdge.VARIANT_OF.value)
    chains = derivation_chains(graph, entities(graph, model), types)
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


def tasks_for(
    graph: nx.MultiDiGraph, entity: list[str], benchmarks: list[dict[str, str]]
) -> list[Row]:
    applied = RelationType.APPLIED_TO.value
    rows = []
    for node in entities(graph, entity):
        direct = [
            (u, v, k, d)
            for u, v, k, d in graph.out_edges(node, keys=True, data=True)
            if d.get("type") == applied and is_entity(graph, v)
        ]
        rows += [{**r, "via": "direct"} for r in relation_rows(graph, direct)]
        done = {v for _u, v, _k, _d in direct} | {entity_node(k) for k in entity}
        rows += tasks_via_papers(graph, node, done, describe, sort_papers)
        rows += tasks_via_datasets(graph, node, done, benchmarks)
    for row in rows:
        row["relation"] = applied
    order = {"direct": 0, "paper": 1}
    rows.sort(
        key=lambda r: (order.get(r["via"], 2), -len(r["papers"]), r["subject_key"], r["object_key"])
    )
    return rows


def outperforming(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    outperforms = RelationType.OUTPERFORMS.value
    nodes = entities(graph, entity)
    edges = [
        *in_edges(graph, entity, outperforms),
        *(
            (u, v, k, d)
            for node in nodes
            for u, v, k, d in graph.out_edges(node, keys=True, data=True)
            if d.get("type") == outperforms and is_entity(graph, v)
        ),
    ]
    return relation_rows(graph, edges)


def entity(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    edges = [
        e
        for node in entities(graph, entity)
        for e in (
            *graph.out_edges(node, keys=True, data=True),
            *graph.in_edges(node, keys=True, data=True),
        )
        if NodeLabel.RESULT not in (label(graph, e[0]), label(graph, e[1]))
    ]
    return relation_rows(graph, edges, gathered=frozenset({MENTIONS, PROPOSES}))


def papers_evaluated_on(graph: nx.MultiDiGraph, dataset: list[str]) -> list[Row]:
    rows = []
    for u, v, _k, d in in_edges(graph, dataset, RelationType.EVALUATED_ON.value):
        paper = paper_data(graph, d.get("paper_id"))
        s_name, s_key, _ = describe(graph, u)
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
        for u, v, _k, _d in in_edges(graph, entity, MENTIONS, PROPOSES)
        if label(graph, u) == NodeLabel.PAPER
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
                "sentence": mention_sentence(graph, paper, v),
            }
        )
    rows.sort(key=lambda r: (r["paper_id"], r["entity_key"]))
    return rows


def metrics_for_task(graph: nx.MultiDiGraph, task: list[str]) -> list[Row]:
    measured: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges_of_type(graph, RelationType.MEASURED_BY.value):
        if edge[3].get("paper_id") is not None and is_entity(graph, edge[1]):
            measured[edge[3]["paper_id"]].append(edge)
    groups: dict[tuple[str, str], set[tuple[Any, ...]]] = defaultdict(set)
    for _u, t, _k, applied in in_edges(graph, task, RelationType.APPLIED_TO.value):
        for _u2, metric, _k2, m in measured.get(applied.get("paper_id") or "", ()):
            paper = paper_data(graph, m["paper_id"])
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
                "papers": sort_papers(papers),
            }
        )
    rows.sort(key=lambda r: (-len(r["papers"]), r["metric_key"], r["task_key"]))
    return rows


def top_entities(graph: nx.MultiDiGraph, type: str, limit: int) -> list[Row]:
    counts = {
        n: len(papers_linking(graph, n, MENTIONS, PROPOSES))
        for n in nodes_with(graph, NodeLabel.ENTITY.value, type)
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
    for v in nodes_with(graph, NodeLabel.REPOSITORY.value):
        for u in papers_linking(graph, v, StructuralEdge.HAS_CODE.value):
            repos[u].add(graph.nodes[v]["url"])
    rows = []
    for node, urls in repos.items():
        proposed = {
            v
            for _u, v, d in graph.out_edges(node, data="type")
            if d == PROPOSES and is_entity(graph, v)
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
    for v in nodes_with(graph, NodeLabel.ENTITY.value, EntityType.DATASET.value):
        for u in papers_linking(graph, v, PROPOSES):
            paper = graph.nodes[u]
            groups[v].append(
                {
                    "id": paper["id"],
                    "title": paper["title"],
                    "sentence": mention_sentence(graph, paper, v),
                }
            )
    rows = [
        {
            "dataset": graph.nodes[n]["name"],
            "dataset_key": graph.nodes[n]["key"],
            "papers": sort_papers(papers),
        }
        for n, papers in groups.items()
    ]
    rows.sort(key=lambda r: r["dataset_key"])
    return rows


def path(graph: nx.MultiDiGraph, a: list[str], b: list[str]) -> list[Row]:
    return shortest_paths(
        graph,
        entities(graph, a),
        [n for n in entities(graph, b) if graph.nodes[n]["key"] not in a],
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
