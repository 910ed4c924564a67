"""`kg cypher` and `kg ask --neo4j` against the real Neo4j of the test run.

`kg cypher` runs in READ access mode: the server refuses writes, and the CLI says so
(exit 2) unless --allow-write is given. Parameters travel as parameters, so an injection
attempt in a value is just a string.
"""

from __future__ import annotations

import json

import pytest
from questions_samples import INJECTION, sample_graph
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QuestionError
from kg.neo4j.loader import load_graph
from kg.neo4j.questions import run_cypher
from kg.questions import ask_embedded

pytestmark = pytest.mark.neo4j

runner = CliRunner()
GRAPH = sample_graph()


@pytest.fixture(scope="module")
def env(neo4j_server, neo4j_driver) -> dict[str, str]:
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")  # the database is shared
    load_graph(neo4j_driver, GRAPH)
    user, password = neo4j_server.auth
    return {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}


def count(driver, query: str = "MATCH (n) RETURN count(n) AS n") -> int:
    return driver.execute_query(query).records[0]["n"]


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Intruder {name: 'x'}) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (e:Entity) SET e.name = 'changed'",
        "MERGE (p:Paper {id: 'new'})",
    ],
)
def test_cypher_refuses_writes_by_default(env, neo4j_driver, query):
    before = count(neo4j_driver)
    result = runner.invoke(app, ["cypher", query], env=env)
    assert result.exit_code == 2, result.output
    assert "read access mode" in result.stderr and "--allow-write" in result.stderr
    assert count(neo4j_driver) == before
    assert count(neo4j_driver, "MATCH (e:Entity {name: 'changed'}) RETURN count(e) AS n") == 0


def test_the_api_refuses_writes_with_a_question_error(env, neo4j_driver):
    with pytest.raises(QuestionError, match="read access mode"):
        run_cypher(neo4j_driver, "CREATE (:Intruder)")


def test_cypher_allows_writes_when_asked(env, neo4j_driver):
    result = runner.invoke(
        app,
        [
            "cypher",
            "CREATE (n:Scratch {v: $v}) RETURN n.v AS v",
            "--param",
            "v=41",
            "--allow-write",
            "--json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"v": 41}]
    assert count(neo4j_driver, "MATCH (n:Scratch) RETURN count(n) AS n") == 1
    neo4j_driver.execute_query("MATCH (n:Scratch) DETACH DELETE n")


def test_cypher_reads_with_parameters_verbatim(env, neo4j_driver):
    query = "MATCH (e:Entity) WHERE e.name = $name RETURN e.name AS name, e.type AS type"
    result = runner.invoke(
        app, ["cypher", query, "--param", f"name={INJECTION}", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": INJECTION, "type": "Method"}]
    table = runner.invoke(app, ["cypher", query, "-p", "name=BERT"], env=env)
    assert table.exit_code == 0 and "BERT" in table.stdout
    assert count(neo4j_driver) == GRAPH.number_of_nodes()


def test_cypher_reports_a_bad_query_and_a_bad_param(env):
    result = runner.invoke(app, ["cypher", "MATCH (n RETURN n"], env=env)
    assert result.exit_code == 2 and "Neo4j rejected the query" in result.stderr
    result = runner.invoke(app, ["cypher", "RETURN 1", "--param", "novalue"], env=env)
    assert result.exit_code == 2 and "NAME=VALUE" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["methods-compressing", "BERT"],
        ["path", "DistilBERT", "F1"],
        ["top-entities", "Dataset", "--limit", "2"],
    ],
)
def test_ask_neo4j_prints_the_embedded_answer(env, args):
    result = runner.invoke(app, ["ask", *args, "--neo4j", "--json"], env=env)
    assert result.exit_code == 0, result.output
    names = ("model", "a", "b", "type")
    params = dict(zip([n for n in names if n in _params(args[0])], args[1:], strict=False))
    if "--limit" in args:
        params = {"type": args[1], "limit": int(args[-1])}
    assert json.loads(result.stdout) == ask_embedded(GRAPH, args[0], **params).model_dump()


def _params(name: str) -> list[str]:
    from kg.questions import get_question

    return [p.name for p in get_question(name).params]
