"""kg_contributions: what the paper itself introduces (PROPOSES).

Cues: the name before the title's colon ("XLM-T: Scaling up ..."), "we propose /
introduce / present X", and "called / dubbed / named / termed X". The name is a Model
when the paper presents it as a model or network, a Dataset when it is a dataset or
benchmark, otherwise a Method (GUIDELINES.md). Candidates go to `doc._.candidates`
with a `contribution:*` rule; kg_entities turns them into `doc._.proposes`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.extensions import Candidate, candidates_of, char_offsets, span_text, text_of
from kg.extraction.knowledge import canon_key, stoplist
from kg.extraction.names import _MODEL_MORPHEME, SIZE, SIZED

NAME = r"[A-Za-z][\w+]*(?:[-.][\w+]+)*" + SIZE + "?"
_NAMEISH = re.compile(
    r"(?=[\w+.-]*(?:[A-Z][\w+]*[A-Z0-9]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]))" + NAME
)
_PROPOSE = re.compile(
    r"\b(?:we|We|paper|work)\s+(?:\w+\s+){0,2}?(?:propose|introduce|present|develop|release|design|"
    r"build|create|open-source|contribute|describe|construct|curate|collect)[sd]?\s+([^.;:]*)"
)
_LEAD_NAME = re.compile(r"((?:[\w'-]+\s+){0,8}?)\(?(" + NAME + r")(?=[\s,.;:()]|$)")
_PAREN_NAME = re.compile(r"\((" + NAME + r")\)")
_CALLED = re.compile(
    r"\b(?:called|dubbed|named|termed|coined|we call|we term|we name|we dub|name it|call it|"
    r"referred to as|denoted as|resulting (?:model|network|method|system|dataset|benchmark),?)"
    r"\s+[`'\"\u201c\u2018]?(" + NAME + r")(?=[\s,.;:)'\u201d\u2019])"
)
_COORDINATED = re.compile(r"(?:,\s*|,?\s+and\s+|,?\s+or\s+)(" + NAME + r")(?=[\s,.;:()]|$)")
_TITLE_RUN = re.compile(r"(?:\s+[A-Z][\w+-]*){1,4}")
_NOVEL_TERM = re.compile(r"(?:(?:a|an|the|novel|new|simple|two|our)\s+){0,3}")
_DATASET_WORDS = re.compile(
    r"\b(?:dataset|data set|benchmark|corpus|treebank|test suite)s?\b", re.I
)
_MODEL_WORDS = re.compile(
    r"\b(?:model|network|LLM|language model|transformer|architecture|backbone|encoder|"
    r"checkpoint|chatbot|assistant|agent)s?\b",
    re.I,
)
_METHOD_WORDS = re.compile(
    r"\b(?:method|approach|technique|framework|algorithm|strategy|procedure|recipe|scheme|"
    r"objective|loss|mechanism|training|tuning|attention|pruning|distillation|quantization|"
    r"system|library|toolkit|protocol|paradigm)s?\b",
    re.I,
)


def _first_type(context: str) -> str | None:
    found = [
        (m.start(), label)
        for label, rx in (
            ("Dataset", _DATASET_WORDS),
            ("Model", _MODEL_WORDS),
            ("Method", _METHOD_WORDS),
        )
        if (m := rx.search(context))
    ]
    return min(found)[1] if found else None


def contribution_type(name: str, context: str, text: str = "") -> str:
    """Model, Dataset or Method: how the paper describes the name ("X, a new model",
    "X is a benchmark"), else its morphemes, else the words around the cue."""
    for m in re.finditer(re.escape(name) + r"(?:,| is| as)\s+(?:a|an|the)\s+([^.;:]{0,60})", text):
        label = _first_type(m.group(1))
        if label:
            return label
    if _MODEL_MORPHEME.search(name) or SIZED.search(name):
        return "Model"
    return _first_type(context) or "Method"


def title_name(title: str) -> str | None:
    """The name before the title's colon, when that part looks like a name."""
    head, colon, _rest = title.partition(":")
    head = re.sub(r"'s\b.*", "", head).strip()
    if not colon or not head:
        return None
    words = head.split()
    if len(words) == 1 and re.fullmatch(r"[A-Z][\w+.-]*", head):
        return head
    if 1 < len(words) <= 3 and _NAMEISH.match(words[0]):
        return head
    return None


class ContributionFinder:
    def __init__(self, folder: str | None = None):
        self.stop = stoplist(folder)

    def add(self, doc: Doc, start: int, name: str, context: str, rule: str, conf: float) -> None:
        if canon_key(name) in self.stop or len(name) < 2:
            return
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        if span is not None:
            label = contribution_type(name, context, text_of(doc))
            candidates_of(doc).append(Candidate(span.start, span.end, label, name, rule, conf, 90))

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        title_end = text.find("\n\n")
        title = text[:title_end] if title_end >= 0 else ""
        name = title_name(title)
        if name:
            self.add(
                doc,
                title.index(name),
                name,
                title[title.index(":") + 1 :],
                "contribution:title",
                0.9,
            )
        for m in _PROPOSE.finditer(text):
            clause, base = m.group(1), m.start(1)
            lead = _LEAD_NAME.match(clause)
            if lead and _NAMEISH.fullmatch(lead.group(2)) and not re.search(r"[,;]", lead.group(1)):
                self.add(
                    doc, base + lead.start(2), lead.group(2), clause, "contribution:propose", 0.8
                )
                pos = lead.end(2)  # "X8L and X16L": coordinated names are contributions too
                while (co := _COORDINATED.match(clause, pos)) and _NAMEISH.fullmatch(co.group(1)):
                    self.add(
                        doc, base + co.start(1), co.group(1), clause, "contribution:propose", 0.7
                    )
                    pos = co.end(1)
            listed = self.listed_starts(doc)
            for p in _PAREN_NAME.finditer(clause):
                if _NAMEISH.fullmatch(p.group(1)) and base + p.start(1) not in listed:
                    self.add(
                        doc, base + p.start(1), p.group(1), clause, "contribution:propose", 0.75
                    )
        self.new_terms(doc)
        for m in _CALLED.finditer(text):
            name = m.group(1)
            if (
                not _NAMEISH.fullmatch(name) and name[0].isupper()
            ):  # "called Future Token Prediction"
                run = _TITLE_RUN.match(text, m.end(1))
                name += run.group(0) if run else ""
            if _NAMEISH.fullmatch(name) or name[0].isupper():
                before = text[max(0, m.start() - 60) : m.start()]
                self.add(doc, m.start(1), name, before, "contribution:called", 0.8)
        return doc

    @staticmethod
    def listed_starts(doc: Doc) -> set[int]:
        """Character starts of lexicon matches: a listed name ("NER") is nobody's contribution."""
        starts, _ends = char_offsets(doc)
        return {starts[c.start] for c in candidates_of(doc) if c.rule == "lexicon"}

    def new_terms(self, doc: Doc) -> None:
        """ "we propose [a novel] <unlisted term>": the term the paper coins (a head-word
        phrase no lexicon knows, e.g. "we introduce gated spectral pooling")."""
        text = text_of(doc)
        starts, _ends = char_offsets(doc)
        fresh = {starts[c.start]: c for c in candidates_of(doc) if c.rule == "head-phrase"}
        for m in _PROPOSE.finditer(text):
            lead = _NOVEL_TERM.match(m.group(1))
            pos = m.start(1) + (lead.end() if lead else 0)
            c = fresh.get(pos)
            if c is not None and c.label == "Method":
                name = span_text(doc, c.start, c.end)
                candidates_of(doc).append(
                    Candidate(c.start, c.end, "Method", name, "contribution:propose", 0.6, 90)
                )


@Language.factory("kg_contributions", default_config={"folder": None})
def make_contributions(nlp: Language, name: str, folder: str | None) -> ContributionFinder:
    return ContributionFinder(folder)
