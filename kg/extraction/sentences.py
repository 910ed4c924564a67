"""kg_sentences: cheap rule-based sentence boundaries; the title is its own sentence.

Paper.text is title + blank line + abstract. Boundaries are found with one regular
expression over the text (end punctuation, then space, then an upper-case letter, digit
or bracket; common abbreviations excluded) and the blank line, then set on the few
tokens that start a sentence: much cheaper than visiting every token.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.extensions import text_of

# The end punctuation is matched first and the abbreviation checks look back from just
# after it (the final "." in each look-behind is that punctuation mark): same matches as
# checking the abbreviations before the punctuation, but the look-behinds then run only
# at the few punctuation marks instead of at every character of the text.
_BOUNDARY = re.compile(
    r"[.!?](?<!\be\.g.)(?<!\bi\.e.)(?<!\bet al.)(?<!\bvs.)"
    r"(?<!\bcf.)(?<!\bFig.)(?<!\bEq.)(?<!\bSec.)"
    r"[\"')\]]*\s+(?=[A-Z0-9(\"'])"
    r"|\n\s*\n\s*"
)


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        text = text_of(doc)
        starts = doc.to_array(IDX)
        flags = numpy.full(n, -1, dtype=numpy.int64)  # -1: not a sentence start
        flags[0] = 1
        ends = [match.end() for match in _BOUNDARY.finditer(text)]
        if ends:
            found = numpy.searchsorted(starts, ends, side="left")
            flags[found[(found > 0) & (found < n)]] = 1
        doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("kg_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
