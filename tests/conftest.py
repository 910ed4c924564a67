"""Shared fixtures. The Neo4j ones give every test the real Neo4j of the test run.

Which Neo4j: the one named by NEO4J_URI (with NEO4J_USER / NEO4J_PASSWORD), for example
the server of docker/compose.yaml; otherwise Neo4j 5.26 community embedded in the
launcher of tests/neo4j-launcher, started in the background once collection shows a test
needs it, and stopped at the end of the session. When it cannot be had, the tests that
need it FAIL with the reason; they are never skipped. The end of the run says which
server was used and its version.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from neo4j import Driver, GraphDatabase
from neo4j_server import Neo4jServerError, Neo4jTestServer

TESTS_DIR = Path(__file__).resolve().parent
# What the run used, for the summary at the end ("which Neo4j did these tests talk to?").
_NEO4J_REPORT: list[str] = []


@dataclass(frozen=True)
class ExternalNeo4j:
    """A Neo4j the test run did not start (NEO4J_URI); it cannot be stopped or restarted."""

    uri: str
    user: str
    password: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def _describe(uri: str, auth: tuple[str, str], origin: str) -> str:
    """One line naming the server and its version, read from the server itself."""
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        )
    parts = [f"{r['name']} {r['version']} {r['edition']}" for r in records]
    return f"{origin} at {uri}: {', '.join(parts)}"


def _fail(message: str) -> NoReturn:
    """Fails the asking test (never skips) and names the reason in the run's summary."""
    _NEO4J_REPORT.append(f"NO NEO4J: {message}")
    pytest.fail(message, pytrace=False)


def _start_launcher_server() -> Neo4jTestServer:
    server = Neo4jTestServer()
    try:
        server.start()
    except Neo4jServerError as error:
        server.close()
        _fail(f"the Neo4j test server could not start: {error}")
    return server


class _EarlyStart:
    """Boots the session's launcher server in the background as soon as collection shows
    that some test needs it, so its start overlaps the tests that run before."""

    def __init__(self) -> None:
        self.server = Neo4jTestServer()
        self.error: Neo4jServerError | None = None
        self.thread = threading.Thread(target=self._run, name="neo4j-early-start", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.server.start()
        except Neo4jServerError as error:
            self.error = error

    def result(self) -> Neo4jTestServer:
        self.thread.join(self.server.startup_timeout + 30)
        if self.error is not None or not self.server.running:
            self.server.close()
            reason = self.error or "it did not come up"
            _fail(f"the Neo4j test server could not start: {reason}")
        return self.server


_EARLY: list[_EarlyStart] = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    needs_server = any("neo4j_server" in getattr(i, "fixturenames", ()) for i in items)
    if needs_server and not os.environ.get("NEO4J_URI") and not _EARLY:
        _EARLY.append(_EarlyStart())


def pytest_sessionfinish() -> None:
    for early in _EARLY:  # also when no test ended up asking for it
        early.thread.join(early.server.startup_timeout + 30)
        early.server.close()


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jTestServer | ExternalNeo4j]:
    """The session's Neo4j: NEO4J_URI if set, else the embedded launcher server.

    Has ``uri`` and ``auth``. Tests that stop or restart a server use
    ``private_neo4j_server`` instead, so they never disturb this one.
    """
    uri = os.environ.get("NEO4J_URI")
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            _fail("NEO4J_URI is set but NEO4J_PASSWORD is not")
        server: Neo4jTestServer | ExternalNeo4j = ExternalNeo4j(
            uri, os.environ.get("NEO4J_USER", "neo4j"), password
        )
        origin = "external Neo4j (NEO4J_URI)"
    else:
        server = _EARLY[0].result() if _EARLY else _start_launcher_server()
        origin = f"embedded launcher Neo4j (started in {server.startup_seconds:.1f} s)"
    try:
        _NEO4J_REPORT.append(_describe(server.uri, server.auth, origin))
    except Exception as error:  # noqa: BLE001 - any failure to talk to it fails the tests
        if isinstance(server, Neo4jTestServer):
            server.close()
        _fail(f"cannot talk to the Neo4j at {server.uri}: {error}")
    yield server
    if isinstance(server, Neo4jTestServer):
        server.close()


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server: Neo4jTestServer | ExternalNeo4j) -> str:
    return neo4j_server.uri


@pytest.fixture(scope="session")
def neo4j_auth(neo4j_server: Neo4jTestServer | ExternalNeo4j) -> tuple[str, str]:
    return neo4j_server.auth


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str, neo4j_auth: tuple[str, str]) -> Iterator[Driver]:
    """The official driver, connected to the session's Neo4j."""
    driver = GraphDatabase.driver(neo4j_uri, auth=neo4j_auth)
    try:
        driver.verify_connectivity()
    except Exception as error:  # noqa: BLE001
        driver.close()
        _fail(f"cannot connect to the Neo4j at {neo4j_uri}: {error}")
    yield driver
    driver.close()


def empty_database(driver: Driver) -> None:
    """Deletes every node and relationship, constraint and index (token lookups stay)."""
    # CALL {} IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    with driver.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name")
    for record in constraints:
        driver.execute_query(f"DROP CONSTRAINT {_quote(record['name'])} IF EXISTS")
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
    )
    for record in indexes:
        driver.execute_query(f"DROP INDEX {_quote(record['name'])} IF EXISTS")


def _quote(name: str) -> str:
    """A schema name as a Cypher identifier (names come from SHOW, not from users)."""
    return "`" + name.replace("`", "``") + "`"


@pytest.fixture
def clean_neo4j(neo4j_driver: Driver) -> Driver:
    """The session's driver, on a database emptied for this test."""
    empty_database(neo4j_driver)
    return neo4j_driver


@pytest.fixture
def private_neo4j_server() -> Iterator[Neo4jTestServer]:
    """A launcher Neo4j of this test's own (fresh data directory), stopped afterwards.

    For tests that stop, kill or restart a server in the middle of their work. Always the
    embedded launcher, even when NEO4J_URI names another server.
    """
    server = _start_launcher_server()
    yield server
    server.close()


@pytest.fixture(scope="session")
def neo4j_server_factory() -> Iterator[Callable[[], Neo4jTestServer]]:
    """Starts extra launcher servers on demand; all are stopped at the end of the session."""
    started: list[Neo4jTestServer] = []

    def start() -> Neo4jTestServer:
        server = _start_launcher_server()
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def pytest_report_header(config: pytest.Config) -> str:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return f"neo4j: external server NEO4J_URI={uri}"
    return "neo4j: embedded Neo4j 5.26 launcher (tests/neo4j-launcher), started for this run"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_sep("-", "Neo4j used by this run")
    if _NEO4J_REPORT:
        for line in _NEO4J_REPORT:
            terminalreporter.write_line(line)
    else:
        terminalreporter.write_line("no test in this run needed Neo4j")


@pytest.fixture(scope="session")
def kg_nlp():
    """The default extraction pipeline (blank English + kg components), loaded once."""
    from kg.extraction import build_nlp

    return build_nlp()


@pytest.fixture(scope="session", params=["none", None], ids=["rules", "classifier"])
def rel_pipelines(request):
    """kg_relations alone over a sentencizer: the cue rules alone ("none") and with the
    shipped relation classifier, so each relation test runs on both."""
    import spacy

    import kg.extraction.relations  # noqa: F401  (registers the kg_relations factory)

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("kg_relations", config={"weights_path": request.param})
    return pipeline
