"""The README's Python examples run as written, in order, in one namespace."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def python_blocks() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_has_the_api_examples():
    blocks = python_blocks()
    assert len(blocks) == 2
    assert "kg.build" in blocks[0] and "to_neo4j" in blocks[1]


@pytest.mark.slow
def test_readme_api_examples_run(tmp_path, monkeypatch, neo4j_server, clean_neo4j, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "hf-papers").symlink_to(ROOT / "data" / "hf-papers")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    user, password = neo4j_server.auth
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", user)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    namespace: dict = {}
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), namespace)  # noqa: S102
    out = capsys.readouterr().out
    assert "437 papers" in out
    assert " compresses " in out  # at least one row printed, with its paper
    assert (tmp_path / ".kg").is_dir() and (tmp_path / "bert.html").stat().st_size > 10_000
    with clean_neo4j.session() as session:
        papers = session.run("MATCH (p:Paper) RETURN count(p) AS n").single()["n"]
    assert papers == 437
    assert os.environ["NEO4J_PASSWORD"] not in out
