"""Loading into the real Neo4j of the test run: idempotent, exact removal, clear errors."""

from __future__ import annotations

from collections import Counter

import pytest
from graph_samples import gold_samples, snapshot

from kg.errors import GraphDatabaseError
from kg.graph import build_graph
from kg.models import Entity, Evidence, Extraction, Relation
from kg.neo4j.connection import Neo4jSettings, connect
from kg.neo4j.loader import (
    database_counts,
    edge_query,
    load_graph,
    node_query,
    remove_paper,
)
from kg.types import NodeLabel, RelationType, ResultEdge, StructuralEdge

pytestmark = pytest.mark.neo4j


def _extra() -> list[Extraction]:
    """Papers exercising what the gold records lack: variants, repositories, @paper heads."""

    def ev(pid: str) -> Evidence:
        return Evidence(
            paper_id=pid, sentence=f"evidence of {pid}", start=0, end=5, rule="test", confidence=0.7
        )

    def ents(pid: str) -> list[Entity]:
        return [
            Entity(name="BERT-base", type="Model", family="BERT", mentions=[ev(pid)]),
            Entity(name="GLUE", type="Dataset", mentions=[ev(pid)]),
        ]

    return [
        Extraction(
            id="x:variant-a",
            title="A",
            entities=ents("x:variant-a"),
            urls=["https://github.com/org/a"],
            relations=[
                Relation(
                    head="@paper", type="EVALUATED_ON", tail="GLUE", evidence=ev("x:variant-a")
                )
            ],
        ),
        Extraction(
            id="x:variant-b",
            title="B",
            entities=ents("x:variant-b"),
            urls=["https://github.com/org/a", "https://github.com/org/b"],
        ),
    ]


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return [x for _, x in gold_samples(limit=15)] + _extra()


@pytest.fixture
def no_data(neo4j_driver):
    """An empty database that keeps its schema (and so Neo4j's query plan cache)."""
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_driver


def test_loading_twice_changes_nothing(clean_neo4j, neo4j_driver, extractions):
    graph = build_graph(extractions)
    written = load_graph(neo4j_driver, graph)
    assert written == {"nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()}
    counts = database_counts(neo4j_driver)
    assert sum(counts[label.value] for label in NodeLabel) == graph.number_of_nodes()
    edge_types = Counter(data["type"] for _, _, data in graph.edges(data=True))
    labels = Counter(data["label"] for _, data in graph.nodes(data=True))
    for rel in ("VARIANT_OF", "HAS_CODE"):  # the extra samples give both, loaded one for one
        assert counts[rel] == edge_types[rel] > 0
    assert counts["Repository"] == labels["Repository"] > 0
    first = snapshot(neo4j_driver)
    load_graph(neo4j_driver, graph)
    assert database_counts(neo4j_driver) == counts
    assert snapshot(neo4j_driver) == first
    # Entities carry :Entity:<Type> and the contract's properties; relations their evidence.
    with neo4j_driver.session() as session:
        record = session.run("MATCH (e:Entity:Model {key: 'bertbase'}) RETURN e").single()
        paper_rel = session.run(
            "MATCH (:Paper {id: 'x:variant-a'})-[r:EVALUATED_ON]->(:Entity {key: 'glue'}) RETURN r"
        ).single()
    expected = graph.nodes["entity:bertbase"]
    assert dict(record["e"]) == {
        k: v
        for k, v in expected.items()  # Neo4j keeps no []
        if k != "label" and v is not None and v != []
    }
    assert dict(paper_rel["r"])["sentence"] == "evidence of x:variant-a"


def test_remove_takes_exactly_the_papers_share(no_data, neo4j_driver, extractions):
    victim = "x:variant-a"
    after = build_graph([x for x in extractions if x.id != victim])
    load_graph(neo4j_driver, after)
    expected, expected_counts = snapshot(neo4j_driver), database_counts(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    load_graph(neo4j_driver, build_graph(extractions))
    assert database_counts(neo4j_driver) != expected_counts
    remove_paper(neo4j_driver, victim, after)
    assert database_counts(neo4j_driver) == expected_counts
    assert snapshot(neo4j_driver) == expected
    # Loading with prune makes Neo4j mirror a graph that lost a paper since the last load.
    load_graph(neo4j_driver, build_graph(extractions))
    written = load_graph(neo4j_driver, after, prune=True)
    assert written["pruned"] > 0
    assert snapshot(neo4j_driver) == expected
    assert load_graph(neo4j_driver, after, prune=True)["pruned"] == 0


def test_removing_the_last_supporter_removes_variant_family_and_repositories(
    no_data, neo4j_driver, extractions
):
    extra = _extra()
    load_graph(neo4j_driver, build_graph(extra))
    deleted = remove_paper(neo4j_driver, "x:variant-a")  # without the graph after: Cypher only
    assert deleted == []
    assert database_counts(neo4j_driver)["Paper"] == 1
    assert database_counts(neo4j_driver)["Repository"] == 2  # b still links both
    with neo4j_driver.session() as session:
        papers = session.run("MATCH (e:Entity {key: 'glue'}) RETURN e.papers AS n").single()["n"]
    assert papers == 1
    deleted = remove_paper(neo4j_driver, "x:variant-b", build_graph([]))
    assert sorted(deleted) == ["bert", "bertbase", "glue"]
    assert sum(database_counts(neo4j_driver).values()) == 0


def test_wrong_credentials_and_unreachable_servers_raise_clear_errors(neo4j_server):
    uri = neo4j_server.uri
    with pytest.raises(GraphDatabaseError, match="refused the credentials") as info:
        connect(Neo4jSettings(uri=uri, user="neo4j", password="wrong-secret-123"))
    assert "wrong-secret-123" not in info.value.render()
    with pytest.raises(GraphDatabaseError, match="cannot reach Neo4j"):
        connect(Neo4jSettings(uri="bolt://127.0.0.1:9", password="x"))
    with pytest.raises(GraphDatabaseError, match="NEO4J_URI"):
        connect(Neo4jSettings(uri="http://127.0.0.1:7474", password="x"))
    assert "wrong" not in repr(Neo4jSettings(password="wrong"))


def test_labels_and_types_only_from_the_enums():
    with pytest.raises(ValueError):
        node_query("Paper) DETACH DELETE (n", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        node_query(NodeLabel.ENTITY, "Model:Admin")
    query = edge_query(NodeLabel.ENTITY, RelationType.USES, NodeLabel.ENTITY)
    assert "$rows" in query and "MERGE (a)-[r:USES {paper_id: row.paper_id}]->(b)" in query


def _graph_counts(graph) -> dict[str, int]:
    counts = {label.value: 0 for label in NodeLabel}
    counts.update({t.value: 0 for t in [*RelationType, *StructuralEdge, *ResultEdge]})
    for _, attrs in graph.nodes(data=True):
        counts[attrs["label"]] += 1
    for *_, attrs in graph.edges(data=True):
        counts[attrs["type"]] += 1
    return counts


def test_cli_load_and_remove_on_neo4j(no_data, neo4j_server, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.stores.embedded import EmbeddedStore

    store = tmp_path / "store"
    with EmbeddedStore(store) as s:
        s.put_many(gold_samples(limit=6))
        victim = s.papers()[2].id
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.auth[0])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.auth[1])
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.startswith("loaded into Neo4j:")
    assert neo4j_server.auth[1] not in loaded.output
    with EmbeddedStore(store) as s:
        assert database_counts(no_data) == _graph_counts(s.graph())
    removed = runner.invoke(app, ["remove", victim, "--store", str(store), "--neo4j"])
    assert removed.exit_code == 0, removed.output
    with EmbeddedStore(store) as s:
        assert victim not in s
        assert database_counts(no_data) == _graph_counts(s.graph())
