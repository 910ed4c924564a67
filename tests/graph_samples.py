"""Extractions for graph, store and loader tests, built from the gold training records.

Gold records carry no offsets, so each mention and relation gets synthetic evidence: the
first sentence of the title + abstract that contains the name (else the title).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kg.models import Entity, Evidence, Extraction, Paper, Relation

GOLD = Path(__file__).resolve().parent / "data" / "gold_train_0.jsonl"


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"[^.\n]+[.\n]?", text)]


def _evidence(paper: Paper, name: str, rule: str = "gold") -> Evidence:
    text = paper.text
    for start, sentence in _sentences(text):
        if name.lower() in sentence.lower():
            return Evidence(
                paper_id=paper.id,
                sentence=sentence.strip(),
                start=start,
                end=start + len(sentence),
                rule=rule,
                confidence=0.9,
            )
    return Evidence(
        paper_id=paper.id,
        sentence=paper.title,
        start=0,
        end=len(paper.title),
        rule=rule,
        confidence=0.5,
    )


def extraction_from_gold(record: dict) -> tuple[Paper, Extraction]:
    paper = Paper(id=record["id"], title=record["title"], abstract=record["abstract"])
    entities = [
        Entity(
            name=e["name"],
            type=e["type"],
            aliases=e.get("aliases", []),
            family=e.get("family"),
            mentions=[_evidence(paper, e["name"])],
        )
        for e in record["entities"]
    ]
    relations = [
        Relation(head=h, type=t, tail=tail, evidence=_evidence(paper, tail))
        for h, t, tail in record["relations"]
    ]
    extraction = Extraction(
        id=paper.id,
        title=paper.title,
        abstract=paper.abstract,
        entities=entities,
        proposes=record.get("proposes", []),
        relations=relations,
        urls=record.get("urls", []),
    )
    return paper, extraction


def gold_samples(limit: int | None = None) -> list[tuple[Paper, Extraction]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()][:limit]
    return [extraction_from_gold(r) for r in records]


def gold_store(directory: Path, limit: int) -> Path:
    """An embedded store (kg.api) holding the first `limit` gold samples."""
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(directory, create=True) as graph:
        graph.store.put_many(gold_samples(limit))
    return directory


def snapshot(driver: Any) -> dict[str, list[str]]:
    """Every node and relationship with labels and properties, order-free."""
    with driver.session() as session:
        nodes = session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").data()
        rels = session.run(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.key) AS src, "
            "coalesce(b.key, b.url) AS dst, properties(r) AS props"
        ).data()

    def dump(rows: list[dict]) -> list[str]:
        return sorted(
            json.dumps({**r, "labels": sorted(r.get("labels", []))}, sort_keys=True) for r in rows
        )

    return {"nodes": dump(nodes), "rels": dump(rels)}
