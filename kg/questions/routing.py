"""Plain English to a canned question: ``"which methods compress BERT?"`` ->
``methods-compressing model=BERT``.

1. The text is cleaned (control characters dropped) and tokenized; empty or very long
   text is refused.
2. The tagger (kg.questions.intent) marks the names in it, helped by the names the graph
   and the lexicons know (kg.questions.names).
3. The intent classifier scores every canned question with the names masked; only
   questions in the catalog count. Below the confidence threshold written beside the
   weights, or when "none" (a question the catalogue cannot answer) wins, the text is
   refused with the closest questions; the router never guesses silently.
4. The question's parameters are filled: entity names (resolved to the graph's spelling
   when it has them, kept as typed otherwise), an entity type from the words in
   queries/paraphrases/slots.json, a number for a limit.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import QuestionError, Refusal
from kg.extraction.results.numbers import NUMBER_WORDS
from kg.graph.keys import entity_key
from kg.questions.catalog import Param, Question, catalog
from kg.questions.intent import (
    NONE,
    RouterModel,
    Token,
    known_flags,
    load_model,
    tokenize,
)
from kg.questions.names import GENERIC, NameIndex, close_question
from kg.questions.resolve import EntityRef, resolve_seeds
from kg.resources import data_dir

MAX_CHARS = 1000
"""Longer text is refused: a question, not a document."""
SHOWN = 3  # closest questions named in a refusal
NAMED = ("entity", "string")  # parameters a name in the text fills (leaderboard METRIC)
_TYPE_OF_PARAM = {"model": "Model", "dataset": "Dataset", "task": "Task", "metric": "Metric"}


@dataclass
class Route:
    """The canned question a text routes to, with its parameters."""

    question: str
    params: dict[str, Any]
    confidence: float
    text: str = ""
    alternatives: list[str] = field(default_factory=list)
    resolved: dict[str, list[EntityRef]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """What `kg ask TEXT --dry-run --json` prints; resolved as in an Answer."""
        return {
            "question": self.question,
            "params": self.params,
            "resolved": {k: [r.model_dump() for r in v] for k, v in self.resolved.items()},
        }

    def __str__(self) -> str:
        args = " ".join(f"{k}={v}" for k, v in self.params.items())
        return f"→ {self.question} {args}".rstrip()


class Router:
    """Routes text on one graph (names resolve against it) or on the lexicons alone."""

    def __init__(
        self,
        graph: nx.MultiDiGraph | None = None,
        *,
        model: RouterModel | None = None,
        questions: dict[str, Question] | None = None,
    ):
        self.graph = graph
        self.index = NameIndex(graph)
        self.model = model or load_model()
        self.questions = questions if questions is not None else catalog()

    def route(self, text: str) -> Route:
        """The route of `text`, or a Refusal (a QuestionError) naming the closest questions."""
        clean = clean_text(text)
        misspelled(clean, self.questions)
        if not clean:
            raise self._refusal(text, {}, "the question is empty")
        if len(clean) > MAX_CHARS:
            raise self._refusal(
                clean,
                {},
                f"the text is {len(clean)} characters long; "
                f"ask one question of at most {MAX_CHARS}",
            )
        tokens = tokenize(clean)
        if not any(t.text[0].isalnum() for t in tokens):
            raise self._refusal(clean, {}, "the question has no words")
        known = known_flags(clean, tokens, self.index)
        spans = self.model.name_spans(tokens, known)
        scores = self.model.intent_proba(tokens, spans)
        best, best_p = self.model.decide(scores, self.questions)
        if best == NONE:
            top = max(
                (q for q in scores if q in self.questions), key=scores.__getitem__, default=None
            )
            why = (
                "the catalogue has no question about that"
                if top is None or scores[NONE] >= scores[top]
                else f"not sure which question this is ({top} at {scores[top]:.2f})"
            )
            raise self._refusal(clean, scores, why)
        question = self.questions[best]
        params = self._fill(question, clean, tokens, spans, known, scores)
        resolved = {}
        if self.graph is not None:
            resolved = {
                p.name: resolve_seeds(
                    self.graph, self.index.nodes.get(entity_key(params[p.name]), [])
                )
                for p in question.params
                if p.kind == "entity" and p.name in params
            }
        others = sorted(
            (q for q in scores if q in self.questions and q != best),
            key=scores.__getitem__,
            reverse=True,
        )
        return Route(best, params, round(best_p, 3), clean, others[:SHOWN], resolved)

    # -- parameters --------------------------------------------------------------------
    def _fill(
        self,
        question: Question,
        text: str,
        tokens: list[Token],
        spans: list[tuple[int, int]],
        known: list[bool],
        scores: dict[str, float],
    ) -> dict[str, Any]:
        names = [text[tokens[s].start : tokens[e - 1].end] for s, e in spans]
        named = [p for p in question.params if p.kind in NAMED]
        if not names and named:
            names = _known_runs(text, tokens, known)
        chosen = self._assign(named, names)
        params: dict[str, Any] = {}
        outside = _outside(tokens, spans)
        for param in question.params:
            value = self._value(param, chosen, outside)
            if value is None and param.required:
                raise self._refusal(
                    text,
                    scores,
                    f"found no {param.name.upper()} ({param.kind}) for {question.name}",
                    usage=question.usage,
                )
            if value is not None:
                params[param.name] = value
        return params

    def _value(self, param: Param, chosen: dict[str, str], outside: list[Token]) -> Any:
        if param.kind in NAMED:
            return chosen.get(param.name)
        if param.kind == "type":
            return _entity_type(outside)
        if param.kind == "int":
            return _number(outside)
        return None

    def _assign(self, params: list[Param], names: list[str]) -> dict[str, str]:
        """Names to entity parameters: a typed parameter takes a name of its type first."""
        resolved = [(text, self.index.lookup(text)) for text in names]
        values = [
            (found.name if found else self.index.clean(text), found.type if found else None)
            for text, found in resolved
        ]
        chosen: dict[str, str] = {}
        left = list(range(len(values)))
        for param in params:  # typed parameters: a name of the matching type
            wanted = _TYPE_OF_PARAM.get(param.name)
            pick = next((i for i in left if wanted and values[i][1] == wanted), None)
            if pick is not None and (len(params) > 1 or len(values) > 1):
                chosen[param.name] = values[pick][0]
                left.remove(pick)
        for param in params:  # then the rest, in the order of the text
            if param.name in chosen or not left:
                continue
            wanted = _TYPE_OF_PARAM.get(param.name)
            if wanted == "Metric" and values[left[0]][1] not in (None, "Metric"):
                continue
            chosen[param.name] = values[left.pop(0)][0]
        return chosen

    # -- refusals ----------------------------------------------------------------------
    def _refusal(
        self, text: str, scores: dict[str, float], why: str, usage: str | None = None
    ) -> Refusal:
        close = sorted((p, q) for q, p in scores.items() if q in self.questions)[::-1][:SHOWN]
        shown = [self.questions[q].usage for _, q in close] or ([usage] if usage else [])
        if usage and usage not in shown:
            shown.insert(0, usage)
        hint = "ask about what the graph holds"
        if shown:
            hint += "; closest: " + "; ".join(f"kg ask {u}" for u in shown[:SHOWN])
        hint += "; `kg ask --list` lists every question"
        short = text if len(text) <= 60 else text[:57] + "..."
        return Refusal(f"cannot route {short!r}: {why}", hint=hint)


OPTIONS = frozenset({"limit", "exact"})
"""Keyword arguments that go with plain English as well as with a question name."""


def route(text: str, graph: nx.MultiDiGraph | None = None) -> Route:
    """Route `text` with the names of `graph` (None: the lexicons' names only)."""
    return Router(graph).route(text)


def routed(
    name: str, params: dict[str, Any], graph: nx.MultiDiGraph | None
) -> tuple[str, dict[str, Any]]:
    """A question name with its parameters as given, or plain English routed."""
    if name in catalog() or set(params) - OPTIONS:
        return name, params
    found = route(name, graph)
    return found.question, {**found.params, **params}


def misspelled(text: str, questions: dict[str, Question]) -> None:
    """A misspelled question name ("methods-compresing BERT") is an error with a suggestion.

    Only a first word with a hyphen, or a text of one word, is taken for a question name:
    plain English starting with "paths ..." still routes.
    """
    words = text.split()
    if not words or words[0].lower() in questions:
        return
    first = words[0].lower()
    if "-" not in first and len(words) > 1:
        return
    close = close_question(first, questions)
    if close is not None:
        raise QuestionError(
            f"unknown question {words[0]!r}",
            hint=f"did you mean {close}? usage: kg ask {questions[close].usage}",
        )


def clean_text(text: str) -> str:
    """Control and format characters become spaces; runs of space shrink to one."""
    chars = (" " if unicodedata.category(ch).startswith("C") else ch for ch in str(text))
    return " ".join("".join(chars).split())


@functools.cache
def type_words() -> dict[str, str]:
    """A word (lower case) -> the entity type it names, from queries/paraphrases/slots.json."""
    data = json.loads((data_dir("queries") / "paraphrases" / "slots.json").read_text("utf-8"))
    return {word.lower(): kind for kind, words in data["type"].items() for word in words}


def _outside(tokens: list[Token], spans: list[tuple[int, int]]) -> list[Token]:
    inside = {i for s, e in spans for i in range(s, e)}
    return [t for i, t in enumerate(tokens) if i not in inside]


def _entity_type(tokens: list[Token]) -> str | None:
    words = type_words()
    lowered = [t.lower for t in tokens]
    for i in range(len(lowered)):
        for width in (2, 1):
            phrase = " ".join(lowered[i : i + width])
            if len(lowered[i : i + width]) == width and phrase in words:
                return words[phrase]
    return None


def _number(tokens: list[Token]) -> int | None:
    for token in tokens:
        word = token.lower
        if word.isdigit() and len(word) <= 6:
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


def _known_runs(text: str, tokens: list[Token], known: list[bool]) -> list[str]:
    """Names the gazetteer covers, longest first, when the tagger found none."""
    runs, i = [], 0
    while i < len(tokens):
        if known[i] and tokens[i].lower not in GENERIC:
            j = i
            while j + 1 < len(tokens) and known[j + 1]:
                j += 1
            runs.append(text[tokens[i].start : tokens[j].end])
            i = j + 1
        else:
            i += 1
    return sorted(runs, key=len, reverse=True)[:2]
