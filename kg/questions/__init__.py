"""Canned questions, answered the same on the embedded graph and on Neo4j.

    from kg.questions import list_questions, ask
    ask("methods-compressing", graph, model="BERT")      # graph: networkx MultiDiGraph
    ask("methods-compressing", driver, model="BERT")     # driver: neo4j.Driver

Each question is a ``queries/<name>.cypher`` file (its header: name, params, question,
columns) plus a Python function of the same name in kg.questions.embedded. An answer
is an `Answer`: the question, the parameters, what each entity argument resolved to,
the column names, and the rows (plain dicts with exactly those columns, in a fixed order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
from neo4j import Driver
from pydantic import BaseModel

from kg.errors import QuestionError
from kg.questions.catalog import Param, Question, catalog, get_question
from kg.questions.embedded import IMPLEMENTATIONS
from kg.questions.params import bind, positional
from kg.questions.resolve import EntityRef, no_match, resolve_in_graph, similar_in_graph

__all__ = [
    "Answer", "EntityRef", "Param", "Question", "QuestionError", "ask", "ask_embedded",
    "ask_neo4j", "get_question", "list_questions", "positional", "run_cypher",
]

Resolver = Callable[[str, str], list[EntityRef]]  # (name, family: all | variants | none)
Suggester = Callable[[str], list[str]]
Runner = Callable[[Question, dict[str, Any]], list[dict]]


class Answer(BaseModel):
    """One question's answer; equal answers from both backends compare equal."""

    question: str
    params: dict[str, Any]
    resolved: dict[str, list[EntityRef]]
    columns: list[str]
    rows: list[dict[str, Any]]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (pandas is optional: install it to use this)."""
        try:
            import pandas
        except ModuleNotFoundError:
            raise QuestionError(
                "pandas is not installed", hint="pip install pandas to get DataFrames"
            ) from None
        return pandas.DataFrame(self.rows, columns=self.columns)


def list_questions() -> list[Question]:
    return sorted(catalog().values(), key=lambda q: q.name)


def ask(name: str, backend: nx.MultiDiGraph | Driver, /, **params: Any) -> Answer:
    """Answer on a networkx graph (embedded) or on a neo4j Driver."""
    if isinstance(backend, nx.Graph):
        return ask_embedded(backend, name, **params)
    return ask_neo4j(backend, name, **params)


def ask_embedded(graph: nx.MultiDiGraph, name: str, /, *, exact: bool = False,
                 **params: Any) -> Answer:
    """Answer on the networkx graph. Entity names take in their family unless ``exact``."""
    question = get_question(name)
    implementation = IMPLEMENTATIONS.get(name)
    if implementation is None:
        raise QuestionError(
            f"question {name!r} has no embedded implementation", where=str(question.path),
            hint="add a function to kg/questions/embedded.py IMPLEMENTATIONS",
        )
    return _answer(question, params,
                   lambda text, family: resolve_in_graph(graph, text, _family(exact, family)),
                   lambda text: similar_in_graph(graph, text),
                   lambda _q, values: implementation(graph, **values))


def ask_neo4j(driver: Driver, name: str, /, *, database: str | None = None,
              uri: str = "neo4j", exact: bool = False, **params: Any) -> Answer:
    from neo4j.exceptions import ClientError

    from kg.neo4j.connection import translated_errors
    from kg.neo4j.questions import (
        lacks_alias_index,
        read_session,
        resolve_in_neo4j,
        run_question,
        similar_in_neo4j,
    )

    question = get_question(name)

    def work(tx: Any, indexed: bool = True) -> Answer:  # one read transaction, retried whole
        return _answer(question, params,
                       lambda text, family: resolve_in_neo4j(
                           tx, text, indexed=indexed, family=_family(exact, family)),
                       lambda text: similar_in_neo4j(tx, text),
                       lambda q, values: run_question(tx, q, values))

    with translated_errors(uri), read_session(driver, database) as session:
        try:
            return session.execute_read(work)
        except ClientError as exc:
            if not lacks_alias_index(exc):
                raise
            return session.execute_read(work, False)


def run_cypher(driver: Driver, query: str, params: dict[str, Any] | None = None,
               **options: Any) -> tuple[list[str], list[dict]]:
    """``kg cypher``: one query on Neo4j, read-only unless ``allow_write=True``."""
    from kg.neo4j.questions import run_cypher as run

    return run(driver, query, params, **options)


def _family(exact: bool, header: str) -> str:
    """How far an entity argument widens: `--exact` or a question that walks the family
    itself ('walked'): none; 'variants': size/version variants only; else the whole family."""
    if exact or header == "walked":
        return "none"
    return "variants" if header == "variants" else "all"


def _answer(question: Question, given: dict[str, Any], resolve: Resolver,
            suggest: Suggester, run: Runner) -> Answer:
    values, truncate = bind(question, given)
    resolved: dict[str, list[EntityRef]] = {}
    query_params = dict(values)
    for param in question.params:
        if param.kind == "entity":
            refs = resolve(values[param.name], question.family)
            if not refs:
                text = values[param.name]
                raise no_match(question.name, param.name, text, suggest(text))
            resolved[param.name] = refs
            query_params[param.name] = [ref.key for ref in refs]
    rows = run(question, query_params)
    for row in rows:
        if list(row) != list(question.columns):
            raise QuestionError(
                f"answer columns {list(row)} differ from the header's {list(question.columns)}",
                where=str(question.path), hint="fix the RETURN clause or the // columns: line",
            )
    return Answer(question=question.name, params=values, resolved=resolved,
                  columns=list(question.columns),
                  rows=rows[:truncate] if truncate is not None else rows)
