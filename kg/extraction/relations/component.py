"""The relation component (spaCy factory `kg_relations`).

Reads the typed mentions in `doc.ents` (label = EntityType, id = canonical name) and
`doc._.proposes`, and writes `doc._.relations`, a list of `RelationHit`s. Sentence-level
rules over cue words (`extractors/relation_cues.json`, see `relation_rules`) pair the
mentions of a sentence: "X outperforms Y", "we evaluate on D1 and D2", "distills BERT",
"for TASK". The head is a named Method/Model mention or the paper's own contribution:
`@paper`, or with `contribution_head="name"` the main proposed name (the first proposed
Method/Model). "we", "our model" and mentions of any proposed name all stand for the
contribution. score.py accepts `@paper` wherever the gold head is the contribution, named
or not, while a name only matches when the predicted proposes are right, so `@paper` is
the default (end to end on dev, relation F1 0.40 against 0.36 with names).
When a paper proposes several things, the main one USES the others.

The parts: `relation_text` (sentences and cue matches as token indices),
`relation_matching` (the cue rules applied to one sentence), `relation_reference`
(compression of Models named in an earlier sentence); this module builds the sentence
views, then prunes and resolves the candidates.

No parser: only token/regex logic on the sentencizer's sentences, and only sentences
with at least one typed mention are examined. Every candidate is checked against
`kg.types.RELATION_SIGNATURES`; what is dropped is counted by reason in `doc._.pruned`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import ConfigError
from kg.extraction.extensions import RelationHit, pruned_counter, register_extensions
from kg.extraction.relations.classifier import (
    RelationWeights,
    Support,
    load_relation_weights,
    triple_features,
)
from kg.extraction.relations.matching import (
    HEAD_TYPES,
    CueMatcher,
    Mention,
    PairCandidate,
    SentenceView,
)
from kg.extraction.relations.reference import compressed_by_reference
from kg.extraction.relations.rules import CueBook, CueRule, load_cue_book
from kg.extraction.relations.text import DocText, SentenceText, segments, sentence_bounds
from kg.types import PAPER_HEAD, EntityType, RelationType, relation_allowed

__all__ = [
    "CONTRIBUTION_HEADS",
    "PairCandidate",
    "Mention",
    "RelationExtractor",
    "SentenceView",
    "doc_mentions",
    "make_relation_extractor",
    "segments",
    "sentence_bounds",
]

CONTRIBUTION_HEADS = ("paper", "name")
SECONDARY_RULE = "USES/secondary_contribution"  # the main contribution uses the others
SECONDARY_CONFIDENCE = 0.55
SECONDARY_WINDOW = 6  # tokens after a second proposed name where "a version of" is looked for
_SUBSUMED_BY_COMPRESSES = frozenset({RelationType.USES, RelationType.BASED_ON})
# the paper neither builds on, compresses nor beats what it itself proposes
_NOT_OF_OWN_WORK = frozenset(
    {RelationType.BASED_ON, RelationType.COMPRESSES, RelationType.OUTPERFORMS}
)
_HitKey = tuple[str, RelationType, str]


def doc_mentions(doc: Doc, proposes: list[str], counts: Counter[str]) -> list[Mention]:
    """Typed mentions of `doc.ents`; the main contribution is the first proposed Method/Model."""
    typed = []
    for ent in doc.ents:
        try:
            typed.append((ent.start, ent.end, EntityType(ent.label_), ent.id_ or ent.text))
        except ValueError:
            counts["relations: mention with a label that is no EntityType"] += 1
    heads = {name for _, _, etype, name in typed if etype in HEAD_TYPES}
    main = next((n for n in proposes if n in heads), proposes[0] if proposes else None)
    proposed = set(proposes)
    return [
        Mention(start, end, etype, name, name in proposed, name == main)
        for start, end, etype, name in typed
    ]


class RelationExtractor:
    """Finds typed relations between the mentions of each sentence."""

    def __init__(
        self,
        name: str,
        book: CueBook,
        contribution_head: str = "paper",
        model: RelationWeights | None = None,
    ):
        if contribution_head not in CONTRIBUTION_HEADS:
            raise ConfigError(
                f"contribution_head must be one of {CONTRIBUTION_HEADS}, not {contribution_head!r}",
                where=f"component {name}",
                hint='"paper" writes @paper, "name" the proposed name',
            )
        self.name = name
        self.book = book
        self.matcher = CueMatcher(book)
        self.contribution_head = contribution_head
        self.model = model
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        counts = pruned_counter(doc)
        doc._.relations = self.hits(doc, self.judged(self.candidates(doc, counts), counts))
        return doc

    def candidates(self, doc: Doc, counts: Counter[str]) -> dict[_HitKey, list[Support]]:
        """Every schema-checked candidate triple with the sentences that support it."""
        mentions = doc_mentions(doc, list(doc._.proposes or []), counts)
        if not mentions:
            return {}
        paper = self.paper_head(mentions)
        dt = DocText(doc)
        segs = list(segments(doc, dt))
        found: dict[_HitKey, list[Support]] = {}
        secondary: set[str] = set()
        main = next((m.name for m in mentions if m.main), None)
        views = list(self.sentence_views(dt, segs, mentions))
        rules = self.open_rules(views)
        for view in views:
            cands = self.matcher.match(view, rules) + self.secondary_contributions(
                view, secondary, main
            )
            cands = self.credited(view, self.prune(cands, counts), counts)
            for cand in self.resolve(cands, counts):
                found.setdefault(self.key(cand, paper), []).append(Support(cand, view, view.index))
        for cand in self.prune(compressed_by_reference(self.book, dt, segs, mentions), counts):
            found.setdefault(self.key(cand, paper), []).append(Support(cand, None, len(segs)))
        for supports in found.values():
            supports.sort(key=lambda s: -s.cand.confidence)
        return found

    def judged(
        self, found: dict[_HitKey, list[Support]], counts: Counter[str]
    ) -> dict[_HitKey, tuple[PairCandidate, float]]:
        """The triples kept, each with its best candidate and confidence: all of them
        without a classifier, else those the classifier keeps (its probability)."""
        model = self.model
        if model is None:
            return {k: (s[0].cand, s[0].cand.confidence) for k, s in found.items()}
        pairs: dict[tuple[str, str], set[RelationType]] = {}
        for head, relation, tail in found:
            pairs.setdefault((head, tail), set()).add(relation)
        last = max((s.index for ss in found.values() for s in ss if s.view), default=0)
        kept = {}
        for key, supports in found.items():
            feats = triple_features(supports, self.book, last, pairs[(key[0], key[2])])
            p = model.probability(feats)
            if model.keeps(key[1], p):
                kept[key] = (supports[0].cand, round(p, 3))
            else:
                counts[f"relation {key[1].value}: classifier"] += 1
        return kept

    def credited(
        self, view: SentenceView, cands: list[PairCandidate], counts: Counter[str]
    ) -> list[PairCandidate]:
        """Nothing from a background sentence ("Previous work has shown ...") is credited
        to the paper: there, candidates keep only named heads."""
        if view.background_end <= view.start:
            return cands
        kept = [c for c in cands if c.head is not None or c.tail.start >= view.background_end]
        if len(kept) < len(cands):
            counts["relations: background sentence credited to the paper"] += len(cands) - len(kept)
        return kept

    @staticmethod
    def key(cand: PairCandidate, paper: str) -> _HitKey:
        head = cand.head.name if cand.head is not None else paper
        return head, cand.relation, cand.tail.name

    @staticmethod
    def hits(doc: Doc, kept: dict[_HitKey, tuple[PairCandidate, float]]) -> list[RelationHit]:
        """The kept triples as `RelationHit`s; one Span per sentence that has any."""
        spans: dict[tuple[int, int], Span] = {}
        out = []
        for (head, relation, tail), (cand, confidence) in kept.items():
            span = spans.get(cand.sentence)
            if span is None:
                span = spans[cand.sentence] = doc[cand.sentence[0] : cand.sentence[1]]
            out.append(RelationHit(head, relation, tail, span, cand.rule, confidence))
        return out

    def paper_head(self, mentions: list[Mention]) -> str:
        if self.contribution_head != "name":
            return PAPER_HEAD
        main = next((m for m in mentions if m.main and m.type in HEAD_TYPES), None)
        return main.name if main else PAPER_HEAD

    def secondary_contributions(
        self, view: SentenceView, seen: set[str], main: str | None
    ) -> list[PairCandidate]:
        """A paper that introduces several things: its main contribution uses the others,
        not those it compares with and not its own versions (QDoTA, "a quantized version
        of DoTA"; MKOR-H)."""
        out = []
        for m in view.mentions:
            if m.proposed and not m.main and m.name not in seen and m.type in HEAD_TYPES:
                if self.book.not_secondary.found(view.st.between(view.start, m.start)):
                    continue  # "we compare our model with X": X is another's work
                after = view.st.between(m.end, min(m.end + SECONDARY_WINDOW, view.end))
                if self.book.secondary_variant.found(after) or _same_stem(m.name, main):
                    continue
                seen.add(m.name)
                out.append(
                    PairCandidate(
                        None,
                        RelationType.USES,
                        m,
                        view.bounds,
                        SECONDARY_RULE,
                        SECONDARY_CONFIDENCE,
                    )
                )
        return out

    def sentence_views(
        self, dt: DocText, segs: Sequence[tuple[int, int, bool]], mentions: list[Mention]
    ) -> Iterator[SentenceView]:
        """A view of each segment that holds at least one mention (mentions are in order)."""
        book, i, n = self.book, 0, len(mentions)
        for index, (start, end, is_title) in enumerate(segs):
            while i < n and mentions[i].end <= start:
                i += 1
            inside = [m for m in mentions[i:] if m.start >= start and m.end <= end]
            if not inside:
                continue
            st = SentenceText(dt, start, end)
            self_refs = [s for s, _, _ in st.hits(book.self_reference)]
            about = is_title or bool(self_refs) or any(m.proposed for m in inside)
            background = not about and book.background.found(st.text)
            yield SentenceView(
                start,
                end,
                st,
                inside,
                self_refs,
                about,
                background,
                is_title,
                index,
                self.background_end(st, start, end, is_title, inside, self_refs),
            )

    def background_end(
        self,
        st: SentenceText,
        start: int,
        end: int,
        is_title: bool,
        inside: list[Mention],
        self_refs: list[int],
    ) -> int:
        """Where a sentence stops speaking of earlier work: its first self-reference (or its
        end) when a background phrase comes before it and no proposed name does."""
        if is_title:
            return start
        cut = min([*self_refs, end])
        if any(m.proposed and m.start < cut for m in inside):
            return start
        return cut if self.book.background.found(st.between(start, cut)) else start

    def open_rules(self, views: list[SentenceView]) -> list[CueRule]:
        """Rules whose paper-level gate (if any) is met by a sentence about the paper."""
        about = [v.st.text for v in views if v.about_paper]
        return [
            r
            for r in self.book.rules
            if r.doc_gate is None or any(r.doc_gate.found(t) for t in about)
        ]

    def prune(self, cands: list[PairCandidate], counts: Counter[str]) -> list[PairCandidate]:
        """Schema check: drop candidates the relation's signature does not admit."""
        kept = []
        for c in cands:
            head_type = c.head.type if c.head is not None else None
            if c.tail.main or (c.head is not None and c.head.name == c.tail.name):
                counts[f"relation {c.relation.value}: head and tail are the same entity"] += 1
            elif c.head is None and c.tail.proposed and c.relation in _NOT_OF_OWN_WORK:
                counts[f"relation {c.relation.value}: the paper and its own proposal"] += 1
            elif not relation_allowed(c.relation, head_type, c.tail.type):
                head = head_type.value if head_type else PAPER_HEAD
                counts[
                    f"relation {c.relation.value}: {head}->{c.tail.type.value} "
                    "outside its signature"
                ] += 1
            else:
                kept.append(c)
        return kept

    def resolve(self, cands: list[PairCandidate], counts: Counter[str]) -> list[PairCandidate]:
        """Within a sentence, one relation per head and tail: the highest-priority type."""
        best: dict[tuple[str, str], PairCandidate] = {}
        for c in cands:
            key = (c.head.name if c.head else PAPER_HEAD, c.tail.name)
            old = best.get(key)
            if old is None:
                best[key] = c
            elif old.relation != c.relation:
                win, lose = self.ranked(old, c)
                counts[
                    f"relation {lose.relation.value}: same pair already "
                    f"{win.relation.value} in the sentence"
                ] += 1
                best[key] = win
        return list(best.values())

    def ranked(self, a: PairCandidate, b: PairCandidate) -> tuple[PairCandidate, PairCandidate]:
        """(winner, loser) of two candidates for one pair. COMPRESSES (gated to compression
        papers) beats USES and BASED_ON even from a sentence-wide cue, since what a paper
        compresses it also "uses"; otherwise cue-adjacent beats sentence-wide, then the
        priority order."""
        for x, y in ((a, b), (b, a)):
            if x.relation == RelationType.COMPRESSES and y.relation in _SUBSUMED_BY_COMPRESSES:
                return x, y
        win, lose = sorted((a, b), key=lambda x: (not x.specific, self.book.rank(x.relation)))
        return win, lose


def _same_stem(name: str, main: str | None) -> bool:
    """One name inside the other ("MKOR-H" and "MKOR", "FiTv2" and "FiT"): a version."""
    if not main:
        return False
    a, b = name.lower(), main.lower()
    return a in b or b in a


@Language.factory(
    "kg_relations",
    default_config={"cues_path": None, "contribution_head": "paper", "weights_path": None},
)
def make_relation_extractor(
    nlp: Language,
    name: str,
    cues_path: str | None,
    contribution_head: str,
    weights_path: str | None,
) -> RelationExtractor:
    """Relation component; `cues_path` overrides extractors/relation_cues.json,
    `weights_path` extractors/classifier/relation_classifier.json ("none": rules only)."""
    return RelationExtractor(
        name, load_cue_book(cues_path), contribution_head, load_relation_weights(weights_path)
    )
