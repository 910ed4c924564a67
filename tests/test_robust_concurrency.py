"""Two `kg load` runs at the same time against one Neo4j end in the graph of one run.

The runs are real subprocesses started together; their batched MERGE transactions
interleave on the server. A MERGE race would show as duplicate nodes or relationships, a
lock conflict that is not retried as a failed run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from robust_graphs import counts, fingerprint, make_store, neo4j_env, start_kg, synthetic_items

from kg.stores.embedded import EmbeddedStore
from kg.stores.neo4j_loader import load_graph

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

N_PAPERS = 300


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """All papers, and two overlapping thirds-to-two-thirds parts of them."""
    root = tmp_path_factory.mktemp("concurrency")
    items = synthetic_items(N_PAPERS, 400, seed=11)
    third = N_PAPERS // 3
    return {"all": make_store(root / "all", items),
            "first": make_store(root / "first", items[: 2 * third]),
            "last": make_store(root / "last", items[third:])}


def _reference(driver, store: Path, *, entity_properties: bool = True) -> tuple:
    with EmbeddedStore(store) as stored:
        load_graph(driver, stored.graph())
    result = counts(driver), fingerprint(driver, entity_properties=entity_properties)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    return result


def _load_together(env: dict[str, str], *stores: Path) -> None:
    runs = [start_kg("load", "--store", str(store), env=env) for store in stores]
    for process in runs:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, (stdout, stderr)
        assert "Traceback" not in stderr and stdout.startswith("loaded into Neo4j:")


def test_two_loads_of_the_same_papers_at_once_equal_one_load(clean_neo4j, neo4j_server,
                                                             stores):
    reference = _reference(clean_neo4j, stores["all"])
    _load_together(neo4j_env(neo4j_server.uri, neo4j_server.auth), stores["all"], stores["all"])
    assert (counts(clean_neo4j), fingerprint(clean_neo4j)) == reference


def test_two_loads_of_overlapping_papers_at_once_equal_one_load_of_all(clean_neo4j,
                                                                      neo4j_server, stores):
    """Every node and relationship once, with its properties; entity summaries aside.

    An entity's summary properties (how many papers mention it, its majority name) are
    those of the graph that was loaded last, so a load of part of the papers writes
    part-counts by design; labels, keys and every relationship must still be exact.
    """
    reference = _reference(clean_neo4j, stores["all"], entity_properties=False)
    _load_together(neo4j_env(neo4j_server.uri, neo4j_server.auth),
                   stores["first"], stores["last"])
    assert counts(clean_neo4j) == reference[0]
    assert fingerprint(clean_neo4j, entity_properties=False) == reference[1]
