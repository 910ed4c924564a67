"""The embedded store: round trips, change detection, removal of exactly a paper's share."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_samples import gold_samples

from kg.errors import StoreError
from kg.graph import build_graph
from kg.graph.stats import graph_stats
from kg.models import Source
from kg.stores.embedded import EmbeddedStore, content_hash, resolve_store_dir


@pytest.fixture
def samples():
    return gold_samples(limit=12)


@pytest.fixture
def store(tmp_path: Path, samples):
    with EmbeddedStore(tmp_path / "store") as s:
        s.put_many(samples)
        yield s


def edge_set(graph):
    return {(u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True)}


def test_round_trip_and_graph_equals_assembly(store, samples):
    assert store.count() == 12
    assert [x.id for x in store.extractions()] == sorted(x.id for _, x in samples)
    expected = build_graph([x for _, x in samples], [p for p, _ in samples])
    got = store.graph()
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edge_set(got) == edge_set(expected)


def test_reopening_finds_the_same_store(tmp_path, samples):
    with EmbeddedStore(tmp_path / "s") as s:
        s.put_many(samples[:3])
    with EmbeddedStore(tmp_path / "s", create=False) as again:
        assert again.count() == 3 and samples[0][0].id in again


def test_needs_extraction_only_for_new_or_changed_papers(store, samples):
    paper, _ = samples[0]
    assert not store.needs_extraction(paper)
    assert store.needs_extraction(paper.model_copy(update={"abstract": paper.abstract + " More."}))
    assert store.needs_extraction(paper.model_copy(update={"id": "new:1"}))
    assert content_hash(paper, "v1") != content_hash(paper, "v2")  # extractor changed


def test_sources_of_an_unchanged_paper_accumulate(store, samples):
    paper, _ = samples[0]
    store.add_sources(paper.model_copy(update={"sources": [Source(path="b.jsonl", line=3)]}))
    store.add_sources(paper.model_copy(update={"sources": [Source(path="b.jsonl", line=3)]}))
    assert store.get_paper(paper.id).sources == [Source(path="b.jsonl", line=3)]


def test_remove_takes_exactly_the_papers_share(store, samples):
    before = store.graph()
    victim = max(samples, key=lambda s: len(s[1].entities))[0].id
    store.remove(victim)
    after = store.graph()
    rest = [x for p, x in samples if p.id != victim]
    expected = build_graph(rest, [p for p, _ in samples if p.id != victim])
    assert edge_set(after) == edge_set(expected)
    assert dict(after.nodes(data=True)) == dict(expected.nodes(data=True))
    # What disappeared: the paper, its edges, and the entities only it mentioned.
    only_victim = {
        n
        for n, d in before.nodes(data=True)
        if d["label"] == "Entity"
        and d["papers"] == 1
        and before.has_edge(f"paper:{victim}", n, f"MENTIONS|{victim}")
    }
    assert only_victim  # the test would prove nothing otherwise
    # Cross-paper resolution names a node by the spelling most papers use, so a node the
    # victim shared may take another key ('RNN' -> 'recurrent neural network'): renamed,
    # not lost, its names live on in a node of `after`.
    names_after = {k for _, d in after.nodes(data=True) for k in d.get("alias_keys") or ()}
    renamed = {
        n
        for n in set(before) - set(after) - only_victim
        if set(before.nodes[n].get("alias_keys") or ()) & names_after
    }
    assert set(before) - set(after) == only_victim | renamed | {f"paper:{victim}"}
    assert not any(d.get("paper_id") == victim for *_, d in after.edges(data=True))
    assert graph_stats(after)["papers"] == graph_stats(before)["papers"] - 1


def test_errors_name_the_store(tmp_path, store):
    with pytest.raises(StoreError, match="no graph store") as info:
        EmbeddedStore(tmp_path / "missing", create=False)
    assert "kg build" in info.value.render()
    with pytest.raises(StoreError, match="no paper with id 'nope'"):
        store.remove("nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        EmbeddedStore(tmp_path / "file")


def test_store_directory_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert resolve_store_dir() == Path(".kg")
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env"))
    assert resolve_store_dir() == tmp_path / "env"
    assert resolve_store_dir(tmp_path / "arg") == tmp_path / "arg"
