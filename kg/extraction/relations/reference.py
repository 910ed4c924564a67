"""Compression by reference: COMPRESSES tails named in an earlier sentence.

Only in papers that use a compression word (the gate of the gated COMPRESSES rule), and
only from a sentence of the paper's own work:
- "...models such as BERT and GPT-2. We compress these models": a compression word
  followed by an anaphor compresses the Models of the sentence before it;
- "Pre-trained language models (e.g., BERT) ... We compress large pre-trained models": a
  compression word followed by a generic class ('class_anaphora') compresses the Models
  given earlier as examples ("e.g.", "such as").
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extraction.relations.matching import Candidate, Mention
from kg.extraction.relations.rules import CueBook, Phrases
from kg.extraction.relations.text import DocText, SentenceText
from kg.types import EntityType, RelationType


def compression_gate(book: CueBook) -> Phrases | None:
    """The paper-level gate of the first gated COMPRESSES rule (None: no such rule)."""
    return next(
        (
            r.doc_gate
            for r in book.rules
            if r.relation == RelationType.COMPRESSES and r.doc_gate is not None
        ),
        None,
    )


def compressed_by_reference(
    book: CueBook,
    dt: DocText,
    segs: Sequence[tuple[int, int, bool]],
    mentions: list[Mention],
) -> list[Candidate]:
    """COMPRESSES candidates (head: the paper) for Models referred to by an anaphor."""
    cues = compression_gate(book)
    if cues is None or not mentions or not cues.found(dt.text.lower()):
        return []
    prev: list[Mention] = []
    examples: list[Mention] = []
    out: list[Candidate] = []
    for start, end, _ in segs:
        st = SentenceText(dt, start, end)
        inside = [m for m in mentions if m.start >= start and m.end <= end]
        referred, rule = referred_models(book, st, cues, inside, prev, examples)
        out += [
            Candidate(None, RelationType.COMPRESSES, m, (start, end), rule, 0.5) for m in referred
        ]
        models = [m for m in inside if m.type == EntityType.MODEL and not m.proposed]
        prev = models
        examples += example_models(book, st, models)
    return out


def referred_models(
    book: CueBook,
    st: SentenceText,
    cues: Phrases,
    inside: list[Mention],
    prev: list[Mention],
    examples: list[Mention],
) -> tuple[list[Mention], str]:
    if not (prev or examples) or not st.hits(book.self_reference):
        return [], ""
    if prev and refers_back(st, cues, inside, book.anaphora, book.max_cue_gap):
        return prev, "COMPRESSES/previous_sentence"
    if examples and refers_back(st, cues, inside, book.class_anaphora, book.class_gap):
        return examples, "COMPRESSES/earlier_examples"
    return [], ""


def example_models(book: CueBook, st: SentenceText, models: list[Mention]) -> list[Mention]:
    """Models named right after an examples cue ("e.g., BERT", "such as GPT-2")."""
    if not models:
        return []
    ends = [end for _, end, _ in st.hits(book.examples)]
    return [m for m in models if any(0 <= m.start - end <= 2 for end in ends)]


def refers_back(
    st: SentenceText,
    cues: Phrases,
    inside: list[Mention],
    anaphora: Phrases,
    gap: int,
) -> bool:
    """A compression cue followed closely by an anaphor, and no Model named after the cue."""
    for _, cue_end, _ in st.hits(cues):
        if any(m.start >= cue_end and m.type == EntityType.MODEL for m in inside):
            return False
        for a_start, _, _ in st.hits(anaphora):
            if 0 <= a_start - cue_end <= gap:
                return True
    return False
