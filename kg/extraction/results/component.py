"""The results component (spaCy factory `kg_results`, after `kg_relations`).

Reads the typed mentions in `doc.ents` (label = EntityType, id = canonical name) and
`doc._.proposes`, and writes `doc._.results`: one `ResultHit` per reported figure
(sentence by sentence, see `finder.SentenceResults`). The paper's own contribution is
its first proposed Method/Model when it has one, else `@paper`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.extensions import text_of
from kg.extraction.results.cues import ResultCues, load_cues
from kg.extraction.results.finder import Found, Mention, SentenceResults
from kg.types import PAPER_HEAD, EntityType

_HEADS = (EntityType.MODEL, EntityType.METHOD)


@dataclass(frozen=True)
class ResultHit:
    """A result with its provenance: offsets of the figure and of its sentence in the Doc."""

    found: Found
    start: int  # character offsets of the figure in the Doc's text
    end: int
    sentence: str


def register_result_extension() -> None:
    if not Doc.has_extension("results"):
        Doc.set_extension("results", default=None)


class ResultExtractor:
    def __init__(self, name: str, cues: ResultCues):
        self.name = name
        self.cues = cues
        register_result_extension()

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        mentions = doc_mentions(doc)
        contribution = self.contribution(doc, mentions)
        hits: list[ResultHit] = []
        seen: set[tuple[str | None, ...]] = set()  # a figure repeated in one paper: once
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            sentence = text[start:end]
            if (
                not any(c.isdigit() for c in sentence)
                and "half" not in sentence
                and ("twice" not in sentence)
            ):
                continue
            local = [
                Mention(m.start - start, m.end - start, m.type, m.name, m.proposed)
                for m in mentions
                if m.start >= start and m.end <= end
            ]
            finder = SentenceResults(sentence, local, self.cues, contribution)
            for found in finder.find():
                key = (
                    found.subject,
                    found.value,
                    found.unit,
                    found.kind,
                    found.metric,
                    found.dataset,
                )
                if key in seen:
                    continue
                seen.add(key)
                hits.append(
                    ResultHit(found, start + found.start, start + found.end, sentence.strip())
                )
        doc._.results = hits
        return doc

    @staticmethod
    def contribution(doc: Doc, mentions: list[Mention]) -> str:
        heads = {m.name for m in mentions if m.type in _HEADS}
        return next((n for n in doc._.proposes or () if n in heads), PAPER_HEAD)


def doc_mentions(doc: Doc) -> list[Mention]:
    """The typed mentions of `doc.ents`, in character offsets of the Doc, plus the other
    occurrences of a proposed name as written ("..., Primer improves T5" where entity
    extraction tagged "Primer" only elsewhere): the paper's own system is the subject
    the results need most."""
    proposed = set(doc._.proposes or ())
    out = []
    for ent in doc.ents:
        try:
            etype = EntityType(ent.label_)
        except ValueError:
            continue
        name = ent.id_ or ent.text
        out.append(Mention(ent.start_char, ent.end_char, etype, name, name in proposed))
    own = {doc.text[m.start : m.end]: m for m in out if m.proposed and m.type in _HEADS}
    if own:
        taken = [(m.start, m.end) for m in out]
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, own)) + r")(?![\w-])")
        for hit in pattern.finditer(doc.text):
            if not any(s < hit.end() and hit.start() < e for s, e in taken):
                m = own[hit.group()]
                out.append(Mention(hit.start(), hit.end(), m.type, m.name, True))
        out.sort(key=lambda m: m.start)
    return out


@Language.factory("kg_results", default_config={"folder": None})
def make_result_extractor(nlp: Language, name: str, folder: str | None) -> ResultExtractor:
    return ResultExtractor(name, load_cues(folder))
