"""Benchmark datasets of tasks (extractors/task_benchmarks.json), for the dataset bridge.

A model evaluated on a task's benchmark (perplexity on WikiText-103) is applied to the task
(language modeling) even when the abstract never names the task. Both backends receive the
pairs as the `benchmarks` parameter, so the curated file is read in one place.
"""

from __future__ import annotations

import json
from functools import cache

from kg.errors import ConfigError
from kg.graph.keys import entity_key
from kg.resources import data_dir

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


def benchmark_pairs(task_keys: list[str]) -> list[dict[str, str]]:
    """[{task, dataset}] keys for the asked task entities, sorted."""
    table = _table()
    return [{"task": t, "dataset": d} for t in sorted(task_keys) for d in table.get(t, ())]
