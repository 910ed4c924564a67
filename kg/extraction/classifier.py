"""kg_entity_classifier: a small learned check on the entities the rules found.

Runs after kg_entities. Per entity (all mentions in `doc.ents` sharing one `span.id_`)
it computes cheap binary features: the rules that proposed its mentions and the types
they proposed, lexicon priority, the shape of the name (caps, digits, hyphen, CamelCase,
acronym, length, head word, suffix), the words around each mention ("the X dataset",
"X-based", "using X"), number of mentions, title, contribution, abbreviation. A
multinomial logistic regression over six classes (the five entity types and "drop")
scores them; weights and thresholds are data, `extractors/classifier/entity_classifier.json`,
written by `tools/train_classifier.py` (its header says how it was trained). Run time
needs only the standard library and numpy.

Decisions are conservative: the rules' answer stands unless the model is confident
(probability at least the file's threshold for dropping, or retyping, an entity of the
rules' type; chosen on held-out training folds, "never" where overriding that type did
not clearly pay off there). The
paper's contributions are never dropped; their type may change. An extractor folder
without the weights file runs without the classifier (so held-out lexicon folders built
by tools/build_lexicons.py measure the rules alone unless weights are put beside them).
What the classifier changed is counted in `doc._.pruned` ("classifier:drop",
"classifier:retype").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import ConfigError
from kg.extraction.extensions import Candidate, candidates_of, char_offsets, pruned_counter, text_of
from kg.extraction.knowledge import canon_key, extractors_dir, type_by_head
from kg.extraction.knowledge_files import load_json
from kg.types import EntityType

CLASSES = tuple(t.value for t in EntityType) + ("drop",)
WEIGHTS = Path("classifier") / "entity_classifier.json"
FORMAT = "kg-entity-classifier/1"

# Feature families (the part before "="): the weights file holds no other kind.
FAMILIES = frozenset(
    ("bias", "lab", "shape", "nwords", "head", "suf", "headtype", "lower")
    + ("digit", "hyphen", "camel", "acronym", "titlecase", "nment", "rule", "rule+lab")
    + ("cand", "cand!", "cid", "in_title", "prev", "next", "prev2", "next2", "next+2")
    + ("mtoks>1", "prio", "proposed", "abbr_short", "abbr_long")
)


def family(feature: str) -> str:
    return feature.split("=", 1)[0]


_CAMEL = re.compile(r"[a-z][A-Z]")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*")
_WORD = re.compile(r"[a-z][a-z-]*")


def _shape(name: str) -> str:
    """'BERT-base' -> 'X-x', 'GPT-4' -> 'X-d', 'machine translation' -> 'x x'."""
    out: list[str] = []
    for ch in name[:24]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def name_features(name: str, folder: str | None = None) -> tuple[str, ...]:
    """Features of the entity name alone (cached: names recur across papers)."""
    words = name.split()
    low = name.lower()
    head = words[-1].lower() if words else ""
    feats = [
        "shape=" + _shape(name),
        f"nwords={min(len(words), 4)}",
        "head=" + head if _WORD.fullmatch(head) else "head=<other>",
        "suf=" + head[-3:],
        f"headtype={type_by_head(name, folder)}",
    ]
    if low == name:
        feats.append("lower")
    if any(ch.isdigit() for ch in name):
        feats.append("digit")
    if "-" in name:
        feats.append("hyphen")
    if _CAMEL.search(name):
        feats.append("camel")
    if len(words) == 1 and _ACRONYM.fullmatch(name):
        feats.append("acronym")
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        feats.append("titlecase")
    return tuple(feats)


def _words(doc: Doc) -> Callable[[int], str]:
    """word(i): lower-cased text of token i, sliced from the Doc's text (no Token)."""
    starts, ends = char_offsets(doc)
    text, n = text_of(doc), len(starts)

    def word(i: int) -> str:
        if i < 0 or i >= n:
            return "<edge>"
        if ends[i] - starts[i] > 20:
            return "<long>"
        return text[starts[i] : ends[i]].lower()

    return word


def group_features(
    doc: Doc,
    name: str,
    label: str,
    spans: list[Span],
    by_span: dict[tuple[int, int], list[Candidate]],
    context: dict[str, Any],
    folder: str | None = None,
) -> set[str]:
    """Binary features of one entity (all its mentions); see the module docstring."""
    feats = {"bias", "lab=" + label}
    feats.update(name_features(name, folder))
    title_end = context["title_end"]
    starts, _ = char_offsets(doc)
    _word = context["word"]
    n = len(spans)
    feats.add(f"nment={min(n, 3)}")
    best_priority = 0
    for span in spans:
        for c in by_span.get((span.start, span.end), ()):
            rule = "contribution" if c.rule.startswith("contribution") else c.rule
            feats.update(("rule=" + rule, f"rule+lab={rule}|{label}", "cand=" + c.label))
            if c.label != label:
                feats.add(f"cand!={c.label}")
            if c.cid:
                feats.add("cid")
            best_priority = max(best_priority, c.priority)
        if starts[span.start] < title_end:
            feats.add("in_title")
        prev, nxt, nxt2 = _word(span.start - 1), _word(span.end), _word(span.end + 1)
        feats.update(("prev=" + prev, "next=" + nxt, "prev2=" + _word(span.start - 2)))
        feats.update(("next2=" + nxt2, f"next+2={nxt} {nxt2}"))
        if span.end - span.start > 1:
            feats.add("mtoks>1")
    feats.add(f"prio={best_priority}")
    if name in context["proposes"]:
        feats.add("proposed")
    if canon_key(name) in context["short_forms"]:
        feats.add("abbr_short")
    if any((s.start, s.end) in context["long_forms"] for s in spans):
        feats.add("abbr_long")
    return feats


def entity_groups(doc: Doc) -> dict[str, list[Span]]:
    """Mentions in `doc.ents` by entity name (span.id_), in order of first mention."""
    groups: dict[str, list[Span]] = {}
    for span in doc.ents:
        groups.setdefault(span.id_ or span.text, []).append(span)
    return groups


def doc_context(doc: Doc) -> tuple[dict[tuple[int, int], list[Candidate]], dict[str, Any]]:
    by_span: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates_of(doc):
        by_span.setdefault((c.start, c.end), []).append(c)
    pairs = doc._.abbreviations or ()
    text = text_of(doc)
    title_end = text.find("\n\n")
    context = {
        "title_end": title_end if title_end >= 0 else 0,
        "proposes": set(doc._.proposes or ()),
        "short_forms": {canon_key(short.text) for _, short in pairs},
        "long_forms": {(long.start, long.end) for long, _ in pairs},
        "word": _words(doc),
    }
    return by_span, context


def featurize(doc: Doc, folder: str | None = None) -> list[tuple[str, str, list[Span], list[str]]]:
    """(name, label, mentions, features) for every entity in `doc.ents`."""
    by_span, context = doc_context(doc)
    return [
        (
            name,
            spans[0].label_,
            spans,
            sorted(group_features(doc, name, spans[0].label_, spans, by_span, context, folder)),
        )
        for name, spans in entity_groups(doc).items()
    ]


class Weights:
    """The trained model: feature -> one weight per class, and decision thresholds."""

    def __init__(self, data: dict[str, Any], where: str = "weights"):
        if data.get("format") != FORMAT or tuple(data.get("classes", ())) != CLASSES:
            raise ConfigError(
                f"not a {FORMAT} file for classes {CLASSES}",
                where=where,
                hint="regenerate it with tools/train_classifier.py",
            )
        self.header = data.get("header", {})
        weights: dict[str, list[float]] = data["weights"]
        self.index = {f: i for i, f in enumerate(weights)}
        self.matrix = numpy.array(list(weights.values()), dtype=numpy.float64)
        if self.matrix.shape != (len(weights), len(CLASSES)):
            raise ValueError(f"weights must be {len(CLASSES)} numbers per feature")
        given = data["thresholds"]  # {"drop"|"retype": {current type: probability}}
        self.thresholds = {
            kind: {t: float(given[kind][t]) for t in CLASSES[:-1]} for kind in ("drop", "retype")
        }
        # types the model may override at all; the others are left as the rules say
        self.overridable = frozenset(
            t for t in CLASSES[:-1] if min(self.thresholds[k][t] for k in self.thresholds) <= 1
        )

    @classmethod
    def load(cls, path: Path) -> Weights | None:
        """The weights in `path`; None when there is no such file (no classifier)."""
        data = load_json(path, optional=True)
        if data is None:
            return None
        try:
            return cls(data, where=str(path))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"unreadable classifier weights: {exc}",
                where=str(path),
                hint="regenerate it with tools/train_classifier.py",
            ) from None

    def probabilities(self, groups: Sequence[Iterable[str]]) -> numpy.ndarray:
        """Class probabilities (rows) for each group's features; unknown features add 0."""
        index = self.index
        ids = [[index[f] for f in feats if f in index] for feats in groups]
        flat = [i for row in ids for i in row]
        owner = numpy.repeat(numpy.arange(len(ids)), [len(row) for row in ids])
        scores = numpy.zeros((len(ids), len(CLASSES)))
        numpy.add.at(scores, owner, self.matrix[flat])
        scores -= scores.max(axis=1, keepdims=True)
        numpy.exp(scores, out=scores)
        probabilities: numpy.ndarray = scores / scores.sum(axis=1, keepdims=True)
        return probabilities

    def decide(self, label: str, p: Sequence[float], proposed: bool) -> str:
        """The entity's type, "drop", or `label` unchanged when the model is unsure."""
        order = sorted(range(len(CLASSES)), key=p.__getitem__, reverse=True)
        best = order[0]
        if proposed and CLASSES[best] == "drop":
            best = order[1]
        choice = CLASSES[best]
        if choice == label:
            return label
        threshold = self.thresholds["drop" if choice == "drop" else "retype"][label]
        return choice if p[best] >= threshold else label


class EntityClassifier:
    """Keep, retype or drop each entity in `doc.ents` (see the module docstring)."""

    def __init__(self, folder: str | None = None, weights: Weights | None = None):
        self.folder = folder
        if weights is None:
            weights = Weights.load(extractors_dir(folder) / WEIGHTS)
        self.model = weights

    def __call__(self, doc: Doc) -> Doc:
        model = self.model
        if model is None:
            return doc
        groups = entity_groups(doc)
        asked = [(n, spans) for n, spans in groups.items() if spans[0].label_ in model.overridable]
        if not asked:
            return doc
        by_span, context = doc_context(doc)
        feats = [
            group_features(doc, n, spans[0].label_, spans, by_span, context, self.folder)
            for n, spans in asked
        ]
        decisions = {}
        for (name, spans), f, p in zip(
            asked, feats, model.probabilities(feats).tolist(), strict=True
        ):
            choice = model.decide(spans[0].label_, p, "proposed" in f)
            if choice != spans[0].label_:
                decisions[name] = choice
        if decisions:
            doc.ents = self.apply(doc, groups, decisions)
        return doc

    @staticmethod
    def apply(doc: Doc, groups: dict[str, list[Span]], decisions: dict[str, str]) -> list[Span]:
        ents: list[Span] = []
        pruned = pruned_counter(doc)
        for name, spans in groups.items():
            choice = decisions.get(name)
            if choice is None:
                ents += spans
            elif choice == "drop":
                pruned["classifier:drop"] += 1
            else:
                pruned["classifier:retype"] += 1
                ents += [Span(doc, s.start, s.end, label=choice, span_id=name) for s in spans]
        return sorted(ents, key=lambda s: s.start)


@Language.factory("kg_entity_classifier", default_config={"folder": None})
def make_entity_classifier(nlp: Language, name: str, folder: str | None) -> EntityClassifier:
    return EntityClassifier(folder)
