"""Result nodes: the figures papers report, linked to what they are about.

One ``result:<paper_id>#<n>`` node per result of a paper (n: its index in the paper's
Extraction.results), ``label="Result"``, with ``key`` (``<paper_id>#<n>``), ``paper_id``,
``subject`` (the entity name, or ``@paper``), ``value`` (as written), ``number`` (its
float), ``unit``, ``kind`` (absolute/relative), ``metric``, ``dataset``, ``task``,
``compared_to`` (names as extracted), ``lower_is_better`` (from the
metric's name, extractors/result_cues.json), ``sentence``, ``start``, ``end``. Edges (key
``"<TYPE>|<paper_id>"``, attribute ``paper_id``): Paper -REPORTS-> Result; Result
-RESULT_OF-> subject entity (for ``@paper`` the paper's first proposed entity, none when
the paper proposes none), -IN_METRIC->, -ON_DATASET->, -FOR_TASK->, -COMPARED_TO->
entities of the paper, where the name is one of the paper's entities.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from kg.extraction.results.cues import load_cues
from kg.extraction.results.scoring import number
from kg.models import Extraction, Result
from kg.types import PAPER_HEAD, NodeLabel, ResultEdge

Resolve = Callable[[str | None], str | None]
"""A name of the paper -> its entity node, or None."""


def result_node(key: str) -> str:
    return f"result:{key}"


def add_results(
    graph: nx.MultiDiGraph,
    extraction: Extraction,
    paper: str,
    resolve: Resolve,
    contribution: str | None,
) -> None:
    """Add the paper's Result nodes and their edges (`paper`: the Paper node)."""
    pid = extraction.id
    for i, result in enumerate(extraction.results):
        key = f"{pid}#{i}"
        node = result_node(key)
        graph.add_node(node, **result_attrs(key, pid, result))
        _edge(graph, paper, node, ResultEdge.REPORTS, pid)
        subject = contribution if result.subject == PAPER_HEAD else resolve(result.subject)
        targets = (
            (ResultEdge.RESULT_OF, subject),
            (ResultEdge.IN_METRIC, resolve(result.metric)),
            (ResultEdge.ON_DATASET, resolve(result.dataset)),
            (ResultEdge.FOR_TASK, resolve(result.task)),
            (ResultEdge.COMPARED_TO, resolve(result.compared_to)),
        )
        for edge, target in targets:
            if target is not None and (edge is ResultEdge.RESULT_OF or target != subject):
                _edge(graph, node, target, edge, pid)


def result_attrs(key: str, paper_id: str, result: Result) -> dict[str, object]:
    return {
        "label": NodeLabel.RESULT.value,
        "key": key,
        "paper_id": paper_id,
        "subject": result.subject,
        "value": result.value,
        "number": number(result.value),
        "unit": result.unit,
        "kind": result.kind.value,
        "metric": result.metric,
        "dataset": result.dataset,
        "task": result.task,
        "compared_to": result.compared_to,
        "lower_is_better": lower_is_better(result.metric),
        "sentence": result.evidence.sentence,
        "start": result.evidence.start,
        "end": result.evidence.end,
    }


def lower_is_better(metric: str | None) -> bool:
    """Whether a smaller figure of the metric is the better one (perplexity, error, latency)."""
    return bool(metric) and bool(load_cues().lower_is_better.search(metric or ""))


def _edge(
    graph: nx.MultiDiGraph, source: str, target: str, edge: ResultEdge, paper_id: str
) -> None:
    graph.add_edge(
        source, target, key=f"{edge.value}|{paper_id}", type=edge.value, paper_id=paper_id
    )
