"""Every canned question gives the same answer on the embedded graph and on Neo4j.

The test iterates the catalog (queries/*.cypher), so a new question is covered as soon as
its file exists: it fails here until it has an embedded implementation that agrees with
its Cypher. Arguments are derived from the sample graph itself: every entity name (and
alias, in other spellings) for an entity parameter, every entity type for a type
parameter, pairs of names for two entity parameters.

The graph is the hand-made sample (every question's case, hostile values) together with
the gold-annotated training papers copied to tests/data (real titles, names and relations).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from graph_samples import gold_samples
from questions_samples import HOSTILE_MODEL, INJECTION, sample_graph, sample_items

from kg.errors import QuestionError
from kg.graph.assemble import build_graph
from kg.neo4j.loader import load_graph
from kg.neo4j.questions import ask_neo4j
from kg.questions import Answer, ask_embedded, list_questions
from kg.types import EntityType

pytestmark = pytest.mark.neo4j

ITEMS = sample_items() + gold_samples()
GRAPH = build_graph([x for _, x in ITEMS], [p for p, _ in ITEMS])
SAMPLE_NAMES = {d["name"] for _, d in sample_graph().nodes(data=True) if d["label"] == "Entity"}
_BY_PAPERS = sorted(
    (-d["papers"], d["name"])
    for _, d in GRAPH.nodes(data=True)
    if d["label"] == "Entity" and d["name"] not in SAMPLE_NAMES
)
NAMES = sorted(SAMPLE_NAMES) + [name for _, name in _BY_PAPERS[:15]]
SPELLINGS = [
    "bert",
    "BERT-base",
    "bert large",
    "Bidirectional Encoder",
    "kd",
    "qa",
    "LLaMA 2-7b",
    "bobs net",
    "not in the graph",
    "distil",
    "answering",
    "machine translation",  # with its kinds ("neural machine translation")
    "distillation",
    INJECTION,
]


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")  # the database is shared
    load_graph(neo4j_driver, GRAPH)
    return neo4j_driver


def _cases(question) -> list[dict[str, Any]]:
    """Argument sets for a question, from its parameter kinds."""
    per_param: list[list[tuple[str, Any]]] = []
    entity_params = [p for p in question.params if p.kind == "entity"]
    for param in question.params:
        if param.kind == "entity":
            values = NAMES + SPELLINGS if len(entity_params) == 1 else NAMES[::4] + ["bert"]
        elif param.kind == "type":
            values = [t.value for t in EntityType] + ["models"]
        elif param.kind == "int":
            values = [param.default, 1]
        else:
            values = ["x", INJECTION] + ([param.default] if param.default is not None else [])
        per_param.append([(param.name, v) for v in values])
    return [dict(combo) for combo in itertools.product(*per_param)]


def _outcome(ask, *args, **params) -> Answer | str:
    try:
        return ask(*args, **params)
    except QuestionError as exc:
        return f"QuestionError: {exc.render()}"


@pytest.mark.parametrize("question", list_questions(), ids=lambda q: q.name)
def test_both_backends_agree(loaded, question):
    answered = 0
    for params in _cases(question):
        embedded = _outcome(ask_embedded, GRAPH, question.name, **params)
        neo4j = _outcome(ask_neo4j, loaded, question.name, **params)
        assert embedded == neo4j, f"{question.name} {params}"
        answered += isinstance(embedded, Answer) and bool(embedded.rows)
    assert answered, f"the sample graph gives {question.name} no answer to compare"


def test_hostile_values_are_stored_and_queried_verbatim(loaded):
    nodes_before = loaded.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    for backend, ask in ((GRAPH, ask_embedded), (loaded, ask_neo4j)):
        answer = ask(backend, "entity", entity=INJECTION)
        assert [r.name for r in answer.resolved["entity"]] == [INJECTION]
        evaluated = ask(backend, "papers-evaluated-on", dataset="GLUE").rows
        assert INJECTION in {r["subject"] for r in evaluated}
        compressing = ask(backend, "methods-compressing", model="Bob's Net")
        assert compressing.resolved["model"][0].name == HOSTILE_MODEL
        assert any(
            HOSTILE_MODEL in p["sentence"]
            for r in ask(backend, "methods-compressing", model="BERT").rows
            for p in r["papers"]
        )
    after = loaded.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert after == nodes_before == GRAPH.number_of_nodes()


def test_dataset_bridge_agrees(loaded):
    """Rows via a benchmark (Q8BERT evaluated on SQuAD -> QA) match, both directions."""
    embedded = ask_embedded(GRAPH, "methods-for-task", task="QA")
    assert any(r["via"] == "dataset" for r in embedded.rows)
    assert embedded == ask_neo4j(loaded, "methods-for-task", task="QA")
    tasks = ask_embedded(GRAPH, "tasks-for", entity="Q8BERT")
    assert any(r["via"] == "dataset" for r in tasks.rows)
    assert tasks == ask_neo4j(loaded, "tasks-for", entity="Q8BERT")
