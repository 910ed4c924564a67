"""Two `kg load` runs at the same time against one Neo4j end in the graph of one run.

The runs are real subprocesses started together; their batched MERGE transactions (and
their schema statements) interleave on the server. A MERGE race would show as duplicate
nodes or relationships, an unretried lock conflict as a failed run.

`kg load` makes Neo4j mirror its store (papers no longer there are pruned), so two runs
agree on one graph when their stores hold the same papers: the same store loaded twice,
or one store built by both runs from overlapping inputs (split and ordered differently,
in two formats).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import empty_database
from robust_graphs import counts, fingerprint, make_store, neo4j_env, start_kg, synthetic_items

import kg
from kg.neo4j.loader import load_graph
from kg.stores.embedded import EmbeddedStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

N_PAPERS = 300
ABSTRACT = (
    "We propose {name}, which compresses BERT-base by knowledge distillation and "
    "pruning. {name} is evaluated on GLUE and SQuAD and outperforms DistilBERT in "
    "accuracy; code at https://github.com/org/{name}."
)


def _reference(driver, graph) -> tuple:
    """Counts and fingerprint of one load into a clean database.

    The database is emptied afterwards, constraints and indexes too, so the two runs
    also race to create the schema.
    """
    empty_database(driver)
    load_graph(driver, graph)
    result = counts(driver), fingerprint(driver)
    empty_database(driver)
    return result


def _run_together(env: dict[str, str], *commands: list[str]) -> None:
    runs = [start_kg(*command, env=env) for command in commands]
    for process in runs:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, (stdout, stderr)
        assert "Traceback" not in stderr and "loaded into Neo4j:" in stdout


def test_two_loads_of_one_store_at_once_equal_one_load(clean_neo4j, neo4j_server, tmp_path):
    store = make_store(tmp_path / "store", synthetic_items(N_PAPERS, 400, seed=11))
    with EmbeddedStore(store) as stored:
        reference = _reference(clean_neo4j, stored.graph())
    load = ["load", "--store", str(store)]
    _run_together(neo4j_env(neo4j_server.uri, neo4j_server.auth), load, load)
    assert (counts(clean_neo4j), fingerprint(clean_neo4j)) == reference


def _inputs(root: Path, n: int = 40) -> dict[str, Path]:
    """Papers 0..n-1 as JSONL in two overlapping parts, and all of them as CSV reversed."""
    records = [
        {"title": f"Model{i:03d}: a small model", "abstract": ABSTRACT.format(name=f"Model{i:03d}")}
        for i in range(n)
    ]
    paths = {"head": root / "head.jsonl", "tail": root / "tail.jsonl", "all": root / "all.csv"}
    paths["head"].write_text("".join(json.dumps(r) + "\n" for r in records[: 2 * n // 3]))
    paths["tail"].write_text("".join(json.dumps(r) + "\n" for r in records[n // 3 :]))
    with paths["all"].open("w", newline="") as sink:
        writer = csv.DictWriter(sink, ["title", "abstract"])
        writer.writeheader()
        writer.writerows(reversed(records))
    return paths


def test_two_builds_and_loads_of_overlapping_inputs_at_once_equal_one_run(
    clean_neo4j, neo4j_server, tmp_path
):
    inputs = _inputs(tmp_path)
    reference_graph = kg.build([inputs["all"]], store=tmp_path / "reference").to_networkx()
    reference = _reference(clean_neo4j, reference_graph)
    store = str(tmp_path / "shared-store")
    _run_together(
        neo4j_env(neo4j_server.uri, neo4j_server.auth),
        ["load", str(inputs["head"]), str(inputs["tail"]), "--store", store],
        ["load", str(inputs["all"]), str(inputs["head"]), "--store", store],
    )
    assert (counts(clean_neo4j), fingerprint(clean_neo4j)) == reference
