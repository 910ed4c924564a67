"""Turn an annotated Doc into the typed `Extraction` record the graph stage reads.

Speed: the records are built without validation (the values come from spaCy and kg's
own rules, with the types the models declare, so validating them again only costs time):
`record()` does what pydantic's `model_construct` does for these models, minus its
per-field alias and default lookups. Sentence texts are sliced from the Doc's text
instead of joined from Spans, once per sentence. Output is the same as validated
construction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypeVar

import numpy
from pydantic import BaseModel
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from kg.extraction.extensions import Candidate, candidates_of, span_text
from kg.extraction.knowledge import norm
from kg.models import Entity, Evidence, Extraction, Paper, Relation, Result
from kg.types import EntityType, RelationType, ResultKind

_VARIANT = re.compile(
    r"(?:[-\s_]?(?:base|large|small|tiny|mini|medium|xl|xxl|huge|giant|chat|instruct|"
    r"\d+(?:\.\d+)?[bmk]|\d+x\d+b|v\d+(?:\.\d+)?)|[-\s_][blsthg](?:/\d+)?)+$",
    re.I,
)


M = TypeVar("M", bound=BaseModel)


def record(cls: type[M]) -> Callable[..., M]:
    """A constructor for trusted values of every field of `cls`, given by keyword.

    The same instance as `cls.model_construct(**values)` when all fields are given (same
    `__dict__` in field order, fields set, no extra, no private values); models that use
    aliases, extra fields, private attributes or a post-init hook get `model_construct`.
    """
    fields = tuple(cls.__pydantic_fields__)
    plain = (
        not cls.__pydantic_root_model__
        and not cls.__pydantic_post_init__
        and not cls.__private_attributes__
        and cls.model_config.get("extra") != "allow"
        and all(
            f.alias is None and f.validation_alias is None for f in cls.__pydantic_fields__.values()
        )
    )
    if not plain:
        return cls.model_construct
    new, set_attr, names = cls.__new__, object.__setattr__, frozenset(fields)

    def build(**values: Any) -> M:
        if values.keys() != names:  # a field left out: let pydantic fill its default
            return cls.model_construct(**values)
        m = new(cls)
        set_attr(m, "__dict__", {name: values[name] for name in fields})
        set_attr(m, "__pydantic_fields_set__", set(fields))
        set_attr(m, "__pydantic_extra__", None)
        set_attr(m, "__pydantic_private__", None)
        return m

    return build


_evidence_record = record(Evidence)
_entity_record = record(Entity)
_relation_record = record(Relation)
_extraction_record = record(Extraction)
_result_record = record(Result)


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


def _sentence_text(doc: Doc, span: Span, seen: dict[int, str] | None = None) -> str:
    """`span.sent.text.strip()` (the whole text without sentence annotation), without
    building Spans; `seen` keeps the texts already cut, by sentence start.

    Same bounds as spaCy's Span.sent: back to the last sentence start at or before the
    span's first token, forward to the next one after it (or the end of the Doc)."""
    starts = _sentence_starts(doc)
    if starts is None:  # no sentence boundaries, or a hook: let spaCy decide
        sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
        return sent.text.strip()
    i = bisect_right(starts, span.start)
    first = starts[i - 1] if i else 0
    text = seen.get(first) if seen is not None else None
    if text is None:
        end = starts[i] if i < len(starts) else len(doc)
        text = span_text(doc, first, end).strip()
        if seen is not None:
            seen[first] = text
    return text


def _span_text(doc: Doc, span: Span) -> str:
    """`span.text` by slicing the Doc's text (spaCy joins every token on each access)."""
    return span_text(doc, span.start, span.end) if len(span) else span.text


def _evidence(
    paper_id: str, sentence: str, start: int, end: int, rule: str, confidence: float
) -> Evidence:
    """An Evidence from trusted internal values (offsets from spaCy, confidence in
    [0, 1] from the rules): built without re-validation, which costs more than the rest
    of the conversion."""
    return _evidence_record(
        paper_id=paper_id,
        sentence=sentence,
        start=start,
        end=end,
        rule=rule,
        confidence=round(confidence, 3),
    )


def evidence(
    doc: Doc,
    paper_id: str,
    span: Span,
    rule: str,
    confidence: float,
    sentences: dict[int, str] | None = None,
) -> Evidence:
    return _evidence(
        paper_id,
        _sentence_text(doc, span, sentences),
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
    normed: dict[str, str] = {}  # norm() of each entity name
    sentences: dict[int, str] = {}
    for span in doc.ents:
        text = _span_text(doc, span)
        name = span.id_ or text
        ent = entities.get(name)
        if ent is None:
            label = EntityType(span.label_)
            ent = entities[name] = _entity_record(
                name=name,
                type=label,
                aliases=[],
                family=family_of(name) if label == EntityType.MODEL else None,
                mentions=[],
            )
            normed[name] = norm(name)
        surface = text.strip()
        if norm(surface) != normed[name] and surface not in ent.aliases:
            ent.aliases.append(surface)
        found = best.get((span.start, span.end))
        ent.mentions.append(
            evidence(
                doc,
                paper_id,
                span,
                found.rule if found else "entities",
                found.confidence if found else 0.5,
                sentences,
            )
        )
    return list(entities.values())


def relations_of(doc: Doc, paper_id: str) -> list[Relation]:
    out = []
    for hit in doc._.relations or ():
        sentence = hit.sentence
        out.append(
            _relation_record(
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


def results_of(doc: Doc, paper_id: str) -> list[Result]:
    """The `kg_results` component's hits (none when the pipeline lacks it)."""
    out = []
    for hit in (doc._.results if Doc.has_extension("results") else None) or ():
        f = hit.found
        out.append(
            _result_record(
                subject=f.subject,
                metric=f.metric,
                dataset=f.dataset,
                task=f.task,
                value=f.value,
                unit=f.unit,
                kind=ResultKind(f.kind),
                compared_to=f.compared_to,
                evidence=_evidence(
                    paper_id, hit.sentence, hit.start, hit.end, f.rule, f.confidence
                ),
            )
        )
    return out


def doc_to_extraction(doc: Doc, paper: Paper) -> Extraction:
    return _extraction_record(
        id=paper.id,
        title=paper.title,
        abstract=paper.abstract,
        entities=entities_of(doc, paper.id),
        proposes=list(doc._.proposes or []),
        relations=relations_of(doc, paper.id),
        urls=list(doc._.urls or []),
        results=results_of(doc, paper.id),
        pruned=dict(sorted((doc._.pruned or {}).items())),
    )
