"""Graph assembly: merging entities across papers, families, relations, repositories."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from graph_samples import gold_samples

from kg.graph import build_graph, entity_key, repository_url
from kg.models import Entity, Evidence, Extraction, Paper, Relation


def ev(pid: str, sentence: str, start: int = 0, confidence: float = 0.8) -> Evidence:
    return Evidence(
        paper_id=pid,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        rule="test",
        confidence=confidence,
    )


def ent(name: str, type_: str, pid: str = "p", **kw) -> Entity:
    return Entity(name=name, type=type_, mentions=[ev(pid, f"about {name}")], **kw)


def rel(head: str, type_: str, tail: str, pid: str, confidence: float = 0.8) -> Relation:
    return Relation(
        head=head,
        type=type_,
        tail=tail,
        evidence=ev(pid, f"{head} {type_} {tail}", confidence=confidence),
    )


def test_entities_merge_across_papers_by_normalized_key():
    a = Extraction(id="a", title="A", entities=[ent("BERT", "Model", "a", aliases=["Bert"])])
    b = Extraction(id="b", title="B", entities=[ent("bert", "Model", "b")])
    c = Extraction(id="c", title="C", entities=[ent("BERT", "Model", "c")])
    g = build_graph([a, b, c])
    node = g.nodes["entity:bert"]
    assert node["name"] == "BERT"  # the most frequent surface form
    assert node["papers"] == 3
    assert node["aliases"] == ["Bert", "bert"]
    assert node["alias_keys"] == ["bert"]
    assert [n for n in g if n.startswith("entity:")] == ["entity:bert"]


def test_type_is_the_majority_over_papers_with_ties_in_enum_order():
    xs = [
        Extraction(id=f"p{i}", title="t", entities=[ent("GLUE", t, f"p{i}")])
        for i, t in enumerate(["Dataset", "Task", "Dataset"])
    ]
    assert build_graph(xs).nodes["entity:glue"]["type"] == "Dataset"
    tie = [
        Extraction(id=f"p{i}", title="t", entities=[ent("X", t, f"p{i}")])
        for i, t in enumerate(["Task", "Method"])
    ]
    assert build_graph(tie).nodes["entity:x"]["type"] == "Method"  # Method precedes Task


def test_size_variants_get_a_family_node_and_one_variant_of_edge():
    xs = [
        Extraction(id="p2", title="t", entities=[ent("BERT-base", "Model", "p2", family="BERT")]),
        Extraction(id="p1", title="t", entities=[ent("BERT-base", "Model", "p1", family="BERT")]),
    ]
    g = build_graph(xs)
    family = g.nodes["entity:bert"]
    assert (family["name"], family["papers"], family["type"]) == ("BERT", 0, "Model")
    assert g.nodes["entity:bertbase"]["family"] == "bert"
    edges = g.get_edge_data("entity:bertbase", "entity:bert")
    assert list(edges) == ["VARIANT_OF|"]
    assert edges["VARIANT_OF|"]["paper_id"] == "p1"  # the first paper, by id


def test_paper_head_goes_to_the_first_proposed_entity_or_stays_on_the_paper():
    ents = [ent("TinyBERT", "Model", "a"), ent("BERT", "Model", "a")]
    with_contribution = Extraction(
        id="a",
        title="t",
        entities=ents,
        proposes=["TinyBERT"],
        relations=[rel("@paper", "COMPRESSES", "BERT", "a")],
    )
    without = Extraction(
        id="b",
        title="t",
        entities=[ent("BERT", "Model", "b")],
        relations=[rel("@paper", "COMPRESSES", "BERT", "b")],
    )
    g = build_graph([with_contribution, without])
    assert g.has_edge("entity:tinybert", "entity:bert", "COMPRESSES|a")
    assert g.has_edge("paper:a", "entity:tinybert", "PROPOSES|a")
    assert g.has_edge("paper:b", "entity:bert", "COMPRESSES|b")
    edge = g.edges["entity:tinybert", "entity:bert", "COMPRESSES|a"]
    assert edge["sentence"] == "@paper COMPRESSES BERT" and edge["rule"] == "test"


def test_one_edge_per_head_type_tail_paper_keeping_the_most_confident():
    ents = [ent("LoRA", "Method", "a"), ent("GPT-3", "Model", "a")]
    x = Extraction(
        id="a",
        title="t",
        entities=ents,
        relations=[rel("LoRA", "USES", "GPT-3", "a", 0.5), rel("LoRA", "USES", "GPT-3", "a", 0.9)],
    )
    y = Extraction(
        id="b",
        title="t",
        entities=[ent("LoRA", "Method", "b"), ent("GPT-3", "Model", "b")],
        relations=[rel("LoRA", "USES", "GPT-3", "b")],
    )
    g = build_graph([x, y])
    edges = g.get_edge_data("entity:lora", "entity:gpt3")
    assert sorted(edges) == ["USES|a", "USES|b"]
    assert edges["USES|a"]["confidence"] == 0.9


def test_relations_that_cannot_be_placed_are_counted():
    x = Extraction(
        id="a",
        title="t",
        entities=[ent("LoRA", "Method", "a")],
        relations=[rel("LoRA", "USES", "Adam", "a"), rel("LoRA", "USES", "lora", "a")],
        proposes=["Nothing"],
    )
    g = build_graph([x])
    assert g.graph["dropped"] == {
        "relation naming an entity the paper does not have": 1,
        "relation from an entity to itself": 1,
        "proposed name not among the paper's entities": 1,
    }


def test_relations_resolve_through_aliases():
    x = Extraction(
        id="a",
        title="t",
        entities=[
            ent("low-rank adaptation", "Method", "a", aliases=["LoRA"]),
            ent("GPT-3", "Model", "a"),
        ],
        relations=[rel("LoRA", "USES", "GPT-3", "a")],
    )
    assert build_graph([x]).has_edge("entity:lowrankadaptation", "entity:gpt3", "USES|a")


def test_repositories_come_from_code_urls_only():
    x = Extraction(
        id="a",
        title="t",
        urls=[
            "https://github.com/microsoft/LoRA.git",
            "https://github.com/microsoft/LoRA/tree/main",
            "https://arxiv.org/abs/2106.09685",
        ],
    )
    g = build_graph([x])
    repos = [n for n, d in g.nodes(data=True) if d["label"] == "Repository"]
    assert repos == ["repo:https://github.com/microsoft/LoRA"]
    assert g.has_edge("paper:a", repos[0], "HAS_CODE|a")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("github.com/a/b).", "https://github.com/a/b"),
        (
            "https://huggingface.co/datasets/org/set/tree/main",
            "https://huggingface.co/datasets/org/set",
        ),
        ("https://project.github.io/page/", "https://project.github.io/page"),
        ("https://github.com/onlyowner", None),
        ("https://doi.org/10.1/x", None),
    ],
)
def test_repository_url(url, expected):
    assert repository_url(url) == expected


def test_entity_key():
    assert entity_key("GPT-3.5 Turbo") == "gpt35turbo"
    assert entity_key("C++") == "cplusplus"
    assert entity_key("---") == ""


def test_mentions_carry_the_first_mention_sentence_and_papers_without_extraction_stay():
    e = Entity(
        name="SQuAD",
        type="Dataset",
        mentions=[ev("a", "late one", start=50), ev("a", "early one", start=3)],
    )
    x = Extraction(id="a", title="t", entities=[e])
    lonely = Paper(id="z", title="Nothing found", abstract="", url="https://x.org/z")
    g = build_graph([x], [Paper(id="a", title="T", abstract="", arxiv_id="1"), lonely])
    assert g.edges["paper:a", "entity:squad", "MENTIONS|a"]["sentence"] == "early one"
    assert g.nodes["paper:a"]["arxiv_id"] == "1" and g.nodes["paper:a"]["title"] == "T"
    assert g.nodes["paper:z"]["url"] == "https://x.org/z" and g.degree("paper:z") == 0


def test_the_graph_does_not_depend_on_input_order():
    samples = gold_samples()
    xs = [x for _, x in samples]
    shuffled = xs[:]
    random.Random(7).shuffle(shuffled)
    one, two = build_graph(xs), build_graph(shuffled)
    assert nx.utils.nodes_equal(one.nodes(data=True), two.nodes(data=True))
    assert sorted(one.edges(keys=True, data=True), key=str) == sorted(
        two.edges(keys=True, data=True), key=str
    )
    assert one.number_of_nodes() > 200 and one.number_of_edges() > 500
