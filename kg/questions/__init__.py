"""Canned questions, answered the same on the embedded graph and on Neo4j.

    from kg.questions import list_questions, ask
    ask("methods-compressing", graph, model="BERT")      # graph: networkx MultiDiGraph

Each question is a ``queries/<name>.cypher`` file (its header: name, params, question,
columns) plus a Python function of the same name in kg.questions.embedded. An answer
is an `Answer`: the question, the parameters, what each entity argument resolved to,
the column names, and the rows (plain dicts with exactly those columns, in a fixed order).

This package knows no store: the Neo4j side (the same questions run as Cypher in a read
transaction) is kg.neo4j.questions, and the API (kg.api) picks the backend.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.errors import QuestionError
from kg.questions.answer import Answer, answer, family_scope
from kg.questions.catalog import Param, Question, catalog, get_question
from kg.questions.embedded import IMPLEMENTATIONS
from kg.questions.params import positional
from kg.questions.resolve import EntityRef, resolve_in_graph, similar_in_graph

__all__ = [
    "Answer",
    "EntityRef",
    "Param",
    "Question",
    "QuestionError",
    "ask",
    "ask_embedded",
    "get_question",
    "list_questions",
    "positional",
]


def list_questions() -> list[Question]:
    return sorted(catalog().values(), key=lambda q: q.name)


def ask(name: str, graph: nx.MultiDiGraph, /, **params: Any) -> Answer:
    """Answer on a networkx graph (the embedded store's); Neo4j: kg.neo4j.questions."""
    return ask_embedded(graph, name, **params)


def ask_embedded(
    graph: nx.MultiDiGraph, name: str, /, *, exact: bool = False, **params: Any
) -> Answer:
    """Answer on the networkx graph. Entity names take in their family unless ``exact``."""
    question = get_question(name)
    implementation = IMPLEMENTATIONS.get(name)
    if implementation is None:
        raise QuestionError(
            f"question {name!r} has no embedded implementation",
            where=str(question.path),
            hint="add a function to kg/questions/embedded.py IMPLEMENTATIONS",
        )
    return answer(
        question,
        params,
        lambda text, family: resolve_in_graph(graph, text, family_scope(exact, family)),
        lambda text: similar_in_graph(graph, text),
        lambda _q, values: implementation(graph, **values),
    )
