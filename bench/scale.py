"""Sections "bulk" and "ray": the paths past one machine (issue 15).

bulk: one graph, from kg's extraction of the synthetic corpus, into Neo4j twice: by
`kg load` (batched MERGE over Bolt, schema first) into an empty database of the server,
and by `kg export --format neo4j-admin` plus Neo4j's own `neo4j-admin database import
full` (the jars of tests/neo4j-launcher) into a new database. The ratio is load seconds
over export + import seconds (the JVM start of the import tool included). kg load runs
after an untimed warm-up load of a tenth of the graph, as in section 2.

ray: the same papers extracted by the local engine (one process, in this process) and
by the ray engine with 1 and 2 actors on a local Ray (started once, not timed). A Ray
job's fixed cost (actors start and load the pipeline) is measured on a one-batch job;
per-batch overhead is what the 1-actor run spends beyond that and the local run.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import ROOT, bundled_papers, write_synthetic
from bench.report import _measured

Log = Callable[[str], None]


def _synthetic(n: int, workdir: Path) -> list:
    from kg.readers import read_papers

    path = write_synthetic(bundled_papers(), n, workdir / f"synthetic-{n}.jsonl")
    return list(read_papers([path]))


def _import_tool() -> Any:
    path = ROOT / "tests" / "neo4j_server.py"
    spec = importlib.util.spec_from_file_location("kg_bench_neo4j_admin", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.run_neo4j_admin


def run_bulk(n: int, workdir: Path, log: Log) -> dict:
    from bench import neo4j_bench
    from kg.extraction import extract
    from kg.graph.assemble import build_graph
    from kg.neo4j.bulk import write_bulk_csv
    from kg.neo4j.loader import load_graph

    papers = _synthetic(n, workdir)
    log(f"bulk: extracting {len(papers)} synthetic papers (2 processes)")
    graph = build_graph(list(extract(papers, n_process=2)), papers)
    nodes, rels = graph.number_of_nodes(), graph.number_of_edges()
    log(f"bulk: graph of {nodes} nodes, {rels} edges")
    result: dict[str, Any] = {"papers": n, "nodes": nodes, "relationships": rels}
    out, home = workdir / "bulk-csv", workdir / "bulk-home"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    start = time.perf_counter()
    files = write_bulk_csv(graph, out)
    result["export_seconds"] = time.perf_counter() - start
    log("bulk: neo4j-admin database import full")
    start = time.perf_counter()
    output = _import_tool()(home, files.import_arguments())
    result["import_seconds"] = time.perf_counter() - start
    result["import_summary"] = " ".join(
        line.strip()
        for line in output.splitlines()
        if line.strip().endswith(("nodes", "relationships")) and line.strip()[0].isdigit()
    )
    shutil.rmtree(home, ignore_errors=True)
    with neo4j_bench.neo4j_server(log) as server:
        driver = neo4j_bench.connect(server)
        try:
            neo4j_bench.clear(driver)
            log("bulk: warm-up load (untimed): the server's JIT and caches, schema in place")
            load_graph(driver, graph.subgraph(list(graph.nodes)[: max(1, nodes // 10)]).copy())
            neo4j_bench.clear(driver)
            log("bulk: kg load into an empty database")
            start = time.perf_counter()
            load_graph(driver, graph)
            result["load_seconds"] = time.perf_counter() - start
            result["server"] = server.version or neo4j_bench.server_version(driver)
            neo4j_bench.clear(driver)
        finally:
            driver.close()
    bulk = result["export_seconds"] + result["import_seconds"]
    result["ratio"] = result["load_seconds"] / bulk
    result["load_ms_per_item"] = result["load_seconds"] * 1000 / (nodes + rels)
    result["bulk_ms_per_item"] = bulk * 1000 / (nodes + rels)
    return result


def _timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = run()
    return time.perf_counter() - start, count


def _start_ray(ray: Any, log: Log, attempts: int = 3) -> None:
    """A local Ray; tried again when its raylet misses Ray's fixed 30 s start window
    (it does on a machine far busier than its cores)."""
    for attempt in range(1, attempts + 1):
        try:
            ray.init(
                num_cpus=2,
                include_dashboard=False,
                _node_ip_address="127.0.0.1",
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
            return
        except Exception as exc:  # noqa: BLE001 - Ray raises a bare Exception here
            ray.shutdown()
            if attempt == attempts:
                raise
            log(f"ray: start failed ({exc}); trying again")


def run_ray(n: int, batch_size: int, workdir: Path, log: Log) -> dict:
    import ray

    from kg.extraction.engines import run_extraction
    from kg.extraction.pipeline import build_nlp

    papers = _synthetic(n, workdir)
    nlp = build_nlp()
    log(f"ray: local engine, {n} papers")
    local, _ = _timed(lambda: sum(1 for _ in run_extraction(papers, nlp=nlp)))
    start = time.perf_counter()
    _start_ray(ray, log)
    result: dict[str, Any] = {
        "papers": n,
        "batch_size": batch_size,
        "ray_init_seconds": time.perf_counter() - start,
        "local_seconds": local,
    }
    try:
        for workers in (1, 2):
            log(f"ray: one-batch job, {workers} actor(s)")
            fixed, _ = _timed(
                lambda w=workers: sum(
                    1
                    for _ in run_extraction(
                        papers[: batch_size * 2 * w], engine="ray", workers=w, batch_size=batch_size
                    )
                )
            )
            log(f"ray: {n} papers, {workers} actor(s)")
            wall, count = _timed(
                lambda w=workers: sum(
                    1
                    for _ in run_extraction(papers, engine="ray", workers=w, batch_size=batch_size)
                )
            )
            assert count == n
            result[f"ray_{workers}"] = {
                "seconds": wall,
                "papers_per_s": n / wall,
                "job_fixed_seconds": fixed,
            }
    finally:
        ray.shutdown()
    batches = -(-n // batch_size)
    one = result["ray_1"]
    result["local_papers_per_s"] = n / local
    result["per_batch_overhead_ms"] = max(
        0.0, (one["seconds"] - one["job_fixed_seconds"] - local) * 1000 / batches
    )
    return result


def render(results: dict) -> list[str]:
    """The markdown of both sections (bench/report.py calls it)."""
    return _bulk_md(results.get("bulk")) + _ray_md(results.get("ray"))


def _bulk_md(bulk: dict | None) -> list[str]:
    if not bulk:
        return []
    if "error" in bulk:
        return ["## 5. Bulk import", "", f"Not measured: {bulk['error']}", ""]
    items = bulk["nodes"] + bulk["relationships"]
    out = [
        "## 5. Bulk import (neo4j-admin) vs kg load",
        "",
        f"The graph of {bulk['papers']:,} synthetic papers (bench/corpus.py, extracted by "
        f"kg): {bulk['nodes']:,} nodes and {bulk['relationships']:,} relationships, "
        f"{items:,} items; Neo4j {bulk.get('server', '?')}. "
        f"The import tool reported: {bulk.get('import_summary') or '?'}.",
        "",
    ]
    out += _measured(bulk)
    rows = [
        [
            "kg load (MERGE batches over Bolt, schema first)",
            f"{bulk['load_seconds']:.1f}",
            f"{bulk['load_ms_per_item']:.3f}",
        ],
        [
            "kg export --format neo4j-admin (write the CSV files)",
            f"{bulk['export_seconds']:.1f}",
            "",
        ],
        [
            "neo4j-admin database import full (JVM start included)",
            f"{bulk['import_seconds']:.1f}",
            "",
        ],
        [
            "bulk path: export + import",
            f"{bulk['export_seconds'] + bulk['import_seconds']:.1f}",
            f"{bulk['bulk_ms_per_item']:.3f}",
        ],
    ]
    out += ["| path | seconds | ms per item |", "|---|---|---|"]
    out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
    out += [
        f"The bulk path (export + neo4j-admin import) loads this graph "
        f"**{bulk['ratio']:.1f}×** faster than `kg load` (target ≥ 10×).",
        "",
    ]
    return out


def _ray_md(ray: dict | None) -> list[str]:
    if not ray:
        return []
    if "error" in ray:
        return ["## 6. Extraction on Ray", "", f"Not measured: {ray['error']}", ""]
    out = [
        "## 6. Extraction on Ray (local Ray, 2 CPUs)",
        "",
        f"{ray['papers']:,} synthetic papers; ray batches of {ray['batch_size']} papers. "
        f"Starting Ray (not in the figures): {ray['ray_init_seconds']:.1f} s.",
        "",
    ]
    out += _measured(ray)
    out += [
        "| engine | seconds | papers/s | fixed cost of a job (actors start, load the pipeline) |",
        "|---|---|---|---|",
        f"| local, 1 process | {ray['local_seconds']:.1f} | {ray['local_papers_per_s']:.0f} | – |",
    ]
    for workers in (1, 2):
        run = ray[f"ray_{workers}"]
        out.append(
            f"| ray, {workers} actor{'s' if workers > 1 else ''} | {run['seconds']:.1f} "
            f"| {run['papers_per_s']:.0f} | {run['job_fixed_seconds']:.1f} s |"
        )
    out += [
        "",
        f"Per-batch overhead of Ray (1 actor, beyond the job's fixed cost and the "
        f"local run): {ray['per_batch_overhead_ms']:.0f} ms per batch of "
        f"{ray['batch_size']} papers. Ray pays off when a cluster adds machines; on one "
        "machine the local engine's processes do the same work.",
        "",
    ]
    return out
