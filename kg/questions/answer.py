"""An answer, and how every backend computes one: bind the parameters, resolve each
entity argument, run the query, check the columns.

The backends differ only in the three callables they hand to `answer`: the embedded one
(kg.questions) works on a networkx graph, the Neo4j one (kg.neo4j.questions) in a read
transaction. This module knows neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from kg.errors import QuestionError
from kg.questions.benchmarks import benchmark_pairs
from kg.questions.catalog import Question
from kg.questions.params import bind
from kg.questions.resolve import EntityRef, no_match

Resolver = Callable[[str, str], list[EntityRef]]
"""The entities a text names, widened to their family as far as the scope says
("all", "variants" or "none"; see `family_scope`)."""
Suggester = Callable[[str], list[str]]
"""Names close to a text that named nothing (for "did you mean")."""
Runner = Callable[[Question, dict[str, Any]], list[dict[str, Any]]]
"""The rows of a question for bound parameters (entity arguments as lists of keys)."""


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


def family_scope(exact: bool, header: str) -> str:
    """How far an entity argument widens: `--exact` or a question that walks the family
    itself ('walked'): none; 'variants': size/version variants only; else the whole family."""
    if exact or header == "walked":
        return "none"
    return "variants" if header == "variants" else "all"


def answer(
    question: Question, given: dict[str, Any], resolve: Resolver, suggest: Suggester, run: Runner
) -> Answer:
    """Answer `question` with the parameters `given`, through one backend's callables."""
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
    if "$benchmarks" in question.cypher:  # the dataset bridge (kg.questions.benchmarks)
        query_params["benchmarks"] = benchmark_pairs(query_params.get("task"))
    rows = run(question, query_params)
    for row in rows:
        if list(row) != list(question.columns):
            raise QuestionError(
                f"answer columns {list(row)} differ from the header's {list(question.columns)}",
                where=str(question.path),
                hint="fix the RETURN clause or the // columns: line",
            )
    return Answer(
        question=question.name,
        params=values,
        resolved=resolved,
        columns=list(question.columns),
        rows=rows[:truncate] if truncate is not None else rows,
    )
