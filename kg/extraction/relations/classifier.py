"""A learned check on the relations the cue rules propose (used by `kg_relations`).

The cue rules find candidate relations sentence by sentence; the same (head, type, tail)
can come from several sentences and rules. Per candidate triple this module computes
cheap binary features (the relation type joined with: the rules and cue words that found
it, whether it came next to its cue, the head's kind, the tail's type, the sentences'
flags (title, about the paper, background, negation or hedge words, first or last
sentence), the words just before the tail, how many sentences support it and whether the
pair also got another type), and a binary logistic regression scores it. Triples below
the threshold are dropped; types the training data has no example of (`passthrough`, e.g.
COMPRESSES) are left as the rules say. Weights and threshold are data,
`extractors/classifier/relation_classifier.json`, written by `tools/train_relations.py`
(its header holds the held-out figures). Without the file the rules alone decide.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from kg.errors import ConfigError
from kg.extraction.relations.matching import PairCandidate, SentenceView
from kg.extraction.relations.rules import CueBook
from kg.resources import data_dir
from kg.types import RelationType

WEIGHTS = Path("classifier") / "relation_classifier.json"
FORMAT = "kg-relation-classifier/1"
WINDOW = 3  # words before the tail that become features


@dataclass(frozen=True, slots=True)
class Support:
    """One candidate of a triple, with the sentence it came from (None: across sentences)."""

    cand: PairCandidate
    view: SentenceView | None
    index: int  # position of the sentence among the doc's segments (0 = title)


def _bucket(n: int, edges: tuple[int, ...] = (1, 2, 3, 5, 8, 13)) -> str:
    return next((str(e) for e in edges if n <= e), f">{edges[-1]}")


def support_features(s: Support, book: CueBook, last_index: int) -> list[str]:
    """Features of one supporting candidate (without the relation prefix)."""
    c, v = s.cand, s.view
    parts = c.rule.split("/")
    feats = [f"rule={'/'.join(parts[:2])}", f"cue={c.rule}", f"specific={c.specific}"]
    if v is None:
        return feats + ["across_sentences"]
    st = v.st
    before_tail = st.between(v.start, c.tail.start)
    feats += [
        f"title={v.is_title}",
        f"about={v.about_paper}",
        f"background={v.background}",
        f"self_ref={bool(v.self_refs)}",
        f"first={s.index == 1}",
        f"last={s.index == last_index}",
        f"negated={book.negation.found(before_tail)}",
        f"hedged={book.hedge.found(before_tail)}",
        f"nment={_bucket(len(v.mentions))}",
        f"examples={book.examples.found(st.between(max(v.start, c.tail.start - 4), c.tail.start))}",
    ]
    words = st.between(max(v.start, c.tail.start - WINDOW), c.tail.start).split()
    feats += [f"w-{len(words) - i}={w}" for i, w in enumerate(words)]
    if c.head is not None:
        gap = c.tail.start - c.head.end
        feats += [f"headgap={_bucket(gap) if gap >= 0 else 'before'}"]
    same_type = [m for m in v.mentions if m.type == c.tail.type]
    feats.append(f"tail_rank={_bucket(same_type.index(c.tail) + 1 if c.tail in same_type else 0)}")
    return feats


def triple_features(
    supports: list[Support], book: CueBook, last_index: int, other_types: Iterable[RelationType]
) -> list[str]:
    """All features of one candidate triple, each joined with its relation type."""
    first = supports[0].cand
    rel = first.relation.value
    head = "paper" if first.head is None else ("proposed" if first.head.proposed else "named")
    base = {
        "bias",
        f"head={head}",
        f"tail={first.tail.type.value}",
        f"tail_proposed={first.tail.proposed}",
        f"support={_bucket(len({s.index for s in supports}))}",
    }
    base.update(f"also={t.value}" for t in other_types if t != first.relation)
    for s in supports:
        base.update(support_features(s, book, last_index))
    ordered = sorted(base)  # the same prefix on each keeps this order: one sort is enough
    return ordered + [f"{rel}|{f}" for f in ordered]


class RelationWeights:
    """The trained model: feature -> weight, the threshold, and the types it may not drop."""

    def __init__(self, data: dict, where: str = "weights"):
        if data.get("format") != FORMAT:
            raise ConfigError(
                f"not a {FORMAT} file",
                where=where,
                hint="regenerate it with tools/train_relations.py",
            )
        self.header = data.get("header", {})
        self.weights: dict[str, float] = {str(k): float(v) for k, v in data["weights"].items()}
        self.threshold = float(data["threshold"])
        self.passthrough = frozenset(RelationType(t) for t in data.get("passthrough", []))

    @classmethod
    def load(cls, path: Path) -> RelationWeights:
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")), where=str(path))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"unreadable relation classifier weights: {exc}",
                where=str(path),
                hint="regenerate it with tools/train_relations.py",
            ) from None

    def probability(self, feats: Iterable[str]) -> float:
        z = sum(map(self.weights.get, feats, repeat(0.0)))  # in order: the same float sum
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, relation: RelationType, p: float) -> bool:
        return relation in self.passthrough or p >= self.threshold


def load_relation_weights(path: str | None) -> RelationWeights | None:
    """The weights at `path`, or the shipped file; None when there is none ("none": off)."""
    if path == "none":
        return None
    file = Path(path) if path else data_dir("extractors") / WEIGHTS
    if not file.exists():
        if path:
            raise ConfigError(
                "no relation classifier weights here",
                where=str(file),
                hint="give the file tools/train_relations.py wrote, or 'none'",
            )
        return None
    return RelationWeights.load(file)
