"""kg.viz: selection, page, static pictures, GraphML, Jupyter view and the CLI command.

The graphs are built here per the contract in kg.graph (a small builder below), so these
tests do not depend on extraction; the browser test reuses the builder.
"""

from __future__ import annotations

import doctest
import hashlib
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import kg.viz
from kg.errors import ConfigError
from kg.graph.keys import entity_key
from kg.types import ENTITY_STYLE, EntityType
from kg.viz import GraphView, render_html, select, show, write
from kg.viz.graphml import graphml_value
from kg.viz.html import vendor_record
from kg.viz.payload import script_json

ASSETS = Path(__file__).resolve().parents[1] / "kg" / "viz" / "assets"
EVIL = "Evil</script><script>alert('x')</script> `${1}` \"q\" & <b>"


class GraphBuilder:
    """Builds a MultiDiGraph in the format of kg.graph (papers, entities, edges)."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()

    def paper(self, pid: str, title: str, *, repo: str | None = None) -> str:
        node = f"paper:{pid}"
        self.graph.add_node(
            node,
            label="Paper",
            id=pid,
            title=title,
            url=f"https://x.org/{pid}",
            arxiv_id=None,
            date="2024-05-01",
        )
        if repo:
            self.graph.add_node(f"repo:{repo}", label="Repository", url=repo)
            self.graph.add_edge(
                node, f"repo:{repo}", key=f"HAS_CODE|{pid}", type="HAS_CODE", paper_id=pid
            )
        return node

    def entity(
        self,
        name: str,
        etype: EntityType,
        *,
        aliases: tuple[str, ...] = (),
        family: str | None = None,
    ) -> str:
        key = entity_key(name)
        node = f"entity:{key}"
        self.graph.add_node(
            node,
            label="Entity",
            key=key,
            name=name,
            type=etype.value,
            aliases=sorted({name, *aliases}),
            alias_keys=sorted({key, *(entity_key(a) for a in aliases)}),
            family=family,
            papers=0,
        )
        return node

    def mention(self, paper: str, entity: str, sentence: str, *, proposes: bool = False) -> None:
        pid = self.graph.nodes[paper]["id"]
        self.graph.add_edge(
            paper, entity, key=f"MENTIONS|{pid}", type="MENTIONS", paper_id=pid, sentence=sentence
        )
        if proposes:
            self.graph.add_edge(paper, entity, key=f"PROPOSES|{pid}", type="PROPOSES", paper_id=pid)
        self.graph.nodes[entity]["papers"] = len(
            {h for h, _, d in self.graph.in_edges(entity, data=True) if d["type"] == "MENTIONS"}
        )

    def relation(self, head: str, rel: str, tail: str, paper: str, sentence: str) -> None:
        pid = self.graph.nodes[paper]["id"]
        self.graph.add_edge(
            head,
            tail,
            key=f"{rel}|{pid}",
            type=rel,
            paper_id=pid,
            sentence=sentence,
            rule="test",
            confidence=0.9,
        )


def contract_graph() -> nx.MultiDiGraph:
    """A small graph: BERT and its compressors, GLUE, a metric, a task, hostile names."""
    b = GraphBuilder()
    p1 = b.paper(
        "arxiv:1910.01108",
        "DistilBERT, a distilled version of BERT",
        repo="https://github.com/hf/t",
    )
    p2 = b.paper("arxiv:1909.10351", "TinyBERT: Distilling BERT for NLU")
    p3 = b.paper("t:0000000000000003", f"A paper about {EVIL}")
    bert = b.entity("BERT", EntityType.MODEL, aliases=("BERT-base", "bert"))
    bert_large = b.entity("BERT-large", EntityType.MODEL, family=bert)
    distil = b.entity("DistilBERT", EntityType.MODEL)
    tiny = b.entity("TinyBERT", EntityType.MODEL)
    kd = b.entity("knowledge distillation", EntityType.METHOD, aliases=("KD",))
    glue = b.entity("GLUE", EntityType.DATASET)
    acc = b.entity("accuracy", EntityType.METRIC)
    qa = b.entity("question answering", EntityType.TASK)
    evil = b.entity(EVIL, EntityType.METHOD)
    for p in (p1, p2, p3):
        b.mention(p, bert, f"We compress BERT in {p}.")
        b.mention(p, glue, "Results on GLUE.")
    b.mention(p1, distil, "We introduce DistilBERT.", proposes=True)
    b.mention(p2, tiny, "We propose TinyBERT.", proposes=True)
    b.mention(p1, kd, "Knowledge distillation is used.")
    b.mention(p2, kd, "We use KD.")
    b.mention(p2, acc, "Accuracy improves.")
    b.mention(p2, bert_large, "BERT-large is the teacher.")
    b.mention(p3, qa, "We study question answering.")
    b.mention(p3, evil, f"The {EVIL} method.", proposes=True)
    b.graph.add_edge(
        bert_large, bert, key="VARIANT_OF|", type="VARIANT_OF", paper_id="arxiv:1909.10351"
    )
    b.relation(distil, "COMPRESSES", bert, p1, "DistilBERT compresses BERT by 40%.")
    b.relation(tiny, "COMPRESSES", bert, p2, "TinyBERT compresses BERT </script> 7.5x.")
    b.relation(distil, "USES", kd, p1, "DistilBERT uses knowledge distillation.")
    b.relation(tiny, "USES", kd, p2, "TinyBERT uses KD.")
    b.relation(distil, "EVALUATED_ON", glue, p1, "We evaluate DistilBERT on GLUE.")
    b.relation(tiny, "EVALUATED_ON", glue, p2, "TinyBERT is evaluated on GLUE.")
    b.relation(tiny, "MEASURED_BY", acc, p2, "Accuracy of TinyBERT.")
    b.relation(evil, "APPLIED_TO", qa, p3, f"{EVIL} is applied to QA.")
    b.relation(p3, "EVALUATED_ON", glue, p3, "The paper evaluates on GLUE.")  # @paper head kept
    return b.graph


def big_graph(entities: int = 900, papers: int = 300, seed: int = 3) -> nx.MultiDiGraph:
    """A corpus-sized random graph (power-law-ish mentions) to check the default limit."""
    rng = random.Random(seed)
    b = GraphBuilder()
    kinds = list(EntityType)
    ents = [b.entity(f"Entity {i}", kinds[i % len(kinds)]) for i in range(entities)]
    for p in range(papers):
        paper = b.paper(f"t:{p:016x}", f"Paper {p}")
        picked = {ents[min(int(rng.paretovariate(1.2)) - 1, entities - 1)] for _ in range(4)}
        picked |= set(rng.sample(ents, 3))
        for e in picked:
            b.mention(paper, e, f"Sentence about {e} in paper {p}.")
        pair = sorted(picked)[:2]
        if len(pair) == 2:
            b.relation(pair[0], "USES", pair[1], paper, "One uses the other.")
    return b.graph


def page_data(page: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the page has no data element"
    return json.loads(match.group(1))


# -- selection -------------------------------------------------------------------------


def test_default_selection_is_the_anchored_overview() -> None:
    graph = contract_graph()  # tests/test_viz_overview.py has the overview's details
    chosen = select(graph)
    assert chosen.anchors == {"entity:glue", "entity:questionanswering"}
    assert set(chosen.graph) - chosen.anchors == {
        "entity:distilbert",
        "entity:tinybert",
        "entity:" + entity_key(EVIL),
    }
    assert chosen.left_out == ("accuracy",)
    assert chosen.description == "2 tasks and datasets with the 3 entities related to them"
    assert all(graph.nodes[n]["label"] == "Entity" for n in chosen.graph)


def test_without_anchors_the_top_entities_without_papers() -> None:
    graph = contract_graph()
    chosen = select(graph, types=["Model", "Method", "Metric"], limit=3)
    names = [graph.nodes[n]["name"] for n in chosen.graph]
    assert sorted(names) == ["BERT", "BERT-large", "knowledge distillation"]
    assert chosen.candidates == 7
    assert chosen.description == (
        "3 of 7 entities: the most mentioned and their relations (Model, Method, Metric)"
    )
    everything = select(graph, limit=0)
    assert everything.graph.number_of_nodes() == 9 and everything.description == "all 9 entities"


def test_limit_keeps_the_corpus_view_readable() -> None:
    graph = big_graph()
    no_anchors = ["Model", "Method", "Metric"]
    chosen = select(graph, types=no_anchors)
    assert chosen.graph.number_of_nodes() == 150
    assert {d["type"] for _, _, d in chosen.graph.edges(data=True)} == {"USES"}
    entities = [
        n for n, a in graph.nodes(data=True) if a["label"] == "Entity" and a["type"] in no_anchors
    ]
    plain_top = sorted(entities, key=lambda n: -graph.nodes[n]["papers"])[:150]
    plain = nx.Graph(graph.subgraph(plain_top))
    plain.remove_edges_from([(h, t) for h, t in plain.edges() if h == t])
    lone_plain = sum(1 for n in plain if plain.degree(n) == 0)
    lone = sum(1 for n in chosen.graph if chosen.graph.degree(n) == 0)
    assert lone < lone_plain  # the neighbours brought in show relations
    assert plain_top[0] in chosen.graph
    assert select(graph, types=no_anchors, limit=0).graph.number_of_nodes() == len(entities)


def test_default_selection_puts_related_entities_first_then_neighbours() -> None:
    b = GraphBuilder()
    papers = [b.paper(f"p{i}", f"P{i}") for i in range(6)]
    lone = b.entity("Lonely", EntityType.METRIC)
    x, y = b.entity("X", EntityType.METHOD), b.entity("Y", EntityType.MODEL)
    x1, x2 = b.entity("X1", EntityType.MODEL), b.entity("X2", EntityType.MODEL)
    for entity, count in [(lone, 6), (x, 5), (y, 4), (x1, 1), (x2, 2)]:
        for paper in papers[:count]:
            b.mention(paper, entity, "mentioned")
    for tail in (y, x1, x2):
        b.relation(x, "USES", tail, papers[0], "X uses it.")
    assert set(select(b.graph, limit=2).graph) == {x, y}  # related first, by papers
    assert set(select(b.graph, limit=3).graph) == {x, y, x2}
    assert set(select(b.graph, limit=4).graph) == {x, y, x2, x1}
    assert lone in select(b.graph, limit=5).graph


def test_focus_by_alias_with_hops() -> None:
    graph = contract_graph()
    one = select(graph, focus="bert base", hops=1)
    assert one.focus == "entity:bert"
    assert set(one.graph) == {
        "entity:bert",
        "entity:bertlarge",
        "entity:distilbert",
        "entity:tinybert",
    }
    two = select(graph, focus="BERT", hops=2)
    assert {"entity:glue", "entity:knowledgedistillation", "entity:accuracy"} <= set(two.graph)
    assert "entity:questionanswering" not in two.graph
    assert select(graph, focus="BERT", hops=2, limit=2).graph.number_of_nodes() == 2


def test_types_filter_keeps_focus_and_adds_papers() -> None:
    graph = contract_graph()
    datasets = select(graph, focus="TinyBERT", hops=2, types=["Dataset"])
    assert set(datasets.graph) == {"entity:tinybert", "entity:glue"}
    with_papers = select(graph, focus="GLUE", hops=1, types=["dataset,paper"])
    assert "paper:t:0000000000000003" in with_papers.graph  # the @paper relation's head
    proposals = select(graph, types=["Model", "Paper"], limit=0)
    assert ("paper:arxiv:1910.01108", "entity:distilbert") in proposals.graph.edges()


def test_unknown_focus_and_type_are_clear_errors() -> None:
    graph = contract_graph()
    with pytest.raises(ConfigError) as err:
        select(graph, focus="DistillBERT")
    assert err.value.where == "--focus" and "DistilBERT" in (err.value.hint or "")
    with pytest.raises(ConfigError, match="unknown type 'Gadget'"):
        select(graph, types=["Gadget"])


# -- the page --------------------------------------------------------------------------


def test_page_is_self_contained_and_escapes_hostile_text() -> None:
    page = render_html(contract_graph(), limit=0)
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert "alert(" not in page.split('id="kg-data"')[0]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    data = page_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert EVIL in labels
    assert "</" not in page.split('id="kg-data"')[1].split("</script>")[0]


def test_page_data_has_styles_sizes_and_evidence() -> None:
    data = page_data(render_html(contract_graph(), focus="BERT", hops=1))
    assert data["styles"]["Model"] == ENTITY_STYLE[EntityType.MODEL]
    assert data["meta"]["focus"] == "entity:bert"
    bert = next(n for n in data["nodes"] if n["id"] == "entity:bert")
    assert bert["papers"] == 3 and bert["kind"] == "Model" and "BERT-base" in bert["aliases"]
    compress = [e for e in data["edges"] if e["type"] == "COMPRESSES"]
    assert len(compress) == 2 and all(e["count"] == 1 for e in compress)
    tiny = next(e for e in compress if e["from"] == "entity:tinybert")
    assert tiny["evidence"][0]["title"] == "TinyBERT: Distilling BERT for NLU"
    assert "</script>" in tiny["evidence"][0]["sentence"]
    distil = next(n for n in data["nodes"] if n["id"] == "entity:distilbert")
    assert distil["proposedIn"] == ["DistilBERT, a distilled version of BERT"]


def test_parallel_relations_merge_with_counts() -> None:
    b = GraphBuilder()
    x, y = b.entity("X", EntityType.METHOD), b.entity("Y", EntityType.MODEL)
    for i in range(5):
        p = b.paper(f"p{i}", f"Paper {i}")
        b.mention(p, x, "x")
        b.relation(x, "EVALUATED_ON", y, p, f"X on Y, paper {i}.")
    edges = page_data(render_html(b.graph))["edges"]
    assert len(edges) == 1 and edges[0]["count"] == 5 and len(edges[0]["evidence"]) == 3


def test_script_json_round_trips_and_never_closes_the_script() -> None:
    value = {"s": "</script><!-- \u2028 & > `x` ${y}", "n": [1, 2.5, None]}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_vendored_script_matches_its_record_and_lock() -> None:
    record = vendor_record()
    data = (ASSETS / record["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record["sha256"]
    lock = json.loads((ASSETS / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/vis-network"]
    assert locked["version"] == record["version"] and locked["integrity"] == record["npm_integrity"]
    package = json.loads((ASSETS / "package.json").read_text())
    assert package["dependencies"]["vis-network"] == record["version"]
    assert f"@version {record['version']}" in data[:400].decode()
    for name in record["license_files"]:
        assert (ASSETS / name).stat().st_size > 500


def test_show_renders_inline_in_jupyter(tmp_path: Path) -> None:
    view = show(contract_graph(), focus="GLUE", hops=1, height=500)
    assert isinstance(view, GraphView)
    frame = view._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and "height:500px" in frame
    srcdoc = frame.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in srcdoc and "&lt;!DOCTYPE html&gt;" in srcdoc
    assert view.save(tmp_path / "v.html").read_text() == view.html


# -- files -----------------------------------------------------------------------------


def test_write_html_by_suffix(tmp_path: Path) -> None:
    chosen = write(contract_graph(), tmp_path / "g.html", focus="BERT")
    assert chosen.focus == "entity:bert"
    assert page_data((tmp_path / "g.html").read_text())["meta"]["focus"] == "entity:bert"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_static_export(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"g.{fmt}"
    write(contract_graph(), path, types=["Model", "Dataset", "Method", "Metric", "Task"], limit=0)
    data = path.read_bytes()
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    else:
        root = ET.fromstring(data)
        text = "".join(root.itertext())
        for word in ("DistilBERT", "GLUE", "Model (4)", "Dataset (1)", "kg: all 9 entities"):
            assert word in text
        assert ENTITY_STYLE[EntityType.DATASET]["color"] in data.decode()


def test_static_export_refuses_a_hairball(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="too many for a static picture"):
        write(big_graph(), tmp_path / "g.svg", limit=0)


def test_graphml_whole_graph_flattens_attributes(tmp_path: Path) -> None:
    graph = contract_graph()
    write(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    bert = back.nodes["entity:bert"]
    assert bert["aliases"] == "BERT; BERT-base; bert"
    assert bert["family"] == "" and bert["papers"] == 3
    assert back.nodes["entity:bertlarge"]["family"] == "entity:bert"
    assert back.nodes["entity:" + entity_key(EVIL)]["name"] == EVIL


def test_graphml_of_a_selection(tmp_path: Path) -> None:
    write(contract_graph(), tmp_path / "g.xml", focus="DistilBERT", hops=1, format="graphml")
    back = nx.read_graphml(tmp_path / "g.xml", force_multigraph=True)
    assert set(back) == {
        "entity:distilbert",
        "entity:bert",
        "entity:knowledgedistillation",
        "entity:glue",
    }


def test_graphml_value() -> None:
    assert graphml_value(None) == "" and graphml_value(["a", "b"]) == "a; b"
    assert graphml_value({"b", "a"}) == "a; b" and graphml_value(2.5) == 2.5
    assert graphml_value({"k": 1}) == '{"k": 1}' and graphml_value(True) is True


def test_write_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown output format 'pdf'"):
        write(contract_graph(), tmp_path / "g.pdf")
    with pytest.raises(ConfigError, match="output folder does not exist"):
        write(contract_graph(), tmp_path / "missing" / "g.html")


def test_docstring_examples_run() -> None:
    result = doctest.testmod(kg.viz)
    assert result.failed == 0 and result.attempted >= 4
