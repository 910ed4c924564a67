"""Binding the arguments of a question: names checked, values converted, defaults filled."""

from __future__ import annotations

from typing import Any

from kg.errors import QuestionError
from kg.graph.keys import entity_key
from kg.questions.catalog import Param, Question
from kg.types import EntityType

TRUNCATE = "limit"
"""`limit` given to a question without a limit parameter truncates its answer rows."""


def bind(question: Question, given: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The question's parameters as typed values, and a row limit for truncation (or None)."""
    valid = [p.name for p in question.params]
    truncate = None
    given = dict(given)
    if TRUNCATE not in valid:
        raw = given.pop(TRUNCATE, None)
        if raw is not None:
            truncate = _as_int(question, Param(TRUNCATE, "int"), raw)
    unknown = sorted(set(given) - set(valid))
    if unknown:
        raise QuestionError(
            f"unknown parameter(s) {', '.join(unknown)}",
            where=f"question {question.name}",
            hint=f"usage: {question.usage}",
        )
    values: dict[str, Any] = {}
    for param in question.params:
        value = given.get(param.name)
        if value is None:
            if param.required:
                raise QuestionError(
                    f"missing {param.name.upper()} ({param.kind})",
                    where=f"question {question.name}",
                    hint=f"usage: {question.usage}",
                )
            value = param.default
        values[param.name] = _convert(question, param, value)
    return values, truncate


def positional(question: Question, args: list[str]) -> dict[str, Any]:
    """Map CLI positional arguments onto the parameters in header order."""
    if len(args) > len(question.params):
        raise QuestionError(
            f"too many arguments ({len(args)}; it takes {len(question.params)})",
            where=f"question {question.name}",
            hint=f"usage: {question.usage}",
        )
    return {p.name: a for p, a in zip(question.params, args, strict=False)}


def _convert(question: Question, param: Param, value: Any) -> Any:
    if param.kind == "int":
        return _as_int(question, param, value)
    if not isinstance(value, str):
        raise QuestionError(
            f"{param.name.upper()} must be text, not {type(value).__name__}",
            where=f"question {question.name}",
            hint=f"usage: {question.usage}",
        )
    if param.kind == "type":
        return _as_type(question, param, value)
    if param.kind == "entity" and not entity_key(value):
        raise QuestionError(
            f"{param.name.upper()} {value!r} has no letters or digits to match a name",
            where=f"question {question.name}",
            hint="give an entity name such as BERT",
        )
    return value


def _as_int(question: Question, param: Param, value: Any) -> int:
    try:
        number = value if isinstance(value, int) and not isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise QuestionError(
            f"{param.name} must be a whole number >= 0, not {value!r}",
            where=f"question {question.name}",
            hint=f"usage: {question.usage}",
        )
    return number


def _as_type(question: Question, param: Param, value: str) -> str:
    wanted = value.strip().lower()
    for entity_type in EntityType:
        if wanted in (entity_type.value.lower(), entity_type.value.lower() + "s"):
            return entity_type.value
    raise QuestionError(
        f"unknown entity type {value!r}",
        where=f"question {question.name}",
        hint="one of " + ", ".join(t.value for t in EntityType),
    )
