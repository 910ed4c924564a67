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
from kg.extraction.results.context import Mention
from kg.extraction.results.cues import ResultCues, load_cues
from kg.extraction.results.finder import Found, SentenceResults
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
        mentions = doc_mentions(doc, text)
        contribution = self.contribution(doc, mentions)
        hits: list[ResultHit] = []
        seen: set[tuple[str | None, ...]] = set()  # a figure repeated in one paper: once
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            sentence = text[start:end]
            if not has_figure(sentence):
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


_DIGIT = re.compile(r"[0-9]")


def has_figure(sentence: str) -> bool:
    """Whether a sentence may hold a figure: a digit, "half" or "twice"."""
    if "half" in sentence or "twice" in sentence:
        return True
    if sentence.isascii():
        return _DIGIT.search(sentence) is not None
    return any(c.isdigit() for c in sentence)


def doc_mentions(doc: Doc, text: str) -> list[Mention]:
    """The typed mentions of `doc.ents`, in character offsets of the Doc, plus the other
    occurrences of a proposed name as written ("..., Primer improves T5" where entity
    extraction tagged "Primer" only elsewhere): the paper's own system is the subject
    the results need most."""
    proposed = set(doc._.proposes or ())
    out = []
    for ent in doc.ents:
        etype = _TYPES.get(ent.label_)
        if etype is None:
            continue
        start, end = ent.start_char, ent.end_char
        name = ent.id_ or text[start:end]
        out.append(Mention(start, end, etype, name, name in proposed))
    own = {text[m.start : m.end]: m for m in out if m.proposed and m.type in _HEADS}
    if own:
        out.extend(_other_occurrences(text, own, out))
    out = _benchmarks_after_on(text, out)
    out.sort(key=lambda m: m.start)
    return out


_FIGURE_ON = re.compile(r"\d\s?%?\s+on\s+(?:the\s+)?$")
_METRIC_ON = re.compile(r"\s+on\s+(?:the\s+)?")
_HYPHENED_NAME = re.compile(
    r"(?:\d%|\b(?i:fine-?tuned|evaluated|tested)) on (?:the )?"
    r"(?P<name>[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+)\b"
)


def _benchmarks_after_on(text: str, mentions: list[Mention]) -> list[Mention]:
    """What a score is "on" is a benchmark: a model-typed name right after a figure or a
    metric and "on" ("4.2% on Foo-R", "OOD robustness on Foo-R"), and an untyped hyphened
    or dotted name right after "N% on" or "fine-tuned/evaluated/tested on" ("+14.4% on
    Math-Hard", "fine-tuned on SQuADv1.1"), are datasets to the results."""
    metrics = [m for m in mentions if m.type is EntityType.METRIC]
    out = []
    for m in mentions:
        before = text[max(0, m.start - 30) : m.start]
        after_metric = any(
            k.end <= m.start and _METRIC_ON.fullmatch(text[k.end : m.start]) for k in metrics
        )
        if (
            m.type is EntityType.MODEL
            and not m.proposed
            and (_FIGURE_ON.search(before) or after_metric)
        ):
            m = Mention(m.start, m.end, EntityType.DATASET, m.name)
        out.append(m)
    for found in _HYPHENED_NAME.finditer(text):
        start, end = found.span("name")
        if not any(m.start < end and start < m.end for m in out):
            out.append(Mention(start, end, EntityType.DATASET, found.group("name")))
    return out


def _other_occurrences(text: str, own: dict[str, Mention], taken: list[Mention]) -> list[Mention]:
    """Where a proposed name's surface form occurs again outside every mention, as a
    whole word (not inside "Primer-LM" or "Primers")."""
    found: list[Mention] = []
    for surface in sorted(own, key=len, reverse=True):
        at = text.find(surface)
        while at >= 0:
            end = at + len(surface)
            whole = (at == 0 or not _WORD_CHAR.match(text[at - 1])) and (
                end == len(text) or not _WORD_CHAR.match(text[end])
            )
            if whole and not any(m.start < end and at < m.end for m in (*taken, *found)):
                m = own[surface]
                found.append(Mention(at, end, m.type, m.name, True))
            at = text.find(surface, at + 1)
    return found


_WORD_CHAR = re.compile(r"[\w-]")
_TYPES = {t.value: t for t in EntityType}


@Language.factory("kg_results", default_config={"folder": None})
def make_result_extractor(nlp: Language, name: str, folder: str | None) -> ResultExtractor:
    return ResultExtractor(name, load_cues(folder))
