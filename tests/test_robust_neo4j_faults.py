"""Neo4j going away: stopped in the middle of `kg load`, wrong credentials, nothing listening.

These run against a Neo4j of this module's own (not the session's), so stopping it does
not disturb other tests. `kg` runs as a real subprocess: what a user sees is what is
checked (exit code, one `error:` line, no traceback).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase
from neo4j_server import Neo4jServerError, Neo4jTestServer
from robust_graphs import (
    assert_one_line_error,
    counts,
    expected_counts,
    fingerprint,
    make_store,
    neo4j_env,
    run_kg,
    start_kg,
    synthetic_items,
)

from kg.neo4j.loader import load_graph
from kg.stores.embedded import EmbeddedStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

# Enough rows for many write transactions (batches of 1000), few enough to stay quick.
N_PAPERS = 500


@pytest.fixture(scope="module")
def server() -> Iterator[Neo4jTestServer]:
    server = Neo4jTestServer()
    try:
        server.start()
    except Neo4jServerError as error:
        server.close()
        pytest.fail(f"the Neo4j test server could not start: {error}", pytrace=False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("faults") / "store", synthetic_items(N_PAPERS, 600))


def _driver(server: Neo4jTestServer) -> Driver:
    driver = GraphDatabase.driver(server.uri, auth=server.auth)
    driver.verify_connectivity()
    return driver


def _wait_for_first_batches(driver: Driver, process, timeout: float = 120) -> tuple[int, int]:
    """Poll until the load has written something; returns the counts seen then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = counts(driver)
        if seen[0] > 0:
            return seen
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    pytest.fail("kg load wrote nothing in time")


def test_server_stopped_mid_load_then_rerun_gives_the_uninterrupted_graph(server, store):
    with _driver(server) as driver, EmbeddedStore(store) as stored:
        load_graph(driver, stored.graph())  # the reference: one uninterrupted load
        reference = (counts(driver), fingerprint(driver))
        assert reference[0] == expected_counts(store)
        driver.execute_query("MATCH (n) DETACH DELETE n")

        env = neo4j_env(server.uri, server.auth)
        process = start_kg("load", "--store", str(store), env=env)
        seen = _wait_for_first_batches(driver, process)
    server.stop()
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 3, (stdout, stderr)
    assert_one_line_error(stderr, server.uri, "Neo4j")
    assert "loaded into Neo4j" not in stdout
    assert server.auth[1] not in stdout + stderr

    server.start()  # same data directory and port
    with _driver(server) as driver:
        partial = counts(driver)
        assert seen[0] <= partial[0] and partial != reference[0], "the load was not interrupted"
        again = run_kg("load", "--store", str(store), env=env)
        assert again.returncode == 0, again.stderr
        assert (counts(driver), fingerprint(driver)) == reference


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


COMMANDS = {
    "load": ["load"],
    "ask": ["ask", "entity", "BERT", "--neo4j"],
    "cypher": ["cypher", "RETURN 1 AS one"],
}


def test_wrong_credentials_and_unreachable_server_are_one_clear_line(server, store):
    """Three commands, two faults each, all six runs at once (they only wait on the network)."""
    server.start()  # no-op when running (it is, unless the test above failed half-way)
    secret = "wrong-password-marker-5a1f"
    closed = f"bolt://127.0.0.1:{_closed_port()}"
    faults = {
        "wrong credentials": (
            neo4j_env(server.uri, ("neo4j", secret)),
            [server.uri, "refused the credentials"],
        ),
        "unreachable": (neo4j_env(closed, ("neo4j", secret)), [closed, "cannot reach Neo4j"]),
    }
    runs = {}
    for fault, (env, _) in faults.items():
        for name, args in COMMANDS.items():
            extra = ["--store", str(store)] if name == "load" else []
            runs[fault, name] = start_kg(*args, *extra, env=env)
    for (fault, name), process in runs.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 3, (fault, name, stdout, stderr)
        assert_one_line_error(stderr, *faults[fault][1])
        assert secret not in stdout + stderr, (fault, name)
