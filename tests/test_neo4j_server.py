"""The real Neo4j of the test run: writes and reads through the official driver."""

from __future__ import annotations

import socket

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConstraintError
from neo4j_server import Neo4jServerError, Neo4jTestServer

pytestmark = pytest.mark.neo4j


def test_server_is_neo4j_5_26(neo4j_driver: Driver) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions RETURN name, versions[0] AS version"
    )
    kernel = {r["name"]: r["version"] for r in records}["Neo4j Kernel"]
    assert kernel.startswith("5.26."), kernel


def test_nodes_written_with_parameters_read_back(clean_neo4j: Driver) -> None:
    papers = [
        {"id": "2403.00001", "title": "TinyBERT: Distilling BERT", "year": 2024},
        {"id": "2403.00002", "title": "Q8BERT: Quantized 8Bit BERT", "year": 2019},
        {"id": "quote'n\"back`tick", "title": "}) DETACH DELETE n //", "year": 2020},
    ]
    clean_neo4j.execute_query(
        "UNWIND $rows AS row CREATE (:Paper {id: row.id, title: row.title, year: row.year})",
        rows=papers,
    )
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.year AS year ORDER BY p.id"
    )
    assert [dict(r) for r in records] == sorted(papers, key=lambda p: p["id"])


def test_relationships_round_trip(clean_neo4j: Driver) -> None:
    clean_neo4j.execute_query(
        "CREATE (:Entity {name: $a})-[:COMPRESSES {sentence: $s}]->(:Entity {name: $b})",
        a="MiniLM",
        b="BERT",
        s="MiniLM compresses BERT.",
    )
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (a)-[r:COMPRESSES]->(b) RETURN a.name AS a, r.sentence AS s, b.name AS b"
    )
    assert [tuple(r.values()) for r in records] == [("MiniLM", "MiniLM compresses BERT.", "BERT")]


def test_uniqueness_constraint_refuses_a_duplicate(clean_neo4j: Driver) -> None:
    clean_neo4j.execute_query(
        "CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE"
    )
    clean_neo4j.execute_query("CREATE (:Paper {id: $id})", id="p1")
    with pytest.raises(ConstraintError):
        clean_neo4j.execute_query("CREATE (:Paper {id: $id})", id="p1")
    records, _, _ = clean_neo4j.execute_query("MATCH (p:Paper) RETURN count(p) AS n")
    assert records[0]["n"] == 1


def test_clean_neo4j_leaves_an_empty_graph_without_schema(clean_neo4j: Driver) -> None:
    nodes, _, _ = clean_neo4j.execute_query("MATCH (n) RETURN count(n) AS n")
    constraints, _, _ = clean_neo4j.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
    indexes, _, _ = clean_neo4j.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
    )
    assert (nodes[0]["n"], constraints, indexes) == (0, [], [])


def test_wrong_password_is_refused(neo4j_uri: str, neo4j_auth: tuple[str, str]) -> None:
    user, password = neo4j_auth
    with (
        GraphDatabase.driver(neo4j_uri, auth=(user, password + "-wrong")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()


def test_data_survives_restart_and_kill(private_neo4j_server: Neo4jTestServer) -> None:
    # One private server for both cases: every start costs CPU on a 2-core machine.
    server = private_neo4j_server
    uri_before = server.uri
    with GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        driver.execute_query("CREATE (:Survivor {name: $name})", name="kept across restarts")
        server.restart()
        assert server.running and server.uri == uri_before
        records, _, _ = driver.execute_query("MATCH (n:Survivor) RETURN n.name AS name")
        assert [r["name"] for r in records] == ["kept across restarts"]

        driver.execute_query("UNWIND range(1, 50) AS i CREATE (:Committed {i: i})")
        server.kill()  # as a crash would: the next start recovers from the transaction log
        assert not server.running
        server.start()
        records, _, _ = driver.execute_query("MATCH (n:Committed) RETURN count(n) AS n")
        assert records[0]["n"] == 50
    server.stop()
    assert not server.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()


def test_start_failure_raises_with_the_java_output(tmp_path) -> None:
    # A data directory that is a file: Neo4j cannot create its store there.
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    server = Neo4jTestServer(blocker, startup_timeout=120)
    with pytest.raises(Neo4jServerError, match="FAILED"):
        server.start()
    assert not server.running


def test_missing_launcher_build_names_the_set_up_command(tmp_path, monkeypatch) -> None:
    import neo4j_server

    monkeypatch.setattr(neo4j_server, "LAUNCHER_DIR", tmp_path / "neo4j-launcher")
    server = Neo4jTestServer(tmp_path / "data")
    with pytest.raises(Neo4jServerError, match="setup-test-deps.sh"):
        server.start()
