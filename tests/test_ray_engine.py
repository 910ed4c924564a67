"""The ray engine on a real local Ray (2 CPUs, no dashboard, loopback only).

One Ray session for the module; each test runs one Ray Data job with 2 actors, each
loading the pipeline once. The records must be the local engine's, byte for byte and in
input order.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import ray
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.models import Paper
from kg.readers import ReadReport, merge_papers, read_papers

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).parent / "kg"


@pytest.fixture(scope="module")
def ray_cluster() -> str:
    """A local Ray for this module; returns its address (for --address)."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        logging_level=logging.WARNING,
        log_to_driver=False,
    )
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    return merge_papers(read_papers([ROOT / "data" / "hf-papers"], ReadReport()))[:36]


@pytest.fixture(scope="module")
def input_file(tmp_path_factory: pytest.TempPathFactory, papers: list[Paper]) -> Path:
    path = tmp_path_factory.mktemp("ray-input") / "papers.jsonl"
    path.write_text(
        "".join(p.model_dump_json(include={"id", "title", "abstract"}) + "\n" for p in papers),
        encoding="utf-8",
    )
    return path


def test_cli_extract_joins_an_existing_cluster(ray_cluster, input_file, tmp_path):
    local = CliRunner().invoke(app, ["extract", str(input_file), "-o", str(tmp_path / "l.jsonl")])
    assert local.exit_code == 0, local.output
    env = dict(os.environ, RAY_DEDUP_LOGS="0")
    result = subprocess.run(
        [
            str(KG),
            "extract",
            str(input_file),
            "-o",
            str(tmp_path / "r.jsonl"),
            "--engine",
            "ray",
            "--address",
            ray_cluster,
            "--processes",
            "2",
            "--batch-size",
            "8",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "papers: 36" in result.stderr
    assert (tmp_path / "r.jsonl").read_text() == (tmp_path / "l.jsonl").read_text()


def test_build_on_ray_stores_the_local_records_and_graph(
    ray_cluster, input_file, papers, tmp_path, kg_nlp
):
    local = kg.build([input_file], store=tmp_path / "local", nlp=kg_nlp)
    result = CliRunner().invoke(
        app,
        ["build", str(input_file), "--store", str(tmp_path / "ray"), "--engine", "ray", "-p", "2"],
    )
    assert result.exit_code == 0, result.output
    assert "extracted:           36" in result.output
    on_ray = kg.KnowledgeGraph.open(tmp_path / "ray")
    records = {e.id: e.model_dump_json() for e in on_ray.store.extractions()}
    assert records == {e.id: e.model_dump_json() for e in local.store.extractions()}
    assert len(records) == len(papers)
    assert nx.utils.graphs_equal(on_ray.to_networkx(), local.to_networkx())
    assert on_ray.to_networkx().number_of_edges() > 36


def test_unknown_engine_and_a_stray_address_are_clear_errors(input_file, tmp_path):
    out = str(tmp_path / "x.jsonl")
    result = CliRunner().invoke(app, ["extract", str(input_file), "-o", out, "--engine", "spark"])
    assert result.exit_code == 2
    assert "unknown extraction engine 'spark'" in result.output
    assert "local, ray" in result.output
    result = CliRunner().invoke(
        app, ["extract", str(input_file), "-o", out, "--address", "127.0.0.1:6379"]
    )
    assert result.exit_code == 2
    assert "--engine ray" in result.output
