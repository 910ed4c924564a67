"""Hostile values through the command line: `kg load` of a store holding names, ids and
titles with quotes, backticks, braces, `//` and `}) DETACH DELETE n //`, then `kg ask`
with such arguments on the embedded store and on Neo4j: same answers, stored verbatim,
nothing deleted. (The API-level parity and `kg cypher` tests are test_parity.py and
test_cypher_cli.py; this adds the CLI path end to end.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from questions_samples import (
    HOSTILE_MODEL,
    HOSTILE_PAPER_ID,
    HOSTILE_TITLE,
    INJECTION,
    sample_items,
)
from robust_graphs import counts
from typer.testing import CliRunner

from kg.cli import app
from kg.stores.embedded import EmbeddedStore

pytestmark = pytest.mark.neo4j

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(neo4j_driver, neo4j_server, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")  # the database is shared
    store = tmp_path_factory.mktemp("hostile") / "store"
    with EmbeddedStore(store) as stored:
        stored.put_many(sample_items())
    user, password = neo4j_server.auth
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    result = runner.invoke(app, ["load", "--store", str(store)], env=env)
    assert result.exit_code == 0, result.output
    return store, env


def _ask(store: Path, env: dict[str, str], *args: str, neo4j: bool) -> dict:
    where = ["--neo4j"] if neo4j else ["--store", str(store)]
    result = runner.invoke(app, ["ask", *args, *where, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


@pytest.mark.parametrize(
    "args",
    [
        ["entity", INJECTION],
        ["entity", HOSTILE_MODEL],
        ["methods-compressing", "BERT"],
        ["top-entities", "Method"],
        ["papers-using", INJECTION],
        ["path", HOSTILE_MODEL, "GLUE"],
    ],
)
def test_hostile_arguments_answer_the_same_on_both_backends(loaded, neo4j_driver, args):
    store, env = loaded
    before = counts(neo4j_driver)
    embedded = _ask(store, env, *args, neo4j=False)
    assert embedded == _ask(store, env, *args, neo4j=True)
    assert embedded["rows"], args
    assert any(INJECTION in text or HOSTILE_MODEL in text for text in _strings(embedded))
    assert counts(neo4j_driver) == before  # nothing deleted or written


def test_hostile_values_are_stored_verbatim(loaded, neo4j_driver):
    records = neo4j_driver.execute_query(
        "MATCH (p:Paper {id: $id})-[:MENTIONS]->(e:Entity) RETURN p.title AS title, "
        "collect(e.name) AS names",
        id=HOSTILE_PAPER_ID,
    ).records
    assert len(records) == 1
    assert records[0]["title"] == HOSTILE_TITLE
    assert {INJECTION, HOSTILE_MODEL} <= set(records[0]["names"])
