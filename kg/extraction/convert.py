"""Turn an annotated Doc into the typed `Extraction` record the graph stage reads."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extraction.extensions import Candidate, candidates_of
from kg.extraction.knowledge import norm
from kg.models import Entity, Evidence, Extraction, Paper, Relation
from kg.types import EntityType

_VARIANT = re.compile(
    r"(?:[-\s_]?(?:base|large|small|tiny|mini|medium|xl|xxl|huge|giant|chat|instruct|"
    r"\d+(?:\.\d+)?[bmk]|\d+x\d+b|v\d+(?:\.\d+)?)|[-\s_][blsthg](?:/\d+)?)+$",
    re.I,
)


def family_of(name: str) -> str | None:
    """'BERT-base' -> 'BERT', 'LLaMA-2 7B' -> 'LLaMA-2'; None when not a variant."""
    family = _VARIANT.sub("", name).rstrip(" -_")
    return family if family and family != name and len(family) >= 2 else None


def evidence(doc: Doc, paper_id: str, span: Span, rule: str, confidence: float) -> Evidence:
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    return Evidence(
        paper_id=paper_id,
        sentence=sent.text.strip(),
        start=span.start_char,
        end=span.end_char,
        rule=rule,
        confidence=round(confidence, 3),
    )


def entities_of(doc: Doc, paper_id: str) -> list[Entity]:
    best: dict[tuple[int, int], Candidate] = {}
    for c in candidates_of(doc):
        old = best.get((c.start, c.end))
        if old is None or (c.priority, c.confidence) > (old.priority, old.confidence):
            best[(c.start, c.end)] = c
    entities: dict[str, Entity] = {}
    for span in doc.ents:
        name = span.id_ or span.text
        ent = entities.get(name)
        if ent is None:
            label = EntityType(span.label_)
            ent = entities[name] = Entity(
                name=name, type=label, family=family_of(name) if label == EntityType.MODEL else None
            )
        surface = span.text.strip()
        if norm(surface) != norm(name) and surface not in ent.aliases:
            ent.aliases.append(surface)
        c = best.get((span.start, span.end))
        ent.mentions.append(
            evidence(doc, paper_id, span, c.rule if c else "entities", c.confidence if c else 0.5)
        )
    return list(entities.values())


def relations_of(doc: Doc, paper_id: str) -> list[Relation]:
    out = []
    for hit in doc._.relations or ():
        out.append(
            Relation(
                head=hit.head,
                type=hit.type,
                tail=hit.tail,
                evidence=Evidence(
                    paper_id=paper_id,
                    sentence=hit.sentence.text.strip(),
                    start=hit.sentence.start_char,
                    end=hit.sentence.end_char,
                    rule=hit.rule,
                    confidence=round(hit.confidence, 3),
                ),
            )
        )
    return out


def doc_to_extraction(doc: Doc, paper: Paper) -> Extraction:
    return Extraction(
        id=paper.id,
        title=paper.title,
        abstract=paper.abstract,
        entities=entities_of(doc, paper.id),
        proposes=list(doc._.proposes or []),
        relations=relations_of(doc, paper.id),
        urls=list(doc._.urls or []),
    )
