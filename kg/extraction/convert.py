"""Turn an annotated Doc into the typed `Extraction` record the graph stage reads.

Speed: the records are built with pydantic's `model_construct` (the values come from
spaCy and kg's own rules, with the types the models declare, so validating them again
only costs time) and sentence texts are sliced from the Doc's text instead of joined
from Spans. Output is the same as validated construction.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from kg.extraction.extensions import Candidate, candidates_of, span_text
from kg.extraction.knowledge import norm
from kg.models import Entity, Evidence, Extraction, Paper, Relation
from kg.types import EntityType, RelationType

_VARIANT = re.compile(
    r"(?:[-\s_]?(?:base|large|small|tiny|mini|medium|xl|xxl|huge|giant|chat|instruct|"
    r"\d+(?:\.\d+)?[bmk]|\d+x\d+b|v\d+(?:\.\d+)?)|[-\s_][blsthg](?:/\d+)?)+$",
    re.I,
)


def family_of(name: str) -> str | None:
    """'BERT-base' -> 'BERT', 'LLaMA-2 7B' -> 'LLaMA-2'; None when not a variant."""
    family = _VARIANT.sub("", name).rstrip(" -_")
    return family if family and family != name and len(family) >= 2 else None


def _sentence_starts(doc: Doc) -> list[int] | None:
    """Token indices that start a sentence (SENT_START == 1), once per Doc; None when
    the Doc has no sentence annotation or a user hook decides sentences."""
    key = "kg_sent_starts"
    if key not in doc.user_data:
        starts = None
        if doc.has_annotation("SENT_START") and not (
            "sents" in doc.user_hooks or "sent" in doc.user_span_hooks
        ):
            starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        doc.user_data[key] = starts
    return doc.user_data[key]


def _sentence_text(doc: Doc, span: Span) -> str:
    """`span.sent.text.strip()` (the whole text without sentence annotation), without
    building Spans.

    Same bounds as spaCy's Span.sent: back to the last sentence start at or before the
    span's first token, forward to the next one after it (or the end of the Doc)."""
    starts = _sentence_starts(doc)
    if starts is None:  # no sentence boundaries, or a hook: let spaCy decide
        sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
        return sent.text.strip()
    start = span.start
    i = bisect_right(starts, start)
    first = starts[i - 1] if i else 0
    end = starts[i] if i < len(starts) else len(doc)
    return span_text(doc, first, end).strip()


def _span_text(doc: Doc, span: Span) -> str:
    """`span.text` by slicing the Doc's text (spaCy joins every token on each access)."""
    return span_text(doc, span.start, span.end) if len(span) else span.text


def _evidence(
    paper_id: str, sentence: str, start: int, end: int, rule: str, confidence: float
) -> Evidence:
    """An Evidence from trusted internal values (offsets from spaCy, confidence in
    [0, 1] from the rules): built without re-validation, which costs more than the rest
    of the conversion."""
    return Evidence.model_construct(
        paper_id=paper_id,
        sentence=sentence,
        start=start,
        end=end,
        rule=rule,
        confidence=round(confidence, 3),
    )


def evidence(doc: Doc, paper_id: str, span: Span, rule: str, confidence: float) -> Evidence:
    return _evidence(
        paper_id,
        _sentence_text(doc, span),
        span.start_char,
        span.end_char,
        rule,
        confidence,
    )


def entities_of(doc: Doc, paper_id: str) -> list[Entity]:
    best: dict[tuple[int, int], Candidate] = {}
    for c in candidates_of(doc):
        old = best.get((c.start, c.end))
        if old is None or (c.priority, c.confidence) > (old.priority, old.confidence):
            best[(c.start, c.end)] = c
    entities: dict[str, Entity] = {}
    for span in doc.ents:
        name = span.id_ or _span_text(doc, span)
        ent = entities.get(name)
        if ent is None:
            label = EntityType(span.label_)
            ent = entities[name] = Entity.model_construct(
                name=name,
                type=label,
                aliases=[],
                family=family_of(name) if label == EntityType.MODEL else None,
                mentions=[],
            )
        surface = _span_text(doc, span).strip()
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
        sentence = hit.sentence
        out.append(
            Relation.model_construct(
                head=hit.head,
                type=RelationType(hit.type),
                tail=hit.tail,
                evidence=_evidence(
                    paper_id,
                    _span_text(doc, sentence).strip(),
                    sentence.start_char,
                    sentence.end_char,
                    hit.rule,
                    hit.confidence,
                ),
            )
        )
    return out


def doc_to_extraction(doc: Doc, paper: Paper) -> Extraction:
    return Extraction.model_construct(
        id=paper.id,
        title=paper.title,
        abstract=paper.abstract,
        entities=entities_of(doc, paper.id),
        proposes=list(doc._.proposes or []),
        relations=relations_of(doc, paper.id),
        urls=list(doc._.urls or []),
    )
