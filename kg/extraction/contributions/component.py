"""kg_contributions: what the paper itself introduces (PROPOSES).

Cues: the title's own name (contributions/title.py: "XLM-T: Scaling up ...",
a model the title names, "Neural Turing Machines", "... with Pointer-Generator Networks",
an acronym of the title's head) and the abstract's cues (contributions/clauses.py:
"we propose / introduce / present X", "called / dubbed / named / termed X", "X, a novel
...", "a ... mechanism is proposed", coined lower-case phrases). The name is a Model
when the paper presents it as a model or network, a Dataset when it is a dataset or
benchmark, otherwise a Method (GUIDELINES.md).
Candidates go to `doc._.candidates` with a `contribution:*` rule; kg_entities turns them
into `doc._.proposes`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.coinage import (
    common_name,
    contribution_cues,
    contribution_type,
    first_type,
    known_terms,
)
from kg.extraction.contributions.clauses import ClauseRules
from kg.extraction.contributions.title import TitleRules, title_name
from kg.extraction.extensions import Candidate, candidates_of, char_offsets, text_of
from kg.extraction.knowledge import canon_key, stoplist, type_by_head

__all__ = ["ContributionFinder", "contribution_type", "title_name"]

_HEAD_AFTER = re.compile(r"\)?\s+([a-z]+)\b")


class ContributionFinder(TitleRules, ClauseRules):
    def __init__(self, folder: str | None = None):
        self.folder = folder
        self.stop = stoplist(folder)
        self.cues = contribution_cues(folder)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        title_end = text.find("\n\n")
        title = text[:title_end] if title_end >= 0 else ""
        self.title_names(doc, title)
        listed = self.listed_starts(doc)
        self.proposed(doc, title, listed)
        self.listed_items(doc)
        self.appositions(doc)
        self.called(doc)
        self.title_abbreviations(doc, title, listed)
        self.title_models(doc, title)
        return doc

    def add(
        self,
        doc: Doc,
        start: int,
        name: str,
        context: str,
        rule: str,
        conf: float,
        label: str | None = None,
    ) -> bool:
        """A contribution candidate for the name at `start`, typed by the head word after
        it, its long form's head, how the paper describes it, or the cue's context."""
        if canon_key(name) in self.stop or len(name) < 2:
            return False
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        if span is None:
            return False
        text = text_of(doc)
        outside = text[span.start_char : start] + text[start + len(name) : span.end_char]
        if re.search(r"[^\W_]", outside):  # one token "Networks(Att-BLSTM)": no clean span
            return False
        if label is None:  # "the X (XY) model": the head after the name decides
            head = _HEAD_AFTER.match(text, start + len(name))
            label = first_type(head.group(1)) if head else None
        if label is None:
            label = self.phrase_type(self.long_form(doc, name), "")
        if label in (None, "Task"):
            label = contribution_type(name, context, text_of(doc))
        candidates_of(doc).append(Candidate(span.start, span.end, label, name, rule, conf, 90))
        return True

    @staticmethod
    def long_form(doc: Doc, short: str) -> str:
        for long_span, short_span in doc._.abbreviations or ():
            if short_span.text == short:
                return long_span.text
        return ""

    def phrase_type(self, phrase: str, context: str) -> str | None:
        """The type a coined phrase's head implies: a "... Reader" or "... agents" is a
        Model, a "... modeling" a Method unless the paper calls it a task."""
        if not phrase:
            return None
        last = phrase.lower().split()[-1]
        if last in self.cues.get("model_heads", frozenset()):
            return "Model"
        label = type_by_head(phrase)
        if label == "Task" and not re.search(r"\btasks?\b", context):
            return "Method"
        return label

    def add_phrase(
        self, doc: Doc, start: int, name: str, context: str, conf: float, label: str | None = None
    ) -> bool:
        """A coined lower-case phrase: typed by its head word, else by its context."""
        if name.lower() in self.cues.get("generic", frozenset()):
            return False
        span = doc.char_span(start, start + len(name), alignment_mode="strict")
        if span is None or canon_key(name) in self.stop or canon_key(name) in known_terms(doc):
            return False
        label = label or self.phrase_type(name, context) or contribution_type(name, context)
        candidates_of(doc).append(
            Candidate(span.start, span.end, label, name, "contribution:coined", conf, 90)
        )
        return True

    @staticmethod
    def listed_starts(doc: Doc) -> set[int]:
        """Character starts of common names: a curated name ("RNN") or a listed task or
        metric ("NER") is nobody's contribution. Generated lexicons also list names papers
        coined (from leaderboards), so they do not count."""
        starts, _ends = char_offsets(doc)
        return {starts[c.start] for c in candidates_of(doc) if common_name(c)}


@Language.factory("kg_contributions", default_config={"folder": None})
def make_contributions(nlp: Language, name: str, folder: str | None) -> ContributionFinder:
    return ContributionFinder(folder)
