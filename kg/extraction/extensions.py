"""Doc extensions shared by the extraction components (results live on the Doc).

Contract between components:
- entity components leave typed mention spans in `doc.ents`: `span.label_` is an
  `EntityType` value and `span.id_` the canonical entity name within the paper;
- `doc._.proposes`: canonical names of what the paper itself introduces;
- `doc._.urls`: code and project URLs;
- `doc._.relations`: `RelationHit`s found by the relation component;
- `doc._.pruned`: counts of what schema-checked pruning dropped, by reason;
- `doc._.candidates`: entity `Candidate`s proposed by the matchers, before the
  entity resolver (kg_entities) picks, types and canonicalizes them into `doc.ents`;
- `doc._.abbreviations`: (long form span, short form span) pairs (Schwartz-Hearst).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from kg.types import RelationType


@dataclass(frozen=True)
class RelationHit:
    head: str  # canonical entity name, or kg.types.PAPER_HEAD
    type: RelationType
    tail: str
    sentence: Span
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible entity mention: token span, type, canonical id if known, and provenance."""

    start: int  # token indices into the Doc
    end: int
    label: str  # an EntityType value
    cid: str | None  # canonical name from a lexicon or abbreviation, None if unknown
    rule: str
    confidence: float
    priority: int  # higher wins overlaps among equally long spans


def text_of(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy joins every token on each access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def char_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token, computed once per Doc."""
    cached = doc.user_data.get("kg_offsets")
    if cached is None:
        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist()
        cached = doc.user_data["kg_offsets"] = (
            starts,
            [a + b for a, b in zip(starts, arr[:, 1].tolist(), strict=True)],
        )
    return cached


def span_text(doc: Doc, start: int, end: int) -> str:
    """Text of tokens start..end (exclusive) without building a Span."""
    starts, ends = char_offsets(doc)
    return text_of(doc)[starts[start] : ends[end - 1]]


# Where spaCy keeps `doc._.candidates` (Underscore stores extension values in user_data
# under this key); read directly, the components' many look-ups build no Underscore object.
_CANDIDATES_KEY = ("._.", "candidates", None, None)


def candidates_of(doc: Doc) -> list[Candidate]:
    """`doc._.candidates`, created empty on first use."""
    store: dict[Any, Any] = doc.user_data
    found: list[Candidate] | None = store.get(_CANDIDATES_KEY)
    if found is None:
        found = store[_CANDIDATES_KEY] = []
    return found


def register_extensions() -> None:
    """Idempotently declare the Doc extensions the components use."""
    defaults: dict[str, object] = {
        "proposes": None,
        "urls": None,
        "relations": None,
        "pruned": None,
        "candidates": None,
        "abbreviations": None,
    }
    for name, default in defaults.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def pruned_counter(doc: Doc) -> Counter[str]:
    if doc._.pruned is None:
        doc._.pruned = Counter()
    return doc._.pruned


register_extensions()
