"""`kg viz` on a real store: graph assembled from gold-record extractions (no spaCy)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from graph_samples import gold_store
from test_viz import page_data
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gold_store(tmp_path_factory.mktemp("viz-store"), 40)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["viz", *args])
    return result.exit_code, result.output


def test_viz_writes_the_default_page(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    code, output = run("--store", str(store), "-o", str(out))
    assert code == 0, output
    assert "wrote" in output and "KB" in output
    data = page_data(out.read_text(encoding="utf-8"))
    graph = KnowledgeGraph.open(store).to_networkx()
    assert 10 <= len(data["nodes"]) <= 150  # the overview: anchors and what relates to them
    anchors = {n["id"] for n in data["nodes"] if n["anchor"]}
    assert {graph.nodes[a]["type"] for a in anchors} == {"Task", "Dataset"}
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert {n["id"] for n in data["nodes"]} == linked  # no node drawn alone
    assert {n["kind"] for n in data["nodes"]} <= {"Model", "Method", "Dataset", "Metric", "Task"}
    assert all(e["evidence"] for e in data["edges"] if e["type"] != "VARIANT_OF")


def test_viz_focus_types_and_formats(store: Path, tmp_path: Path) -> None:
    graph = KnowledgeGraph.open(store).to_networkx()
    top = max(
        (a for _, a in graph.nodes(data=True) if a["label"] == "Entity"), key=lambda a: a["papers"]
    )
    out = tmp_path / "focus.html"
    code, output = run(
        "--store",
        str(store),
        "-o",
        str(out),
        "--focus",
        top["name"].upper(),
        "--hops",
        "1",
        "--types",
        "Model,Method",
        "--types",
        "Paper",
    )
    assert code == 0, output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["meta"]["focus"] == f"entity:{top['key']}"
    assert {n["kind"] for n in data["nodes"]} <= {"Model", "Method", "Paper", top["type"]}
    svg = tmp_path / "top.svg"
    assert run("--store", str(store), "-o", str(svg), "--limit", "30")[0] == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    gml = tmp_path / "all.out"
    assert run("--store", str(store), "-o", str(gml), "--format", "graphml")[0] == 0
    assert nx.read_graphml(gml, force_multigraph=True).number_of_nodes() == graph.number_of_nodes()


def test_viz_errors_are_one_line_with_exit_codes(store: Path, tmp_path: Path) -> None:
    code, output = run("--store", str(store), "-o", str(tmp_path / "x.html"), "--focus", "zzqqxx")
    assert code == 2 and "--focus" in output and "Traceback" not in output
    code, output = run("--store", str(store), "-o", str(tmp_path / "x.html"), "--types", "Gadget")
    assert code == 2 and "unknown type 'Gadget'" in output
    code, output = run("--store", str(store), "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "unknown output format" in output
    code, output = run("--store", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "x.html"))
    assert code != 0 and "Traceback" not in output


def test_api_show_and_viz_delegate(store: Path, tmp_path: Path) -> None:
    graph = KnowledgeGraph.open(store)
    view = graph.show(limit=10)
    assert 2 <= len(page_data(view.html)["nodes"]) <= 10
    assert "<iframe" in view._repr_html_()
    path = graph.viz(tmp_path / "g.graphml", limit=5)
    assert 2 <= nx.read_graphml(path).number_of_nodes() <= 5
