"""kg_sentences: cheap rule-based sentence boundaries; the title is its own sentence.

Paper.text is title + blank line + abstract. Boundaries are found with one regular
expression over the text (end punctuation, then space, then an upper-case letter, digit
or bracket; common abbreviations excluded) and the blank line, then set on the few
tokens that start a sentence: much cheaper than visiting every token.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_BOUNDARY = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bvs)(?<!\bcf)(?<!\bFig)(?<!\bEq)(?<!\bSec)"
    r"[.!?][\"')\]]*\s+(?=[A-Z0-9(\"'])"
    r"|\n\s*\n\s*"
)


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        doc[0].is_sent_start = True
        n = len(doc)
        for match in _BOUNDARY.finditer(doc.text):
            pos = match.end()
            if pos >= len(doc.text):
                continue
            span = doc.char_span(pos, pos + 1, alignment_mode="expand")
            if span is not None and 0 < span.start < n:
                doc[span.start].is_sent_start = True
        return doc


@Language.factory("kg_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
