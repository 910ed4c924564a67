"""Embedded answers of the result questions (queries/leaderboard.cypher and
queries/results-for.cypher), row for row and in the same order as the Cypher."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from kg.graph.assemble import entity_node, paper_node
from kg.types import NodeLabel, ResultEdge

Row = dict[str, Any]
ALL_METRICS = "all"  # queries/leaderboard.cypher: `metric (string = all)`


def _letters_digits(text: str) -> str:
    """Cypher's `reduce(... c =~ '[a-z0-9]' ...)` over toLower(text)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _results_linked(graph: nx.MultiDiGraph, keys: list[str], edge: ResultEdge) -> list[str]:
    """Result nodes with an `edge` to one of the entities (each once, in no set order)."""
    found: dict[str, None] = {}
    for key in keys:
        node = entity_node(key)
        if node not in graph:
            continue
        for source, _, data in graph.in_edges(node, data=True):
            if data.get("type") == edge.value and (
                graph.nodes[source].get("label") == NodeLabel.RESULT
            ):
                found[source] = None
    return list(found)


def _subject(graph: nx.MultiDiGraph, node: str) -> dict[str, Any] | None:
    for _, target, data in graph.out_edges(node, data=True):
        if data.get("type") == ResultEdge.RESULT_OF.value:
            return graph.nodes[target]
    return None


def _title(graph: nx.MultiDiGraph, paper_id: str) -> str | None:
    node = paper_node(paper_id)
    return graph.nodes[node].get("title") if node in graph else None


def _score(r: dict[str, Any]) -> float:
    number = r.get("number")
    if number is None:
        return -1.0e300
    return -number if r.get("lower_is_better") else number


def _metric_order(metric: str | None) -> tuple[bool, str]:
    return metric is None, (metric or "").lower()


def leaderboard(graph: nx.MultiDiGraph, dataset: list[str], metric: str) -> list[Row]:
    wanted = _letters_digits(metric)
    ordered = []
    for node in _results_linked(graph, dataset, ResultEdge.ON_DATASET):
        r = graph.nodes[node]
        if metric != ALL_METRICS and (
            r.get("metric") is None or wanted not in _letters_digits(r["metric"])
        ):
            continue
        e = _subject(graph, node)
        row = {
            "kind": r["kind"],
            "metric": r.get("metric"),
            "value": r["value"],
            "unit": r.get("unit"),
            "subject": e["name"] if e else r["subject"],
            "subject_key": e["key"] if e else None,
            "paper_id": r["paper_id"],
            "title": _title(graph, r["paper_id"]),
            "compared_to": r.get("compared_to"),
            "sentence": r.get("sentence"),
        }
        ordered.append(
            (
                (row["kind"], *_metric_order(row["metric"]), -_score(r), row["paper_id"], r["key"]),
                row,
            )
        )
    return [row for _, row in sorted(ordered, key=lambda x: x[0])]


_ROLES = {ResultEdge.RESULT_OF.value: "subject", ResultEdge.COMPARED_TO.value: "baseline"}


def results_for(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    ordered = []
    for key in entity:
        target = entity_node(key)
        if target not in graph:
            continue
        for node, _, data in graph.in_edges(target, data=True):
            role = _ROLES.get(data.get("type"))
            if role is None or graph.nodes[node].get("label") != NodeLabel.RESULT:
                continue
            r, e, s = graph.nodes[node], graph.nodes[target], _subject(graph, node)
            row = {
                "role": role,
                "entity": e["name"],
                "entity_key": e["key"],
                "subject": s["name"] if s else r["subject"],
                "kind": r["kind"],
                "value": r["value"],
                "unit": r.get("unit"),
                "metric": r.get("metric"),
                "dataset": r.get("dataset"),
                "task": r.get("task"),
                "compared_to": r.get("compared_to"),
                "paper_id": r["paper_id"],
                "title": _title(graph, r["paper_id"]),
                "sentence": r.get("sentence"),
            }
            ordered.append(
                (
                    (
                        role != "subject",
                        row["entity_key"],
                        row["kind"],
                        *_metric_order(row["metric"]),
                        row["paper_id"],
                        r["key"],
                    ),
                    row,
                )
            )
    return [row for _, row in sorted(ordered, key=lambda x: x[0])]
