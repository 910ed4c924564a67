"""`kg export --format neo4j-admin`: Neo4j's real import tool builds the graph `kg load` builds.

The files are imported with ``neo4j-admin database import full`` (Neo4j 5.26.30, the
jars of the test server, built by tests/setup-test-deps.sh) into a fresh data directory,
a server is started on it, and every node and relationship there is compared with what
`kg load` writes into the session's Neo4j from the same graph.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from graph_samples import gold_samples, snapshot
from neo4j import GraphDatabase
from neo4j_server import Neo4jTestServer, run_neo4j_admin
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app
from kg.errors import ConfigError
from kg.models import Entity, Evidence, Extraction, Paper, Relation
from kg.neo4j.bulk import write_bulk_csv
from kg.neo4j.export import export_graph
from kg.neo4j.loader import load_graph
from kg.neo4j.schema import read_schema_file
from kg.stores.embedded import EmbeddedStore

pytestmark = pytest.mark.neo4j

ODD = 'A "quoted", comma; semi\\colon back\\\\slash — ünïcödé'


def _odd_items() -> list[tuple[Paper, Extraction]]:
    """What CSV can get wrong: quotes, commas, newlines, backslashes, empty strings."""
    pid = "x:odd"
    sentence = f"{ODD} improves on\nBERT-large with LoRA."
    ev = Evidence(
        paper_id=pid, sentence=sentence, start=0, end=4, rule='rule,"x"', confidence=0.125
    )
    paper = Paper(
        id=pid,
        title=f"{ODD}\nsecond line",
        abstract=sentence,
        url="https://arxiv.org/abs/2106.09685",
        arxiv_id="2106.09685",
        date="2021-06-17",
    )
    extraction = Extraction(
        id=pid,
        title=paper.title,
        entities=[
            Entity(name=ODD, type="Method", aliases=["Odd; alias", 'q"uote'], mentions=[ev]),
            Entity(name="BERT-large", type="Model", family="BERT", mentions=[ev]),
            Entity(name="LoRA", type="Method", mentions=[ev]),
        ],
        proposes=[ODD],
        relations=[
            Relation(head=ODD, type="OUTPERFORMS", tail="BERT-large", evidence=ev),
            Relation(head="@paper", type="USES", tail="LoRA", evidence=ev),
        ],
        urls=["https://github.com/org/odd"],
    )
    return [(paper, extraction)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("bulk-store"), create=True)
    store.put_many(gold_samples(limit=20) + _odd_items())
    return store


def test_the_import_tool_builds_the_graph_kg_load_builds(store, clean_neo4j, tmp_path):
    graph = store.graph()
    load_graph(clean_neo4j, graph)
    loaded = snapshot(clean_neo4j)
    assert len(loaded["nodes"]) == graph.number_of_nodes() > 40
    assert any("OUTPERFORMS" in r for r in loaded["rels"])

    files = write_bulk_csv(graph, tmp_path / "csv")
    home = tmp_path / "home"
    output = run_neo4j_admin(home, files.import_arguments())
    assert "IMPORT DONE" in output
    with (
        Neo4jTestServer(home) as server,
        GraphDatabase.driver(server.uri, auth=server.auth) as driver,
    ):
        imported = snapshot(driver)
        assert imported == loaded
        # schema.cypher, run as `cypher-shell -f` would, gives the constraints kg load makes
        for statement in read_schema_file(files.schema):
            driver.execute_query(statement)
        names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name")[0]}
        expected = {r["name"] for r in clean_neo4j.execute_query("SHOW CONSTRAINTS YIELD name")[0]}
        assert names == expected


def test_cli_export_prints_the_import_command(store, tmp_path):
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "out"), "--store", str(store.directory)]
    )
    assert result.exit_code == 0, result.output
    command = next(
        line.strip()
        for line in result.output.splitlines()
        if line.strip().startswith("neo4j-admin ")
    )
    args = shlex.split(command)
    assert args[1:5] == ["database", "import", "full", "neo4j"]
    named = [a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert sorted(Path(p).name for p in named) == sorted(
        p.name for p in (tmp_path / "out").glob("*.csv")
    )
    assert all(Path(p).is_absolute() and Path(p).is_file() for p in named)


def test_other_formats_hold_the_same_nodes_and_edges(store, tmp_path):
    graph = store.graph()
    with KnowledgeGraph(store) as kg_graph:
        jsonl = kg_graph.export(tmp_path / "jsonl", "jsonl")
    nodes = [json.loads(x) for x in (tmp_path / "jsonl" / "nodes.jsonl").read_text().splitlines()]
    edges = [json.loads(x) for x in (tmp_path / "jsonl" / "edges.jsonl").read_text().splitlines()]
    assert (jsonl.nodes, jsonl.relationships) == (graph.number_of_nodes(), graph.number_of_edges())
    assert len({n["id"] for n in nodes}) == len(nodes) == graph.number_of_nodes()
    assert {e["start"] for e in edges} | {e["end"] for e in edges} <= {n["id"] for n in nodes}
    odd = next(n for n in nodes if n["properties"].get("name") == ODD)
    assert odd["labels"] == ["Entity", "Method"]
    assert "Odd; alias" in odd["properties"]["aliases"]

    report = export_graph(graph, tmp_path / "csv", "csv")
    import csv

    with (tmp_path / "csv" / "edges.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == report.relationships == graph.number_of_edges()
    assert any(r["type"] == "OUTPERFORMS" and "\n" in r["sentence"] for r in rows)
    assert export_graph(graph, tmp_path / "gml", "graphml").files[0].stat().st_size > 0
    with pytest.raises(ConfigError, match="unknown export format"):
        export_graph(graph, tmp_path / "x", "parquet")
