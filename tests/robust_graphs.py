"""Helpers of the robustness tests: synthetic stores big enough for a load to take a while,
fingerprints of what is in Neo4j, and running `kg` as a real subprocess.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from neo4j import Driver

from kg.models import Entity, Evidence, Extraction, Paper, Relation
from kg.stores.embedded import EmbeddedStore
from kg.types import EntityType, RelationType

KG = Path(sys.executable).parent / "kg"
_TYPES = list(EntityType)
_RELATIONS = list(RelationType)


def synthetic_items(
    n_papers: int, n_names: int = 1500, seed: int = 7
) -> list[tuple[Paper, Extraction]]:
    """Papers with ~8 entities and ~8 relations each, over a shared vocabulary of names.

    Each name has one fixed type, so entity properties depend only on which papers mention
    it. Every fifth paper links a repository.
    """
    rng = random.Random(seed)
    vocabulary = [
        (f"Thing-{i} {rng.choice('αβγ')}", _TYPES[i % len(_TYPES)]) for i in range(n_names)
    ]
    items = []
    for i in range(n_papers):
        pid = f"syn:{i:05d}"
        chosen = rng.sample(vocabulary, 8)
        sentence = "We study " + ", ".join(name for name, _ in chosen) + "."
        title = f"Synthetic paper {i}"
        paper = Paper(id=pid, title=title, abstract=sentence)

        def ev(name: str, pid: str = pid, sentence: str = sentence) -> Evidence:
            start = sentence.index(name)
            return Evidence(
                paper_id=pid,
                sentence=sentence,
                start=start,
                end=start + len(name),
                rule="synthetic",
                confidence=0.8,
            )

        entities = [Entity(name=n, type=t, mentions=[ev(n)]) for n, t in chosen]
        relations = [
            Relation(
                head=chosen[k][0],
                type=rng.choice(_RELATIONS),
                tail=chosen[(k + 1) % 8][0],
                evidence=ev(chosen[k][0]),
            )
            for k in range(8)
        ]
        urls = [f"https://github.com/org{i % 97}/repo{i}"] if i % 5 == 0 else []
        items.append(
            (
                paper,
                Extraction(
                    id=pid,
                    title=title,
                    abstract=sentence,
                    entities=entities,
                    proposes=[chosen[0][0]],
                    relations=relations,
                    urls=urls,
                ),
            )
        )
    return items


def make_store(directory: Path, items: list[tuple[Paper, Extraction]]) -> Path:
    with EmbeddedStore(directory) as store:
        store.put_many(items)
        graph = store.graph()
        counts = (graph.number_of_nodes(), graph.number_of_edges())
    (directory / "expected.json").write_text(json.dumps(counts))
    return directory


def expected_counts(store: Path) -> tuple[int, int]:
    nodes, edges = json.loads((store / "expected.json").read_text())
    return nodes, edges


def counts(driver: Driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes, rels


def _identity(node: dict) -> str:
    return str(node.get("id") or node.get("key") or node.get("url"))


def fingerprint(driver: Driver, *, entity_properties: bool = True) -> str:
    """A hash of every node (labels, properties) and relationship (type, ends, properties).

    Without ``entity_properties`` entity nodes count by labels and key only: the summary
    properties (paper counts, names by majority) of a load of part of the papers differ
    from those of all papers by design.
    """
    with driver.session() as session:
        nodes = session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p").data()
        rels = session.run(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(a) AS a, "
            "properties(b) AS b, properties(r) AS p"
        ).data()
    lines = []
    for row in nodes:
        props = row["p"]
        if not entity_properties and "Entity" in row["labels"]:
            props = {"key": props["key"]}
        lines.append(json.dumps([sorted(row["labels"]), props], sort_keys=True, default=str))
    for row in rels:
        lines.append(
            json.dumps(
                [row["type"], _identity(row["a"]), _identity(row["b"]), row["p"]],
                sort_keys=True,
                default=str,
            )
        )
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def neo4j_env(uri: str, auth: tuple[str, str], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    env.update(NEO4J_URI=uri, NEO4J_USER=auth[0], NEO4J_PASSWORD=auth[1], **extra)
    return env


def start_kg(
    *args: str, env: dict[str, str], stdin: int | None = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(KG), *args],
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_kg(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KG), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_line_error(stderr: str, *expected: str) -> None:
    """stderr is exactly one `error:` line, naming what is expected, without a traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    for text in expected:
        assert text in lines[0], (text, stderr)
