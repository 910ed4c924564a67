"""Benchmark datasets of tasks (extractors/task_benchmarks.json), for the dataset bridge.

A model evaluated on a task's benchmark (perplexity on WikiText-103) is applied to the task
(language modeling) even when the abstract never names the task. Both backends receive the
pairs as the `benchmarks` parameter, so the curated file is read in one place.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import networkx as nx

from kg.errors import ConfigError
from kg.graph.keys import entity_key
from kg.questions.derivation import task_rows
from kg.questions.rows import Row, describe, mention_sentence, sort_papers
from kg.resources import data_dir
from kg.types import EntityType, RelationType

FILE = "task_benchmarks.json"


@cache
def _table() -> dict[str, tuple[str, ...]]:
    path = data_dir("extractors") / FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the task benchmarks: {exc}", where=str(path)) from exc
    table: dict[str, set[str]] = {}
    for task, datasets in raw.items():
        if task.startswith("_"):
            continue
        if not isinstance(datasets, list) or not all(isinstance(d, str) for d in datasets):
            raise ConfigError(f"task {task!r} must map to a list of dataset names", where=str(path))
        table.setdefault(entity_key(task), set()).update(entity_key(d) for d in datasets)
    return {task: tuple(sorted(keys)) for task, keys in table.items()}


def benchmark_pairs(task_keys: list[str] | None = None) -> list[dict[str, str]]:
    """[{task, dataset}] keys for the asked task entities (all tasks if None), sorted."""
    table = _table()
    tasks = sorted(table) if task_keys is None else sorted(task_keys)
    return [{"task": t, "dataset": d} for t in tasks for d in table.get(t, ())]


def tasks_via_datasets(
    graph: nx.MultiDiGraph, node: str, skip: set[str], benchmarks: list[dict[str, str]]
) -> list[Row]:
    """Rows (via 'dataset') for the tasks whose benchmarks `node` is evaluated on, except
    the task nodes in `skip` (queries/tasks-for.cypher, its third branch)."""
    found: dict[str, set[tuple[Any, Any, Any]]] = {}
    for _u, dataset, data in graph.out_edges(node, data=True):
        if data.get("type") != RelationType.EVALUATED_ON.value:
            continue
        names = {graph.nodes[dataset].get("key"), graph.nodes[dataset].get("family")}
        paper = graph.nodes.get(f"paper:{data.get('paper_id')}")
        for task in {f"entity:{b['task']}" for b in benchmarks if b["dataset"] in names}:
            if task in skip or graph.nodes.get(task, {}).get("type") != EntityType.TASK.value:
                continue
            evidence = found.setdefault(task, set())
            if paper is not None:
                sentence = data.get("sentence")
                if sentence is None:
                    sentence = mention_sentence(graph, paper, node)
                evidence.add((paper["id"], paper["title"], sentence))
    papers = {
        task: [{"id": i, "title": t, "sentence": s} for i, t, s in evidence]
        for task, evidence in found.items()
    }
    return task_rows(graph, node, papers, "dataset", describe, sort_papers)
