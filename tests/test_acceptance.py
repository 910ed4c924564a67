"""End to end on the bundled corpus: build the embedded graph and ask the headline question."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hf-papers"


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory, kg_nlp):
    return kg.build([CORPUS], store=tmp_path_factory.mktemp("store"), nlp=kg_nlp)


@pytest.mark.slow
def test_bundled_corpus_builds_437_papers(corpus_graph):
    report = corpus_graph.last_build
    assert (report.entries_read, report.papers, report.skipped) == (536, 437, 0)
    assert corpus_graph.stats()["papers"] == 437


@pytest.mark.slow
def test_methods_compressing_bert_names_minilm_and_q8bert_with_evidence(corpus_graph):
    answer = corpus_graph.ask("methods-compressing", model="BERT")
    subjects = {row["subject"] for row in answer.rows}
    assert {"MiniLM", "Q8BERT"} <= subjects, sorted(subjects)
    family = {ref.key for ref in answer.resolved["model"]}  # BERT, its variants and members
    assert {"bert", "bertbase"} <= family
    for row in answer.rows:
        assert row["object_key"] in family and "bert" in row["object_key"]
        assert row["papers"] and all(
            p["id"] and p["title"] and p["sentence"] for p in row["papers"]
        )
