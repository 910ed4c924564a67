"""kg_entities: pick, type and canonicalize the candidates into `doc.ents`.

Matchers only propose (`doc._.candidates`); this component decides, spaCy style:
1. drop stop-listed generic terms ("Transformer", "LLMs", "approach");
2. keep non-overlapping candidates: contributions first, then longer spans, then the
   more trusted rule;
3. merge mentions of one entity: same lexicon id, or the same canon_key (case, hyphen,
   space and plural variants), or an abbreviation and its long form;
4. type each entity by its most trusted candidate, name it by the short form, the
   lexicon id as written in the paper, or its most frequent surface form.
Each span in `doc.ents` carries the type as `label_` and the entity name as `id_`.
The paper's contributions become `doc._.proposes`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extraction.extensions import Candidate, candidates_of, char_offsets, span_text, text_of
from kg.extraction.knowledge import canon_key, norm, stoplist
from kg.extraction.typing_rules import model_families, refine_label, typing_words
from kg.types import EntityType

# "LSTM-based", "GPT-like": an adjective made from a name describes something else; the
# name inside ("LSTM") is the entity
_ADJECTIVE_SUFFIX = re.compile(
    r"-(?:based|like|style|inspired|driven|guided|aware|specific)$", re.I
)


def not_a_name(text: str, stop: frozenset[str]) -> bool:
    """Stop-listed, an adjective made from a name, or a negated name ("non-BERT")."""
    return (
        canon_key(text) in stop
        or bool(_ADJECTIVE_SUFFIX.search(text))
        or text[:4].lower() == "non-"
    )


def inside_hyphenated(doc: Doc, c: Candidate) -> bool:
    """The span ends a hyphenated word ("Longformer" in "Clinical-Longformer", "BERT" in
    "non-BERT"): a part of a word is no entity of its own."""
    if c.start < 2:
        return False
    starts, ends = char_offsets(doc)  # offsets, not Tokens: a space shows as a gap
    if any(ends[i] != starts[i + 1] for i in range(c.start, c.end - 1)):
        return False  # "tasks-Penn Treebank WSJ": a dash that lost its spaces (PDF text)
    text = text_of(doc)
    hyphen, word = c.start - 1, c.start - 2
    return (
        text[starts[hyphen] : ends[hyphen]] == "-"
        and ends[hyphen] == starts[c.start]
        and ends[word] == starts[hyphen]
        and text[starts[word] : ends[word]].isalpha()
    )


def select(doc: Doc, candidates: list[Candidate], stop: frozenset[str]) -> list[Candidate]:
    """Greedy choice of non-overlapping candidates, most convincing first."""
    starts, ends = char_offsets(doc)

    def rank(c: Candidate) -> tuple[Any, ...]:
        length = ends[c.end - 1] - starts[c.start]
        return (c.priority >= 90, length, c.priority, c.confidence, -c.start)

    taken = bytearray(len(doc))
    chosen = []
    for c in sorted(candidates, key=rank, reverse=True):
        if any(taken[c.start : c.end]):
            continue
        if c.priority < 90 and not_a_name(span_text(doc, c.start, c.end), stop):
            continue
        if inside_hyphenated(doc, c):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


_GUESSED = ("name-shape", "head-phrase")
_COORD = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|/)\s*")
_SUCH_AS = re.compile(
    r"\b(datasets?|benchmarks?|corpora|models?|LLMs|architectures|metrics|measures|tasks|methods|"
    r"techniques)\s*(?:,\s*)?(?:such as|like|including|e\.g\.,?|\(e\.g\.,?)\s+([^.;:)]*)",
    re.I,
)
_CLASS_TYPE = {
    "dataset": EntityType.DATASET,
    "benchmark": EntityType.DATASET,
    "corpora": EntityType.DATASET,
    "model": EntityType.MODEL,
    "llm": EntityType.MODEL,
    "architecture": EntityType.MODEL,
    "metric": EntityType.METRIC,
    "measure": EntityType.METRIC,
    "task": EntityType.TASK,
    "method": EntityType.METHOD,
    "technique": EntityType.METHOD,
}


def retype_lists(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """Guessed types follow the list they stand in: "datasets such as A, B and C", or a
    coordination with a listed name ("GLUE, LogiQA and AR-LSAT")."""
    text = text_of(doc)
    starts, ends = char_offsets(doc)
    out = list(chosen)
    anchored = [c.rule not in _GUESSED for c in out]
    for m in _SUCH_AS.finditer(text):
        noun = m.group(1).lower().rstrip("s")
        label = _CLASS_TYPE.get(noun) or _CLASS_TYPE.get(m.group(1).lower())
        for i, c in enumerate(out):
            if label and c.rule in _GUESSED and m.start(2) <= starts[c.start] < m.end(2):
                out[i], anchored[i] = replace(c, label=label), True
    # a guessed name takes the type of a listed (or already retyped) neighbour, and
    # passes it on down the list: "trained on LM-1-Billion, CommonCrawl, SQuAD"
    for order in (range(1, len(out)), range(len(out) - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            if anchored[i] or not anchored[j]:
                continue
            left, right = (out[j], out[i]) if j < i else (out[i], out[j])
            if _COORD.fullmatch(text[ends[left.end - 1] : starts[right.start]]):
                out[i], anchored[i] = replace(out[i], label=out[j].label), True
    return out


class _Groups:
    """Union of keys naming one entity."""

    def __init__(self) -> None:
        self.of: dict[str, int] = {}
        self.members: list[list[Candidate]] = []

    def group(self, keys: list[str]) -> int:
        for key in keys:
            if key in self.of:
                gid = self.of[key]
                break
        else:
            gid = len(self.members)
            self.members.append([])
        for key in keys:
            self.of.setdefault(key, gid)
        return gid


def entity_name(doc: Doc, members: list[Candidate], short_forms: set[str]) -> str:
    # a token may keep the sentence's full stop ("LLaVa-7B."): not part of the name
    surfaces = [span_text(doc, c.start, c.end).rstrip(".,;:") or "." for c in members]
    for s in surfaces:
        if s in short_forms:
            return s
    cids = [c.cid for c in members if c.cid]
    for cid in cids:
        for s in surfaces:
            if norm(s) == norm(cid):
                return s
    counts = Counter(surfaces)
    best = max(surfaces, key=lambda s: (counts[s], -surfaces.index(s)))
    singular = [s for s in surfaces if norm(s) == canon_key(best) and norm(s) != norm(best)]
    return singular[0] if singular else best


# "BLEU scores", "F1 score": the metric is the name before "score"; "accuracies": singular
_METRIC_SCORE = re.compile(r"^([A-Z][\w-]*|F-?\d|F-measure) scores?$")
_PLURAL_METRIC = {"accuracies": "accuracy", "Accuracies": "Accuracy"}


def metric_name(name: str) -> str:
    """A metric's name without a trailing "score(s)" after a name-like metric, singular."""
    m = _METRIC_SCORE.match(name)
    return m.group(1) if m else _PLURAL_METRIC.get(name, name)


def entity_label(members: list[Candidate]) -> str:
    contributed = [c for c in members if c.rule.startswith("contribution")]
    known = [c for c in members if c.rule in ("lexicon", "abbreviation")]
    if contributed and (contributed[0].label != EntityType.METHOD or not known):
        return contributed[0].label
    best = max(members, key=lambda c: (c.priority, c.confidence))
    return best.label


class EntityResolver:
    def __init__(self, folder: str | None = None):
        self.stop = stoplist(folder)
        self.families = model_families(folder)
        words = typing_words(folder)
        self.heads = words.get("model_heads", frozenset())
        self.data_heads = words.get("dataset_heads", frozenset())

    def __call__(self, doc: Doc) -> Doc:
        chosen = retype_lists(doc, select(doc, candidates_of(doc), self.stop))
        groups = _Groups()
        short_forms = set()
        for long_span, short_span in doc._.abbreviations or ():
            groups.group([canon_key(short_span.text), canon_key(long_span.text)])
            short_forms.add(short_span.text)
        for c in chosen:
            keys = [canon_key(span_text(doc, c.start, c.end))]
            if c.cid:
                keys.insert(0, canon_key(c.cid))
            groups.members[groups.group(keys)].append(c)
        named = [
            (entity_name(doc, members, short_forms), entity_label(members), members)
            for members in groups.members
            if members
        ]
        paper_models = {norm(name) for name, label, _ in named if label == EntityType.MODEL}
        text = text_of(doc)
        ents, proposes = [], []
        for name, first_label, members in named:
            label = refine_label(
                name,
                first_label,
                members,
                text,
                self.families,
                paper_models,
                self.heads,
                self.data_heads,
            )
            if label == EntityType.METRIC:
                name = metric_name(name)
            ents += [Span(doc, c.start, c.end, label=label, span_id=name) for c in members]
            if any(c.rule.startswith("contribution") for c in members) and name not in proposes:
                proposes.append(name)
        doc.ents = sorted(ents, key=lambda s: s.start)
        doc._.proposes = proposes
        return doc


@Language.factory("kg_entities", default_config={"folder": None})
def make_entities(nlp: Language, name: str, folder: str | None) -> EntityResolver:
    return EntityResolver(folder)
