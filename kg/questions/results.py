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


def results_for(graph: nx.MultiDiGraph, entity: list[str]) -> list[Row]:
    ordered = []
    for node in _results_linked(graph, entity, ResultEdge.RESULT_OF):
        r = graph.nodes[node]
        e = _subject(graph, node)
        assert e is not None  # linked by RESULT_OF above
        row = {
            "subject": e["name"],
            "subject_key": e["key"],
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
                    row["subject_key"],
                    row["kind"],
                    *_metric_order(row["metric"]),
                    row["paper_id"],
                    r["key"],
                ),
                row,
            )
        )
    return [row for _, row in sorted(ordered, key=lambda x: x[0])]
