"""The Neo4j answers: the question's .cypher run on a driver in READ access mode.

Everything runs in managed read transactions (``session.execute_read``) of a session
opened with ``default_access_mode=READ_ACCESS``, so the server refuses any write. A
question is one transaction: the resolution of its entity arguments and its query run
in it back to back (fewer round trips than a transaction each). Values
reach Cypher only as parameters. `ask_neo4j` answers a canned question (the same
`Answer` as the embedded backend's, built by kg.questions.answer); `run_cypher` serves
``kg cypher``: read-only unless the caller allows writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, ManagedTransaction, Session
from neo4j import exceptions as neo4j_errors

from kg.errors import QuestionError
from kg.graph.keys import entity_key
from kg.neo4j.connection import translated_errors
from kg.neo4j.schema import ALIAS_INDEX
from kg.questions.answer import Answer, answer, family_scope
from kg.questions.catalog import Question, get_question, helper_query
from kg.questions.names import did_you_mean
from kg.questions.resolve import EntityRef

ACCESS_MODE_CODES = ("Neo.ClientError.Statement.AccessMode",)
"""Server codes for "this transaction may not write"."""


def _records(tx: Any, query: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    result = tx.run(query, params)
    rows = [record.data() for record in result]
    return list(result.keys()), rows


@contextmanager
def read_session(driver: Driver, database: str | None = None) -> Iterator[Session]:
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        yield session


def resolve_in_neo4j(
    tx: ManagedTransaction, text: str, *, indexed: bool = True, family: str = "all"
) -> list[EntityRef]:
    """The entities `text` names, by the same rule as kg.questions.resolve.

    `indexed` finds aliases through the full-text index; without it, by a scan.
    """
    query = helper_query("resolve-entity" if indexed else "resolve-entity-scan")
    _, rows = _records(tx, query, {"key": entity_key(text), "family": family})
    return [EntityRef(**row) for row in rows]


def lacks_alias_index(exc: neo4j_errors.Neo4jError) -> bool:
    """The database was loaded before the alias index existed (an older `kg load`)."""
    return ALIAS_INDEX in str(exc.message or exc)


def similar_in_neo4j(tx: ManagedTransaction, text: str) -> list[str]:
    """Names to suggest, ranked as on the embedded graph (close spellings, then containing)."""
    _, rows = _records(tx, helper_query("entity-names"), {})
    choices: dict[str, tuple[str, int]] = {}
    for row in rows:
        for key in (row["key"], *row["alias_keys"]):
            if key not in choices or choices[key][1] < row["papers"]:
                choices[key] = (row["name"], row["papers"])
    return did_you_mean(text, choices)


def run_question(
    tx: ManagedTransaction, question: Question, params: dict[str, Any]
) -> list[dict[str, Any]]:
    try:
        _, rows = _records(tx, question.cypher, params)
    except neo4j_errors.ClientError as exc:
        raise QuestionError(
            f"Neo4j rejected the query: {exc.message}",
            where=str(question.path),
            hint="the question file's Cypher is wrong; fix it or report it",
        ) from exc
    return rows


def ask_neo4j(
    driver: Driver,
    name: str,
    /,
    *,
    database: str | None = None,
    uri: str = "neo4j",
    exact: bool = False,
    **params: Any,
) -> Answer:
    """Answer the canned question `name` on Neo4j, in one read transaction.
    Entity names take in their family unless ``exact``."""
    question = get_question(name)

    def work(tx: ManagedTransaction, indexed: bool = True) -> Answer:  # retried whole
        return answer(
            question,
            params,
            lambda text, family: resolve_in_neo4j(
                tx, text, indexed=indexed, family=family_scope(exact, family)
            ),
            lambda text: similar_in_neo4j(tx, text),
            lambda q, values: run_question(tx, q, values),
        )

    with translated_errors(uri), read_session(driver, database) as session:
        try:
            return session.execute_read(work)
        except neo4j_errors.ClientError as exc:
            if not lacks_alias_index(exc):
                raise
            return session.execute_read(work, False)


def run_cypher(
    driver: Driver,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    allow_write: bool = False,
    database: str | None = None,
    uri: str = "neo4j",
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run one Cypher query; returns (column names, rows as dicts).

    Read-only unless `allow_write`: the session and the transaction are in READ access
    mode and the server refuses writes, which become a QuestionError.
    """
    mode = WRITE_ACCESS if allow_write else READ_ACCESS
    with (
        translated_errors(uri),
        driver.session(database=database, default_access_mode=mode) as session,
    ):
        work = session.execute_write if allow_write else session.execute_read
        try:
            return work(_records, query, params or {})
        except neo4j_errors.ClientError as exc:
            raise _client_error(exc, allow_write) from exc


def _client_error(exc: neo4j_errors.ClientError, allow_write: bool) -> QuestionError:
    if not allow_write and (exc.code in ACCESS_MODE_CODES or "read access mode" in str(exc)):
        return QuestionError(
            "the query writes, and kg cypher runs in read access mode",
            where="kg cypher",
            hint="pass --allow-write to let it change the database",
        )
    return QuestionError(
        f"Neo4j rejected the query: {exc.message}", where="kg cypher", hint=f"Neo4j code {exc.code}"
    )
