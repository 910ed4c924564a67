"""Where the relation rules look: sentences, line breaks and cue matches as token indices.

The relation component works on text, not on token objects: each sentence's lower-cased
text is sliced from the Doc's text once, the cue patterns run over it, and their matches
are mapped back to token indices with the Doc-wide character offsets (computed once per
Doc, see `extensions.char_offsets`). Building Spans, Tokens or `doc.text` is what costs
time in spaCy; none of that happens here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.tokens import Doc

from kg.extraction.extensions import char_offsets, text_of
from kg.extraction.relations.phrases import Phrases


class DocText:
    """A doc's text and token offsets, read once (Span.text and token objects are slow)."""

    __slots__ = ("idx", "ends", "text")

    def __init__(self, doc: Doc):
        self.idx, self.ends = char_offsets(doc) if len(doc) else ([], [])
        self.text = text_of(doc)

    def is_line_break(self, i: int) -> bool:
        return "\n" in self.text[self.idx[i] : self.ends[i]]


class SentenceText:
    """A sentence's lower-cased text, with cue matches mapped to doc token indices.

    Offsets are looked up in the Doc-wide lists (bounded to the sentence) rather than
    copied per sentence; `base` is the sentence's first character in the Doc's text.
    """

    __slots__ = ("first", "last", "base", "text", "idx", "ends")

    def __init__(self, dt: DocText, start: int, end: int):
        self.first, self.last = start, end
        self.idx, self.ends = dt.idx, dt.ends
        self.base = base = dt.idx[start]
        self.text = dt.text[base : dt.ends[end - 1]].lower()  # the cue patterns are lower case

    def hits(self, pattern: Phrases) -> list[tuple[int, int, str]]:
        """(first token, end token, matched text) of every match, in doc token indices."""
        out = []
        idx, first, last, base = self.idx, self.first, self.last, self.base
        for m_start, m_end, matched in pattern.spans(self.text):
            a = max(bisect_right(idx, base + m_start, first, last) - 1, first)
            b = max(bisect_left(idx, base + m_end, first, last), a + 1)
            out.append((a, b, matched))
        return out

    def first_hit(self, pattern: Phrases) -> str | None:
        return pattern.first(self.text)

    def between(self, start: int, end: int) -> str:
        """Text of the doc tokens [start, end) of this sentence."""
        if end <= start:
            return ""
        return self.text[self.idx[start] - self.base : self.ends[end - 1] - self.base]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of the sentences, read from the SENT_START array (fast)."""
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(doc)], strict=True))


def line_breaks(doc: Doc, dt: DocText) -> list[int]:
    """Indices of the whitespace tokens that hold a line break."""
    if "\n" not in dt.text:
        return []
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    return [i for i in spaces if dt.is_line_break(i)]


def segments(doc: Doc, dt: DocText) -> Iterator[tuple[int, int, bool]]:
    """Sentences, further split at line breaks; yields (start, end, is_title).

    The title comes first and ends at the first line break, when the text has one.
    """
    breaks = line_breaks(doc, dt)
    title_end = breaks[0] if breaks else -1
    for sent_start, sent_end in sentence_bounds(doc):
        start = sent_start
        for cut in [i for i in breaks if sent_start <= i < sent_end] + [sent_end]:
            if cut > start:
                yield start, cut, cut <= title_end
            start = cut + 1
