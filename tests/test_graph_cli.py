"""`kg build`, `kg stats`, `kg remove`, `kg load` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app
from kg.cli._common import EXIT_SKIPPED
from kg.stores.embedded import EmbeddedStore

DATA = Path(__file__).resolve().parent / "fixtures" / "graph"
COMMANDS = ("build", "stats", "remove", "load")
runner = CliRunner()


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name):
    command = typer.main.get_command(app).commands[name]
    assert command.help
    for param in command.params:
        assert getattr(param, "help", None), f"kg {name}: {param.name} has no help"
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    result = runner.invoke(
        app, ["build", str(DATA / "tiny.jsonl"), str(DATA / "bad.jsonl"), "--store", str(store)]
    )
    return store, result


def test_build_prints_counts_and_exits_4_on_skipped_items(built):
    store, result = built
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "entries read:        4" in result.stdout
    assert "skipped items:       2" in result.stdout
    assert "extracted:           4" in result.stdout
    assert "bad.jsonl:3" in result.stderr and "Traceback" not in result.stderr
    again = runner.invoke(app, ["build", str(DATA / "tiny.jsonl"), "--store", str(store)])
    assert again.exit_code == 0 and "extracted:           0" in again.stdout


def test_stats_and_remove(built, monkeypatch):
    store, _ = built
    monkeypatch.setenv("KG_STORE", str(store))  # the env var picks the store
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert stats["papers"] == 4 and sum(stats["entities_by_type"].values()) == stats["entities"]
    text = runner.invoke(app, ["stats"]).stdout
    assert f"papers:        {stats['papers']}" in text and "COMPRESSES" in text
    removed = runner.invoke(app, ["remove", "x:2"])
    assert removed.exit_code == 0 and removed.stdout.startswith("removed x:2 (Pruning BERT")
    assert json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["papers"] == 3
    missing = runner.invoke(app, ["remove", "x:2"])
    assert missing.exit_code == 1 and "no paper with id 'x:2'" in missing.stderr


def test_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no graph store here" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_neo4j_is_a_clear_error_without_the_password(built, monkeypatch):
    store, _ = built
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-not-shown")
    result = runner.invoke(app, ["load", "--store", str(store)])
    assert result.exit_code == 3
    assert "cannot reach Neo4j" in result.stderr and "bolt://127.0.0.1:9" in result.stderr
    assert "s3cret" not in result.output + result.stderr and "Traceback" not in result.stderr
    removing = runner.invoke(app, ["remove", "arxiv:1910.01108", "--store", str(store), "--neo4j"])
    assert removing.exit_code == 3 and "cannot reach Neo4j" in removing.stderr
    with EmbeddedStore(store) as kept:
        assert "arxiv:1910.01108" in kept  # the failed removal removed nothing


def test_build_from_no_papers_fails_before_making_the_store(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00" * 10)
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(junk), "--store", str(store)])
    assert result.exit_code == 2
    assert "no papers could be read" in result.stderr
    assert f"warning: {junk}" in result.stderr  # the skip is reported before the error
    assert not store.exists()
