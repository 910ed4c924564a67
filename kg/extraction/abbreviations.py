"""kg_abbreviations: Schwartz-Hearst abbreviation detection, as in scispacy.

"Bidirectional Encoder Representations from Transformers (BERT)" gives the pair
(long form, BERT). Pairs go to `doc._.abbreviations`; the short form is proposed as a
candidate typed like a lexicon match of either form, else by the long form's head word
(Schwartz & Hearst, "A simple algorithm for identifying abbreviation definitions in
biomedical text", PSB 2003).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extraction.extensions import Candidate, candidates_of, text_of
from kg.extraction.knowledge import type_by_head
from kg.types import EntityType

_PAREN = re.compile(r"\(\s*([^()\s][^()]{0,14}?)\s*[),;]")
_BRACKET = re.compile(r"[()\[\]]")
_SHORT = re.compile(r"[A-Za-z][\w.+/-]*(?: [\w.+-]+)?")


def find_long_form(short: str, before: str) -> int | None:
    """Start offset in `before` of the shortest long form whose letters cover `short`."""
    words = [m.start() for m in re.finditer(r"\S+", before)]
    if not words:
        return None
    window_start = words[-min(len(words), min(len(short) + 5, len(short) * 2))]
    text = before[window_start:].lower()
    chars = short.lower()
    s_idx, l_idx = len(chars) - 1, len(text) - 1
    while s_idx >= 0:
        c = chars[s_idx]
        if not c.isalnum():
            s_idx -= 1
            continue
        while l_idx >= 0 and (
            text[l_idx] != c or (s_idx == 0 and l_idx > 0 and text[l_idx - 1].isalnum())
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = max(text.rfind(" ", 0, l_idx + 1), text.rfind("\n", 0, l_idx + 1)) + 1
    long_form = text[start:]
    # a long form never spans another parenthesis: in "entailment (SNLI), and question
    # answering (SQuAD)" the letters of SQuAD reach back past "(SNLI)", a list, not a name
    if len(long_form) <= len(short) or chars in long_form.split() or _BRACKET.search(long_form):
        return None
    return window_start + start


def abbreviation_pairs(doc: Doc) -> list[tuple[Span, Span]]:
    pairs = []
    text = text_of(doc)
    for match in _PAREN.finditer(text):
        short = match.group(1)
        if not _SHORT.fullmatch(short) or not re.search(r"[A-Z]", short) or len(short) < 2:
            continue
        sent_start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        before = text[sent_start : match.start()].rstrip()
        lf_start = find_long_form(short, before)
        if lf_start is None:
            continue
        long_span = doc.char_span(
            sent_start + lf_start, sent_start + len(before), alignment_mode="expand"
        )
        short_span = doc.char_span(
            match.start(1), match.start(1) + len(short), alignment_mode="expand"
        )
        if long_span is not None and short_span is not None and long_span.end <= short_span.start:
            pairs.append((long_span, short_span))
    return pairs


class AbbreviationDetector:
    def __call__(self, doc: Doc) -> Doc:
        pairs = abbreviation_pairs(doc)
        doc._.abbreviations = pairs
        if not pairs:
            return doc
        found = candidates_of(doc)
        known = {(c.start, c.end): c for c in found}
        for long_span, short_span in pairs:
            # The long form says more than the acronym: its type wins ("information
            # retrieval (IR)" is a Task even where a list knows an "IR" model).
            hit = (
                known.get((long_span.start, long_span.end))
                or next(
                    (
                        c
                        for c in found
                        if c.end == long_span.end
                        and c.start >= long_span.start
                        and c.end - c.start >= (long_span.end - long_span.start + 1) // 2
                    ),
                    None,
                )
                or known.get((short_span.start, short_span.end))
            )
            label = hit.label if hit else (type_by_head(long_span.text) or EntityType.METHOD)
            cid = short_span.text
            found.append(
                Candidate(short_span.start, short_span.end, label, cid, "abbreviation", 0.85, 80)
            )
            found.append(
                Candidate(long_span.start, long_span.end, label, cid, "abbreviation", 0.8, 80)
            )
        return doc


@Language.factory("kg_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector()
