"""Section 2: Neo4j load throughput of kg's loader against the naive way, same server.

The server is NEO4J_URI (with NEO4J_USER / NEO4J_PASSWORD) when set, else the embedded
Neo4j 5.26 of the test suite (tests/neo4j_server.py) started for this run.
NOTE: the benchmark empties the database it is given.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import networkx as nx

from bench.corpus import ROOT
from bench.naive import load_naive, plan

Log = Callable[[str], None]


@dataclass
class Server:
    uri: str
    auth: tuple[str, str] | None
    version: str
    where: str


def _test_server_class() -> Any:
    path = ROOT / "tests" / "neo4j_server.py"
    spec = importlib.util.spec_from_file_location("kg_bench_neo4j_server", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.Neo4jTestServer


@contextmanager
def neo4j_server(log: Log) -> Iterator[Server]:
    """NEO4J_URI if set, else a private embedded Neo4j for the length of the block."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password is not None else None
        yield Server(uri, auth, "", "NEO4J_URI")
        return
    log("neo4j: starting the embedded Neo4j of the test suite")
    server = _test_server_class()(startup_timeout=900)  # a busy machine starts it slowly
    server.start()
    try:
        yield Server(server.uri, server.auth, server.version, "embedded launcher (tests/)")
    finally:
        server.stop()


def connect(server: Server):
    from kg.neo4j.connection import Neo4jSettings, connect

    user, password = server.auth if server.auth else ("neo4j", None)
    return connect(Neo4jSettings(uri=server.uri, user=user, password=password))


def server_version(driver) -> str:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition "
        "RETURN versions[0] AS version, edition"
    )
    return f"{records[0]['version']} {records[0]['edition']}" if records else "?"


def clear(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def _count(driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS n OPTIONAL MATCH ()-[r]->() RETURN n, count(r) AS r"
    )
    return records[0]["n"], records[0]["r"]


def _figures(what: str, nodes: int, rels: int, seconds: float) -> dict:
    return {
        "what": what,
        "nodes": nodes,
        "relationships": rels,
        "items": nodes + rels,
        "seconds": seconds,
        "items_per_s": (nodes + rels) / max(seconds, 1e-9),
    }


def run(driver, graph: nx.MultiDiGraph, naive_budget: int | None, log: Log) -> dict:
    """Warm-up, then naive on an empty database, the loader on an empty one, a reload.

    Leaves the loader's graph in the database (the question benchmark reads it).
    """
    from kg.neo4j.loader import apply_schema, load_graph

    clear(driver)
    # Warm-up (untimed): the server's JIT and query caches are warm for both contenders,
    # and the naive run finds the same constraints and indexes in place.
    log("load: warm-up load")
    load_graph(driver, graph)
    clear(driver)
    nodes, edges = plan(graph, naive_budget)
    log(f"load: naive, {len(nodes)} nodes + {len(edges)} relationships, one transaction each")
    start = time.perf_counter()
    load_naive(driver, nodes, edges)
    naive = _figures(
        "naive: one MERGE per item, one transaction each",
        *_count(driver),
        time.perf_counter() - start,
    )
    clear(driver)
    log(f"load: kg loader, {graph.number_of_nodes()} nodes + {graph.number_of_edges()} edges")
    start = time.perf_counter()
    written = load_graph(driver, graph)
    loader = _figures(
        "kg loader (schema + batched UNWIND MERGE)",
        written["nodes"],
        written["relationships"],
        time.perf_counter() - start,
    )
    in_db = _count(driver)
    start = time.perf_counter()
    apply_schema(driver)  # the loader's fixed cost, part of every load (already applied)
    loader["schema_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    load_graph(driver, graph)
    reload = _figures("kg loader again (idempotent re-load)", *in_db, time.perf_counter() - start)
    if _count(driver) != in_db:
        log("load: WARNING re-load changed the counts")
    return {
        "graph": f"{graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} edges",
        "naive_subset": naive_budget is not None and naive["items"] < loader["items"],
        "in_database": {"nodes": in_db[0], "relationships": in_db[1]},
        "loader": loader,
        "reload": reload,
        "naive": naive,
        "ratio": loader["items_per_s"] / naive["items_per_s"],
    }
