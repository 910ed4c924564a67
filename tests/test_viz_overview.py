"""The default `kg viz` view: tasks and datasets as anchors, generic entities left out,
no node drawn alone. On a graph built (kg.graph.build_graph) from invented extractions,
and once on the bundled pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from test_viz import page_data

import kg
from kg.graph.assemble import build_graph
from kg.models import Entity, Evidence, Extraction, Relation
from kg.viz import render_html, select, write
from kg.viz.overview import GENERIC_SHARE, MIN_POOL, curated_generic, generic_entities

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hf-papers"
TOPICS = [
    "protein folding",
    "speech recognition",
    "code generation",
    "image captioning",
    "weather forecasting",
    "table parsing",
    "music transcription",
    "chess playing",
]
ANCHOR_TYPES = {"Task", "Dataset"}


def _ev(pid: str, sentence: str) -> Evidence:
    return Evidence(
        paper_id=pid, sentence=sentence, start=0, end=len(sentence), rule="test", confidence=0.9
    )


def _paper(
    pid: str,
    topic: int,
    names: list[tuple[str, str]],
    proposes: list[str],
    relations: list[tuple[str, str, str]],
) -> Extraction:
    task, data = TOPICS[topic], f"{TOPICS[topic].title().replace(' ', '')}Bench"
    entities = [
        Entity(name=task, type="Task", mentions=[_ev(pid, f"We study {task}.")]),
        Entity(name=data, type="Dataset", mentions=[_ev(pid, f"We use {data}.")]),
    ]
    entities += [Entity(name=n, type=t, mentions=[_ev(pid, f"{n} is here.")]) for n, t in names]
    rels = [
        Relation(head=h, type=r, tail=t, evidence=_ev(pid, f"{h} {r} {t}."))
        for h, r, t in relations
    ]
    return Extraction(
        id=pid,
        title=f"A paper on {task} ({pid})",
        entities=entities,
        proposes=proposes,
        relations=rels,
    )


def invented_graph() -> nx.MultiDiGraph:
    """Eight topics (a task and a dataset each, two papers each), one model per paper.

    "Frobnicator" is in papers of six topics (statistically generic, in no list);
    "PyTorch" (in extractors/overview_generic.txt) is applied to a task in one paper;
    "Orphan Method" and "Lonely Metric" relate to nothing. The last paper proposes two
    methods and says "@paper APPLIED_TO code generation".
    """
    extractions = []
    for topic, task in enumerate(TOPICS):
        data = f"{task.title().replace(' ', '')}Bench"
        for half in (0, 1):
            pid = f"p{topic}{half}"
            model = f"Topic{topic}Net-{half}"
            names = [(model, "Model")]
            rels = [(model, "APPLIED_TO", task), (model, "EVALUATED_ON", data)]
            if topic < 6 and half == 0:
                names.append(("Frobnicator", "Method"))
                rels += [(model, "USES", "Frobnicator"), ("Frobnicator", "APPLIED_TO", task)]
            extractions.append(_paper(pid, topic, names, [model], rels))
    extractions.append(
        _paper(
            "px",
            1,
            [("PyTorch", "Method"), ("Orphan Method", "Method"), ("Lonely Metric", "Metric")],
            [],
            [("PyTorch", "APPLIED_TO", "speech recognition")],
        )
    )
    extractions.append(
        _paper(
            "py",
            2,
            [("PatchCoder", "Method"), ("TestForge", "Method")],
            ["PatchCoder", "TestForge"],
            [("@paper", "APPLIED_TO", "code generation")],
        )
    )
    return build_graph(extractions)


def _names(graph: nx.MultiDiGraph, nodes: object) -> set[str]:
    return {graph.nodes[n]["name"] for n in nodes}  # type: ignore[union-attr]


def _lone(view: nx.MultiDiGraph) -> list[str]:
    simple = nx.Graph(view.to_undirected())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    return [n for n in simple if simple.degree(n) == 0]


def test_generic_by_statistics_and_by_the_curated_list() -> None:
    graph = invented_graph()
    generic = _names(graph, generic_entities(graph))
    assert "Frobnicator" in generic  # shares papers with 12 of the 16 anchors
    assert "PyTorch" in generic and "pytorch" in curated_generic()  # listed
    assert not generic & {"Topic0Net-0", "protein folding", "PatchCoder"}
    only_list = _names(graph, generic_entities(graph, curated=["Topic0Net-0"]))
    assert "Topic0Net-0" in only_list and "PyTorch" not in only_list
    assert MIN_POOL <= 16 and GENERIC_SHARE * 16 <= 12


def test_overview_has_anchors_no_generic_and_no_lone_nodes() -> None:
    graph = invented_graph()
    chosen = select(graph)
    view = chosen.graph
    assert chosen.focus is None and view.number_of_nodes() > 10
    assert _lone(view) == []
    assert not _names(graph, view) & {"Frobnicator", "PyTorch", "Orphan Method", "Lonely Metric"}
    assert {"Frobnicator", "PyTorch"} <= set(chosen.left_out)
    anchor_types = {graph.nodes[n]["type"] for n in chosen.anchors}
    assert anchor_types == ANCHOR_TYPES
    assert all(graph.nodes[n]["type"] in ANCHOR_TYPES for n in chosen.anchors)
    for node in view:  # every member hangs on an anchor
        if node not in chosen.anchors:
            assert set(nx.all_neighbors(view, node)) & chosen.anchors, node
    assert "Left out as generic" in chosen.caption and "Frobnicator" in chosen.caption


def test_overview_page_marks_anchors_and_shows_the_papers_own_proposals() -> None:
    graph = invented_graph()
    chosen = select(graph)
    assert chosen.graph.has_edge("entity:patchcoder", "entity:codegeneration")  # "@paper ..."
    data = page_data(render_html(graph))
    assert {n["id"] for n in data["nodes"] if n["anchor"]} == set(chosen.anchors)
    assert data["meta"]["caption"] == chosen.caption
    assert "Frobnicator" in data["meta"]["leftOut"]
    focused = page_data(render_html(graph, focus="Frobnicator", hops=1))
    assert not any(n["anchor"] for n in focused["nodes"])  # focus views: no anchors


def test_overview_respects_the_limit_without_lone_nodes() -> None:
    graph = invented_graph()
    for limit in (2, 3, 7, 12):
        view = select(graph, limit=limit).graph
        assert 0 < view.number_of_nodes() <= limit and _lone(view) == []


def test_without_anchor_kinds_the_top_entities_view_is_used() -> None:
    graph = invented_graph()
    chosen = select(graph, types=["Model", "Method"], limit=5)
    assert chosen.anchors == frozenset() and chosen.graph.number_of_nodes() == 5
    assert "the most mentioned" in chosen.description


@pytest.mark.slow
def test_overview_of_the_bundled_pages(tmp_path: Path, kg_nlp: object) -> None:
    graph = kg.build([CORPUS], store=tmp_path / "store", nlp=kg_nlp).to_networkx()
    chosen = select(graph)
    view = chosen.graph
    assert _lone(view) == []
    kinds = {graph.nodes[n]["type"] for n in chosen.anchors}
    assert kinds == ANCHOR_TYPES and len(chosen.anchors) >= 10
    names = {str(graph.nodes[n]["name"]).lower() for n in view}
    assert not names & {"accuracy", "self-attention", "flops", "pytorch"}
    assert {"accuracy", "self-attention", "flops"} <= {n.lower() for n in chosen.left_out}
    assert 30 <= view.number_of_nodes() <= 150


def test_static_overview_names_every_node_and_says_what_was_left_out(tmp_path: Path) -> None:
    graph = invented_graph()
    chosen = write(graph, tmp_path / "overview.svg")
    text = "".join(ET.fromstring((tmp_path / "overview.svg").read_bytes()).itertext())
    for node in chosen.graph:  # the overview labels members too, not only the biggest
        assert graph.nodes[node]["name"] in text
    assert "Left out as generic: Frobnicator, PyTorch" in text
