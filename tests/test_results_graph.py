"""Result nodes through the graph, the embedded store, GraphML, the viz payload and Neo4j
(the real server of the test run), and the result questions through the Python API."""

from __future__ import annotations

import networkx as nx
import pytest
from questions_samples import sample_items

from kg.graph import build_graph
from kg.graph.results import result_node
from kg.neo4j.loader import database_counts, load_graph, prune_to_graph, remove_paper
from kg.stores.embedded import EmbeddedStore
from kg.types import NodeLabel, ResultEdge
from kg.viz.graphml import write_graphml
from kg.viz.payload import node_results

ITEMS = sample_items()


def results_graph() -> nx.MultiDiGraph:
    return build_graph([x for _, x in ITEMS], [p for p, _ in ITEMS])


def out_types(graph: nx.MultiDiGraph, node: str) -> dict[str, str]:
    return {d["type"]: target for _, target, d in graph.out_edges(node, data=True)}


def test_every_result_becomes_a_node_linked_to_its_paper_and_entities() -> None:
    graph = results_graph()
    results = [n for n, d in graph.nodes(data=True) if d["label"] == NodeLabel.RESULT]
    assert len(results) == sum(len(x.results) for _, x in ITEMS)
    node = result_node("p3#1")  # MiniLM +2.0 F1 points on SQuAD over DistilBERT
    attrs = graph.nodes[node]
    assert (attrs["value"], attrs["number"], attrs["kind"]) == ("2.0", 2.0, "relative")
    assert graph.has_edge("paper:p3", node, f"{ResultEdge.REPORTS}|p3")
    assert out_types(graph, node) == {
        "RESULT_OF": "entity:minilm",
        "IN_METRIC": "entity:f1",
        "ON_DATASET": "entity:squad",
        "COMPARED_TO": "entity:distilbert",
    }


def test_paper_subjects_and_names_the_paper_lacks() -> None:
    graph = results_graph()
    # @paper with nothing proposed: no subject edge, the paper still reports it
    assert "RESULT_OF" not in out_types(graph, result_node("p4#0"))
    assert graph.nodes[result_node("p4#0")]["subject"] == "@paper"
    # a dataset name that is none of the paper's entities stays a property only
    roberta = result_node("p5#0")
    assert graph.nodes[roberta]["dataset"] == "GLUE"
    assert "ON_DATASET" not in out_types(graph, roberta)
    # lower is better for perplexity
    assert graph.nodes[result_node("p6#0")]["lower_is_better"] is True


def test_store_round_trip_and_removal(tmp_path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        store.put_many(ITEMS)
        assert result_node("p2#2") in store.graph()
        assert store.graph().nodes[result_node("p2#2")]["value"] == "1.2e-3"
        store.remove("p2")
        assert not any(n.startswith("result:p2#") for n in store.graph())


def test_graphml_and_viz_details_carry_results(tmp_path) -> None:
    graph = results_graph()
    path = tmp_path / "g.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert back.nodes[result_node("p3#0")]["value"] == "86.7"
    lines = [r["text"] for r in node_results(graph, "entity:minilm")]
    assert "MiniLM: 86.7 F1 SQuAD" in lines
    assert any("relative, vs DistilBERT" in line for line in lines)


def test_api_ask_returns_leaderboard_rows(tmp_path) -> None:
    from kg.api import KnowledgeGraph

    with EmbeddedStore(tmp_path / "store") as store:
        store.put_many(ITEMS)
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        answer = kg.ask("leaderboard", dataset="glue", metric="Accuracy")
    assert [(r["kind"], r["value"], r["subject"]) for r in answer.rows] == [
        ("absolute", "81.5", "Q8BERT"),
        ("absolute", "77.0", "DistilBERT"),
        ("relative", "97", "DistilBERT"),
    ]
    assert answer.columns[:3] == ["kind", "metric", "value"]


@pytest.mark.neo4j
def test_neo4j_load_is_idempotent_and_removal_takes_the_results(clean_neo4j) -> None:
    driver = clean_neo4j
    graph = results_graph()
    load_graph(driver, graph)
    counts = database_counts(driver)
    assert counts["Result"] == sum(len(x.results) for _, x in ITEMS)
    assert counts["REPORTS"] == counts["Result"]
    load_graph(driver, graph)
    assert database_counts(driver) == counts
    record = driver.execute_query(
        "MATCH (:Paper {id: 'p3'})-[:REPORTS]->(r:Result {key: 'p3#1'})-[:COMPARED_TO]->(e) "
        "RETURN r.value AS value, r.number AS number, e.key AS baseline"
    ).records[0]
    assert (record["value"], record["number"], record["baseline"]) == ("2.0", 2.0, "distilbert")
    after = build_graph([x for _, x in ITEMS if x.id != "p3"], [p for p, _ in ITEMS])
    remove_paper(driver, "p3", after)
    left = driver.execute_query("MATCH (r:Result) WHERE r.paper_id = 'p3' RETURN count(r) AS n")
    assert left.records[0]["n"] == 0
    prune_to_graph(
        driver,
        results_graph().subgraph([n for n in graph if not n.startswith("result:p2#")]).copy(),
    )
    assert database_counts(driver)["Result"] == counts["Result"] - 3 - 3


def test_results_for_lists_own_results_then_those_against_the_entity() -> None:
    from kg.questions import ask_embedded

    graph = results_graph()
    answer = ask_embedded(graph, "results-for", entity="BERT-large", exact=True)
    assert [(r["role"], r["subject"], r["value"], r["dataset"]) for r in answer.rows] == [
        ("subject", "BERT-large", "88.9", "SQuAD")
    ]
    answer = ask_embedded(graph, "results-for", entity="bert")
    keys = {ref.key for ref in answer.resolved["entity"]}
    roles = [r["role"] for r in answer.rows]
    assert roles == sorted(roles, reverse=True) and {"subject", "baseline"} <= set(roles)
    for row in answer.rows:
        assert row["entity_key"] in keys
        node = next(
            n
            for n, d in graph.nodes(data=True)
            if d.get("label") == "Result"
            and d["sentence"] == row["sentence"]
            and d["value"] == row["value"]
        )
        link = "RESULT_OF" if row["role"] == "subject" else "COMPARED_TO"
        assert any(
            d["type"] == link and graph.nodes[t]["key"] == row["entity_key"]
            for _, t, d in graph.out_edges(node, data=True)
        )
    assert ("baseline", "BERT-base", "Q8BERT", "4") in [
        (r["role"], r["entity"], r["subject"], r["value"]) for r in answer.rows
    ]
