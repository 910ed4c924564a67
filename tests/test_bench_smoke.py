"""The benchmark runs end to end at a tiny size, so it cannot rot.

It checks the shape of results.json and that every figure is there and positive; it
never asserts a timing (speed is measured in bench/, not in tests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import empty_database
from graph_samples import gold_samples

from bench.corpus import split_sentences, synthetic_records
from bench.naive import plan
from kg.graph.assemble import build_graph
from kg.questions import list_questions

ROOT = Path(__file__).resolve().parent.parent
PAPERS = 20
SCALING = (10, 20)


def test_naive_subset_keeps_whole_edges_with_their_ends():
    samples = gold_samples(limit=20)
    graph = build_graph([x for _, x in samples], [p for p, _ in samples])
    nodes, edges = plan(graph, budget=60)
    assert len(edges) > 0 and len(nodes) + len(edges) <= 60
    merged = {params["id"] for _, params in nodes}
    for _, params in edges:
        assert params["src"] in merged and params["dst"] in merged
    all_nodes, all_edges = plan(graph, budget=None)
    assert (len(all_nodes), len(all_edges)) == (graph.number_of_nodes(), graph.number_of_edges())


def test_synthetic_corpus_is_deterministic_and_made_of_real_sentences():
    papers = [p for p, _ in gold_samples(limit=20)]
    real = {s for p in papers for s in split_sentences(p.abstract)}
    first = list(synthetic_records(papers, 30, seed=7))
    assert first == list(synthetic_records(papers, 30, seed=7))
    assert first != list(synthetic_records(papers, 30, seed=8))
    assert len({r["id"] for r in first}) == 30
    longest_first = sorted(real, key=len, reverse=True)
    for record in first:
        rest = record["abstract"]
        for sentence in longest_first:
            rest = rest.replace(sentence, "")
        assert not rest.strip(), rest  # nothing but real sentences


@pytest.fixture(scope="module")
def results(tmp_path_factory, neo4j_server, neo4j_driver) -> tuple[dict, str]:
    empty_database(neo4j_driver)  # the benchmark empties the database it is given
    out = tmp_path_factory.mktemp("bench")
    user, password = neo4j_server.auth
    env = dict(os.environ, NEO4J_URI=neo4j_server.uri, NEO4J_USER=user, NEO4J_PASSWORD=password)
    command = [
        sys.executable,
        "-m",
        "bench",
        "--quick",
        "--papers",
        str(PAPERS),
        "--sm-papers",
        "5",
        "--seed-papers",
        "30",
        "--repeats",
        "3",
        "--naive-budget",
        "150",
        "--scaling",
        ",".join(map(str, SCALING)),
        "--out",
        str(out),
    ]
    proc = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data, (out / "RESULTS.md").read_text(encoding="utf-8")


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and value > 0


@pytest.mark.neo4j
@pytest.mark.slow
def test_machine_is_described(results):
    data, _ = results
    machine = data["machine"]
    assert machine["cores"] >= 1 and machine["cpu"] and machine["python"]
    assert machine["spacy"] and machine["neo4j_server"]


@pytest.mark.neo4j
@pytest.mark.slow
def test_extraction_runs_every_configuration(results):
    ex = results[0]["extraction"]
    assert {"kg_1_process", "spacy_tokenizer", "en_core_web_sm"} <= set(ex["runs"])
    for name, run in ex["runs"].items():
        assert "error" not in run, run.get("error")
        expected = 5 if name == "en_core_web_sm" else PAPERS
        assert run["papers"] == expected, name
        for key in ("papers_per_s", "words_per_s", "peak_rss_mib", "seconds"):
            assert _positive(run[key]), (name, key)
    assert _positive(ex["ratios"]["kg_vs_tokenizer"])
    assert _positive(ex["ratios"]["kg_vs_en_core_web_sm"])
    stages = ex["profile"]["ms_per_paper"]
    assert "tokenizer" in stages and "doc_to_extraction" in stages and len(stages) > 3


@pytest.mark.neo4j
@pytest.mark.slow
def test_load_compares_loader_with_naive(results):
    load = results[0]["load"]
    assert "error" not in load, load.get("error")
    assert load["loader"]["nodes"] == load["in_database"]["nodes"] > 0
    assert load["loader"]["relationships"] == load["in_database"]["relationships"] > 0
    assert load["reload"]["items"] == load["loader"]["items"]
    assert 0 < load["naive"]["items"] <= 150
    for run in ("loader", "reload", "naive"):
        assert _positive(load[run]["items_per_s"])
    assert _positive(load["ratio"])


@pytest.mark.neo4j
@pytest.mark.slow
def test_every_question_is_timed_on_both_backends(results):
    questions = results[0]["questions"]
    names = {q.name for q in list_questions()}
    for backend in ("embedded", "neo4j"):
        rows = questions["backends"][backend]
        assert set(rows) == names
        for name, row in rows.items():
            assert "error" not in row, (backend, name, row.get("error"))
            assert _positive(row["p50_ms"]) and row["p95_ms"] >= row["p50_ms"]


@pytest.mark.neo4j
@pytest.mark.slow
def test_scaling_streams_every_paper(results):
    scaling = results[0]["scaling"]
    points = scaling["points"]
    assert [p["size"] for p in points] == list(SCALING)
    for point in points:
        assert "error" not in point, point.get("error")
        assert point["papers"] == point["size"]
        assert _positive(point["papers_per_s"]) and _positive(point["peak_rss_mib"])
    assert _positive(scaling["summary"]["time_per_paper_ratio"])


@pytest.mark.neo4j
@pytest.mark.slow
def test_report_has_every_section_and_bar(results):
    data, markdown = results
    assert {b["bar"].split(",")[0] for b in data["bars"]} >= {
        "default extraction",
        "Neo4j load vs naive MERGE",
        "every canned question",
    }
    for heading in (
        "## Machine and run",
        "## Bars (issue 6)",
        "## 1. Extraction throughput",
        "## 2. Neo4j load",
        "## 3. Question latency",
        "## 4. Scaling",
    ):
        assert heading in markdown
