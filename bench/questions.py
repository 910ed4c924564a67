"""Section 3: latency (p50, p95) of every canned question on both backends.

The same seed graph answers on the embedded networkx graph and on Neo4j (loaded by the
load benchmark just before). Arguments: the demo's (BERT, GLUE, LLaMA, ...) where the
graph knows them, else the most-mentioned entity of the fitting type.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.errors import KgError

Log = Callable[[str], None]
WARMUP = 5

PREFERRED: dict[str, list[str]] = {
    "model": ["BERT", "LLaMA"],
    "dataset": ["GLUE", "ImageNet"],
    "entity": ["BERT", "Transformer"],
    "name": ["BERT"],
    "a": ["BERT"],
    "b": ["GLUE", "ImageNet"],
}
PER_QUESTION: dict[str, dict[str, list[str]]] = {
    "derived-from": {"model": ["LLaMA", "BERT"]},
    "methods-compressing": {"model": ["BERT"]},
}
PARAM_TYPE = {"model": "Model", "dataset": "Dataset", "task": "Task", "metric": "Metric"}


def _top_entity(graph: nx.MultiDiGraph, type_: str | None) -> str | None:
    best = None
    for _, data in graph.nodes(data=True):
        if data.get("label") != "Entity" or (type_ and data.get("type") != type_):
            continue
        if best is None or (data.get("papers", 0), data["name"]) > best:
            best = (data.get("papers", 0), data["name"])
    return best[1] if best else None


def _known(graph: nx.MultiDiGraph, name: str) -> bool:
    from kg.questions.resolve import resolve_in_graph

    return bool(resolve_in_graph(graph, name))


def arguments(graph: nx.MultiDiGraph, question: Any) -> dict[str, Any]:
    """Arguments for one question, chosen from what the graph holds."""
    values: dict[str, Any] = {}
    for param in question.params:
        if not param.required:
            continue
        if param.kind == "type":
            values[param.name] = "Model"
        elif param.kind == "int":
            values[param.name] = 10
        elif param.kind == "entity":
            wanted = PER_QUESTION.get(question.name, {}).get(param.name) or PREFERRED.get(
                param.name, []
            )
            found = next((w for w in wanted if _known(graph, w)), None)
            values[param.name] = (
                found or _top_entity(graph, PARAM_TYPE.get(param.name)) or _top_entity(graph, None)
            )
        else:
            values[param.name] = "BERT"
    return values


def _latencies(call: Callable[[], Any], repeats: int) -> dict:
    for _ in range(WARMUP):
        answer = call()
    samples, cpu = [], []
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    q = statistics.quantiles(samples, n=100, method="inclusive")
    c = statistics.quantiles(cpu, n=100, method="inclusive")
    # CPU time of this process only: the whole cost of an embedded question, the client
    # side of a Neo4j one. Unlike wall time it does not grow when the machine is busy.
    return {
        "p50_ms": q[49],
        "p95_ms": q[94],
        "max_ms": max(samples),
        "cpu_p50_ms": c[49],
        "cpu_p95_ms": c[94],
        "rows": len(answer.rows),
    }


def run(graph: nx.MultiDiGraph, driver, repeats: int, log: Log) -> dict:
    from kg.neo4j.questions import ask_neo4j
    from kg.questions import ask_embedded, list_questions

    backends: dict[str, dict] = {"embedded": {}, "neo4j": {}}
    args_used: dict[str, list[str]] = {}
    for question in list_questions():
        params = arguments(graph, question)
        args_used[question.name] = [str(v) for v in params.values()]
        for backend, ask, target in (
            ("embedded", ask_embedded, graph),
            ("neo4j", ask_neo4j, driver),
        ):
            try:
                backends[backend][question.name] = _latencies(
                    lambda a=ask, q=question.name, t=target, p=params: a(t, q, **p), repeats
                )
            except KgError as exc:
                backends[backend][question.name] = {"error": str(exc)}
        log(
            f"questions: {question.name} "
            + ", ".join(
                f"{b} p95 {backends[b][question.name].get('p95_ms', float('nan')):.1f} ms"
                for b in backends
            )
        )
    return {
        "repeats": repeats,
        "warmup": WARMUP,
        "arguments": args_used,
        "backends": backends,
        "neo4j_round_trip": round_trip(driver, repeats),
    }


class _Rows:
    rows: tuple = ()


def round_trip(driver, repeats: int) -> dict:
    """The floor of any Neo4j question: a fresh session and one trivial query."""

    def call() -> _Rows:
        with driver.session() as session:
            session.run("RETURN 1").consume()
        return _Rows()

    return _latencies(call, repeats)
