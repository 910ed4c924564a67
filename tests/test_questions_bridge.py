"""The dataset bridge of methods-for-task, over invented abstracts: a model evaluated on a
task's benchmark (extractors/task_benchmarks.json) is applied to the task, marked 'dataset'."""

from __future__ import annotations

import json

import pytest

import kg

PAPERS = [
    {
        "id": "inv:1",
        "title": "Quillformer: a recurrent memory Transformer",
        "abstract": "We propose Quillformer, a recurrent memory Transformer. "
        "Quillformer is evaluated on WikiText-103, where it reaches a perplexity of 17.2.",
    },
    {
        "id": "inv:2",
        "title": "Grebe: gated state spaces for language modeling",
        "abstract": "We propose Grebe, a gated state space model. "
        "We apply Grebe to language modeling and to machine translation.",
    },
    {
        "id": "inv:3",
        "title": "Tern: sparse mixtures for vision",
        "abstract": "We propose Tern, a sparse mixture of experts. "
        "Tern is evaluated on ImageNet, where it reaches 81.2% top-1 accuracy.",
    },
]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    from kg.extraction import build_nlp

    folder = tmp_path_factory.mktemp("bridge")
    data = folder / "papers.jsonl"
    data.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    return kg.build([data], store=folder / "store", nlp=build_nlp())


def test_a_model_evaluated_on_a_benchmark_is_applied_to_its_task(graph):
    rows = graph.ask("methods-for-task", task="language modeling").rows
    via = {r["subject"]: r["via"] for r in rows}
    assert via.get("Grebe") == "direct"
    assert via.get("Quillformer") == "dataset"
    assert "Tern" not in via  # ImageNet is no language-modeling benchmark
    bridged = next(r for r in rows if r["subject"] == "Quillformer")
    assert bridged["relation"] == "APPLIED_TO"
    assert [p["id"] for p in bridged["papers"]] == ["inv:1"]
    assert "WikiText-103" in bridged["papers"][0]["sentence"]


def test_tasks_for_a_model_include_the_tasks_of_its_benchmarks(graph):
    rows = graph.ask("tasks-for", entity="Quillformer").rows
    bridged = [r for r in rows if r["via"] == "dataset"]
    assert [r["object"] for r in bridged] == ["language modeling"]
    assert [p["id"] for p in bridged[0]["papers"]] == ["inv:1"]
    assert [r["via"] for r in rows] == sorted(
        (r["via"] for r in rows), key=["direct", "paper", "dataset"].index
    )
    tern = graph.ask("tasks-for", entity="Tern").rows
    assert all(r["object"] != "language modeling" for r in tern)
