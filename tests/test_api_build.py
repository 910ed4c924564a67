"""The Python API: kg.build (incremental), KnowledgeGraph, and its runnable docstrings."""

from __future__ import annotations

import doctest
import importlib
import json
from pathlib import Path

import pytest

import kg
from kg.errors import StoreError

DATA = Path(__file__).resolve().parent / "fixtures" / "graph"


@pytest.fixture(scope="module")
def nlp():
    from kg.extraction import build_nlp

    return build_nlp()


def test_build_extracts_only_new_or_changed_papers(tmp_path, nlp):
    store = tmp_path / "store"
    first = kg.build([DATA / "tiny.jsonl"], store=store, nlp=nlp)
    assert (first.last_build.extracted, first.last_build.papers, len(first)) == (3, 3, 3)
    again = kg.build([DATA / "tiny.jsonl"], store=store, nlp=nlp)
    assert (again.last_build.extracted, again.last_build.unchanged) == (0, 3)
    # more.jsonl: one new paper and one already stored -> only the new one is extracted
    more = kg.build([DATA / "tiny.jsonl", DATA / "more.jsonl"], store=store, nlp=nlp)
    report = more.last_build
    assert (report.entries_read, report.papers, report.duplicates) == (5, 4, 1)
    assert (report.extracted, report.unchanged, report.in_store) == (1, 3, 4)
    changed = tmp_path / "changed.jsonl"
    record = json.loads((DATA / "more.jsonl").read_text().splitlines()[1])
    record["abstract"] += " We also release the code."
    changed.write_text(json.dumps(record) + "\n")
    assert kg.build([changed], store=store, nlp=nlp).last_build.extracted == 1
    stored = kg.KnowledgeGraph.open(store).store.get_paper(record["id"])
    assert stored.abstract == record["abstract"]
    assert {s.path for s in stored.sources} >= {str(changed)}


def test_build_counts_skipped_items_and_keeps_the_good_ones(tmp_path, nlp):
    g = kg.build([DATA / "bad.jsonl", tmp_path / "missing.jsonl"], store=tmp_path / "s", nlp=nlp)
    assert g.last_build.papers == 1
    assert g.last_build.skipped == 3  # a record without abstract, a bad line, a missing file
    assert any("bad.jsonl:3" in skip.where for skip in g.last_build.skips)


def test_knowledge_graph_operations(tmp_path, nlp):
    g = kg.build(DATA / "tiny.jsonl", store=tmp_path / "s", nlp=nlp)
    stats = g.stats()
    assert stats["papers"] == 3 and stats["entities"] > 5 and stats["relations"] > 0
    graph = g.to_networkx()
    graph.clear()  # a copy: the stored graph is untouched
    assert g.to_networkx().number_of_nodes() == stats["nodes"]
    answer = g.ask("methods-compressing", model="BERT")  # delegates to kg.questions
    assert answer.rows, "the tiny papers say DistilBERT, TinyBERT and Q8BERT compress BERT"
    ids = {p.id for p in g.papers()}
    assert all(paper["id"] in ids for row in answer.rows for paper in row["papers"])
    removed = g.remove("arxiv:1910.06188")
    assert removed.title.startswith("Q8BERT")
    assert g.stats()["papers"] == 2
    assert "paper:arxiv:1910.06188" not in g.to_networkx()
    with pytest.raises(StoreError):
        kg.KnowledgeGraph.open(tmp_path / "nothing-here")
    page = g.viz(tmp_path / "g.html", focus="BERT")
    assert "BERT" in page.read_text(encoding="utf-8")
    view = g.show(focus="BERT", hops=1)
    assert "<iframe" in view._repr_html_() and "BERT" in view.html


DOCUMENTED = [
    "kg.api",
    "kg.graph.assemble",
    "kg.graph.keys",
    "kg.graph.stats",
    "kg.stores.embedded",
    "kg.neo4j.schema",
]


@pytest.mark.parametrize("module", DOCUMENTED)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
