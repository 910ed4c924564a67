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

from kg.extraction.relations.matching import Mention, PairCandidate
from kg.extraction.relations.rules import CueBook, Phrases
from kg.extraction.relations.text import DocText, SentenceText
from kg.types import EntityType, RelationType

PREVIOUS_SENTENCE_RULE = "COMPRESSES/previous_sentence"  # "... BERT. We compress these models"
EARLIER_EXAMPLES_RULE = "COMPRESSES/earlier_examples"  # "PLMs (e.g., BERT) ... compress PLMs"
REFERENCE_CONFIDENCE = 0.5
CLASS_WINDOW = 6  # tokens before an examples cue where the class it exemplifies is named


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
) -> list[PairCandidate]:
    """COMPRESSES candidates (head: the paper) for Models referred to by an anaphor."""
    cues = compression_gate(book)
    if cues is None or not mentions or not cues.found(dt.text.lower()):
        return []
    prev: list[Mention] = []
    examples: list[Mention] = []
    out: list[PairCandidate] = []
    for start, end, _ in segs:
        st = SentenceText(dt, start, end)
        inside = [m for m in mentions if m.start >= start and m.end <= end]
        referred, rule = referred_models(book, st, cues, inside, prev, examples)
        out += [
            PairCandidate(
                None, RelationType.COMPRESSES, m, (start, end), rule, REFERENCE_CONFIDENCE
            )
            for m in referred
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
        return prev, PREVIOUS_SENTENCE_RULE
    if examples and refers_back(st, cues, inside, book.class_anaphora, book.class_gap):
        return examples, EARLIER_EXAMPLES_RULE
    return [], ""


def example_models(book: CueBook, st: SentenceText, models: list[Mention]) -> list[Mention]:
    """Models named right after an examples cue ("e.g., BERT", "such as GPT-2") that gives
    examples of a class an anaphor can name ("pre-trained language models (e.g., BERT)";
    not "alternative architectures such as state space models (Mamba)")."""
    if not models:
        return []
    ends = [
        (start, end)
        for start, end, _ in st.hits(book.examples)
        if book.class_anaphora.found(st.between(max(st.first, start - CLASS_WINDOW), start))
    ]
    return [m for m in models if any(0 <= m.start - end <= 2 for _, end in ends)]


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
            # "distill X into them": what comes after "into" is the student
            if 0 <= a_start - cue_end <= gap and "into" not in st.between(cue_end, a_start).split():
                return True
    return False
