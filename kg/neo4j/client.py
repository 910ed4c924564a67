"""The Neo4j side of the Python API (re-exported by kg.api): answer a canned question,
run one Cypher query, and find the credentials, each through one short-lived driver."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.questions import Answer


@dataclass
class CypherResult:
    """The column names and the rows (plain dicts) of one Cypher query."""

    columns: list[str]
    rows: list[dict[str, Any]]


def neo4j_auth(
    user: str | None = None, prompt: Callable[[], str] | None = None
) -> tuple[str, str] | None:
    """(user, password) for Neo4j: ``user`` or NEO4J_USER (default neo4j), and
    NEO4J_PASSWORD, else what ``prompt`` returns. None when there is no password."""
    from kg.neo4j.connection import Neo4jSettings

    return Neo4jSettings.from_env(user=user).auth(prompt)


def ask_neo4j(
    name: str,
    *,
    uri: str | None = None,
    auth: tuple[str, str] | None = None,
    database: str | None = None,
    **params: Any,
) -> Answer:
    """Answer a canned question on Neo4j: the same Answer as `KnowledgeGraph.ask` gives.

    Plain English is routed first, its names looked up in the lexicons."""
    from kg.neo4j.connection import session_for
    from kg.neo4j.questions import ask_neo4j as ask
    from kg.questions.routing import routed

    name, params = routed(name, params, None)
    with session_for(uri, auth, database) as (driver, settings):
        return ask(driver, name, database=settings.database, uri=settings.uri, **params)


def cypher(
    query: str,
    params: dict[str, Any] | None = None,
    *,
    allow_write: bool = False,
    uri: str | None = None,
    auth: tuple[str, str] | None = None,
    database: str | None = None,
) -> CypherResult:
    """Run one Cypher query on Neo4j (``kg cypher``), read-only unless ``allow_write``.

    Values go in as ``params``, never into the query text. A write refused in read mode,
    or a query Neo4j rejects, raises QuestionError.
    """
    from kg.neo4j.connection import session_for
    from kg.neo4j.questions import run_cypher

    with session_for(uri, auth, database) as (driver, settings):
        columns, rows = run_cypher(
            driver,
            query,
            params,
            allow_write=allow_write,
            database=settings.database,
            uri=settings.uri,
        )
    return CypherResult(columns, rows)
