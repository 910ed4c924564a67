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

No parser: only token/regex logic on the sentencizer's sentences, and only sentences
with at least one typed mention are examined. Every candidate is checked against
`kg.types.RELATION_SIGNATURES`; what is dropped is counted by reason in `doc._.pruned`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import ConfigError
from kg.extraction.extensions import RelationHit, pruned_counter, register_extensions, text_of
from kg.extraction.relation_rules import (
    CueBook,
    CueRule,
    DocText,
    SentenceText,
    contrasted,
    is_clause_break,
    load_cue_book,
    only_joins,
)
from kg.types import PAPER_HEAD, EntityType, RelationType, relation_allowed

_HEADS = frozenset({EntityType.METHOD, EntityType.MODEL})
CONTRIBUTION_HEADS = ("paper", "name")
_SUBSUMED_BY_COMPRESSES = frozenset({RelationType.USES, RelationType.BASED_ON})


@dataclass(frozen=True)
class Mention:
    start: int  # token indices in the doc
    end: int
    type: EntityType
    name: str  # canonical entity name
    proposed: bool  # the paper introduces it
    main: bool = False  # it is the paper's main contribution (the first proposed name)


@dataclass(frozen=True)
class Candidate:
    head: Mention | None  # None = the paper's contribution
    relation: RelationType
    tail: Mention
    sentence: Span
    rule: str
    confidence: float
    specific: bool = False  # found next to its cue, not just somewhere in the sentence


@dataclass
class SentenceView:
    """What the rules need to know about one sentence."""

    span: Span
    st: SentenceText
    mentions: list[Mention]
    self_refs: list[int]  # token indices of "we", "our", "the proposed", ...
    about_paper: bool  # the sentence speaks of the paper's own work
    background: bool  # it speaks of earlier work only
    is_title: bool = False


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of the sentences, read from the SENT_START array (fast)."""
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    starts = [int(i) for i in numpy.flatnonzero(doc.to_array("SENT_START") == 1)]
    starts = sorted({0, *starts})
    return list(zip(starts, starts[1:] + [len(doc)], strict=True))


def segments(doc: Doc, dt: DocText) -> Iterator[tuple[int, int, bool]]:
    """Sentences, further split at line breaks; yields (start, end, is_title).

    The title comes first and ends at the first line break, when the text has one.
    """
    breaks: list[int] = []
    if "\n" in dt.text:
        spaces = numpy.flatnonzero(doc.to_array("IS_SPACE"))
        breaks = [int(i) for i in spaces if dt.is_line_break(int(i))]
    title_end = breaks[0] if breaks else -1
    for sent_start, sent_end in sentence_bounds(doc):
        start = sent_start
        for cut in [i for i in breaks if sent_start <= i < sent_end] + [sent_end]:
            if cut > start:
                yield start, cut, cut <= title_end
            start = cut + 1


def doc_mentions(doc: Doc, proposes: list[str], counts) -> list[Mention]:
    """Typed mentions of `doc.ents`; the main contribution is the first proposed Method/Model."""
    typed = []
    for ent in doc.ents:
        try:
            typed.append((ent, EntityType(ent.label_)))
        except ValueError:
            counts["relations: mention with a label that is no EntityType"] += 1
    heads = {ent.id_ or ent.text for ent, etype in typed if etype in _HEADS}
    main = next((n for n in proposes if n in heads), proposes[0] if proposes else None)
    return [Mention(ent.start, ent.end, etype, ent.id_ or ent.text,
                    (ent.id_ or ent.text) in proposes, (ent.id_ or ent.text) == main)
            for ent, etype in typed]


class RelationExtractor:
    """Finds typed relations between the mentions of each sentence."""

    def __init__(self, name: str, book: CueBook, contribution_head: str = "paper"):
        if contribution_head not in CONTRIBUTION_HEADS:
            raise ConfigError(f"contribution_head must be one of {CONTRIBUTION_HEADS}, "
                              f"not {contribution_head!r}", where=f"component {name}",
                              hint='"paper" writes @paper, "name" the proposed name')
        self.name = name
        self.book = book
        self.contribution_head = contribution_head
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        counts = pruned_counter(doc)
        mentions = doc_mentions(doc, list(doc._.proposes or []), counts)
        paper = self.paper_head(mentions)
        kept: dict[tuple[str, RelationType, str], RelationHit] = {}
        secondary: set[str] = set()
        views = list(self.sentence_views(doc, mentions))
        rules = self.open_rules(views)
        for view in views:
            cands = self.match(view, rules) + self.secondary_contributions(view, secondary)
            for cand in self.resolve(self.prune(cands, counts), counts):
                hit = self.to_hit(cand, paper)
                key = (hit.head, hit.type, hit.tail)
                if key not in kept or kept[key].confidence < hit.confidence:
                    kept[key] = hit
        for cand in self.prune(self.compressed_by_reference(doc, mentions), counts):
            hit = self.to_hit(cand, paper)
            kept.setdefault((hit.head, hit.type, hit.tail), hit)
        doc._.relations = list(kept.values())
        return doc

    def compressed_by_reference(self, doc: Doc, mentions: list[Mention]) -> list[Candidate]:
        """Compression by reference, in papers that use a compression word (the gate of the
        gated COMPRESSES rule), from a sentence of the paper's own work:
        - "...models such as BERT and GPT-2. We compress these models": a compression word
          followed by an anaphor compresses the Models of the sentence before it;
        - "Pre-trained language models (e.g., BERT) ... We compress large pre-trained
          models": a compression word followed by a generic class ('class_anaphora')
          compresses the Models given earlier as examples ("e.g.", "such as")."""
        book = self.book
        cues = next((r.doc_gate for r in book.rules if r.relation == RelationType.COMPRESSES
                     and r.doc_gate is not None), None)
        if cues is None or not mentions or not cues.search(text_of(doc).lower()):
            return []
        dt, prev, examples, out = DocText(doc), [], [], []
        for start, end, _ in segments(doc, dt):
            st = SentenceText(dt, start, end)
            inside = [m for m in mentions if m.start >= start and m.end <= end]
            referred, rule = self.referred_models(st, cues, inside, prev, examples)
            if referred:
                span = doc[start:end]
                out += [Candidate(None, RelationType.COMPRESSES, m, span, rule, 0.5)
                        for m in referred]
            models = [m for m in inside if m.type == EntityType.MODEL and not m.proposed]
            prev = models
            examples += self.example_models(st, models)
        return out

    def referred_models(
        self, st: SentenceText, cues: re.Pattern[str], inside: list[Mention],
        prev: list[Mention], examples: list[Mention],
    ) -> tuple[list[Mention], str]:
        book = self.book
        if not (prev or examples) or not st.hits(book.self_reference):
            return [], ""
        if prev and self.refers_back(st, cues, inside, book.anaphora, book.max_cue_gap):
            return prev, "COMPRESSES/previous_sentence"
        if examples and self.refers_back(st, cues, inside, book.class_anaphora, book.class_gap):
            return examples, "COMPRESSES/earlier_examples"
        return [], ""

    def example_models(self, st: SentenceText, models: list[Mention]) -> list[Mention]:
        """Models named right after an examples cue ("e.g., BERT", "such as GPT-2")."""
        ends = [end for _, end, _ in st.hits(self.book.examples)]
        return [m for m in models if any(0 <= m.start - end <= 2 for end in ends)]

    def refers_back(
        self, st: SentenceText, cues: re.Pattern[str], inside: list[Mention],
        anaphora: re.Pattern[str], gap: int,
    ) -> bool:
        """A compression cue followed closely by an anaphor, and no Model named after the cue."""
        for _, cue_end, _ in st.hits(cues):
            if any(m.start >= cue_end and m.type == EntityType.MODEL for m in inside):
                return False
            for a_start, _, _ in st.hits(anaphora):
                if 0 <= a_start - cue_end <= gap:
                    return True
        return False

    def paper_head(self, mentions: list[Mention]) -> str:
        if self.contribution_head != "name":
            return PAPER_HEAD
        main = next((m for m in mentions if m.main and m.type in _HEADS), None)
        return main.name if main else PAPER_HEAD

    def secondary_contributions(self, view: SentenceView, seen: set[str]) -> list[Candidate]:
        """A paper that introduces several things: its main contribution uses the others."""
        out = []
        for m in view.mentions:
            if m.proposed and not m.main and m.name not in seen and m.type in _HEADS:
                seen.add(m.name)
                out.append(Candidate(None, RelationType.USES, m, view.span,
                                     "USES/secondary_contribution", 0.55))
        return out

    def sentence_views(self, doc: Doc, mentions: list[Mention]) -> Iterator[SentenceView]:
        book, i, dt = self.book, 0, DocText(doc)
        for start, end, is_title in segments(doc, dt):
            span = doc[start:end]
            while i < len(mentions) and mentions[i].end <= span.start:
                i += 1
            inside = [m for m in mentions[i:] if m.start >= span.start and m.end <= span.end]
            if not inside:
                continue
            st = SentenceText(dt, start, end)
            self_refs = [s for s, _, _ in st.hits(book.self_reference)]
            about = is_title or bool(self_refs) or any(m.proposed for m in inside)
            background = not about and bool(book.background.search(st.text))
            yield SentenceView(span, st, inside, self_refs, about, background, is_title)

    def open_rules(self, views: list[SentenceView]) -> list[CueRule]:
        """Rules whose paper-level gate (if any) is met by a sentence about the paper."""
        about = [v.st.text for v in views if v.about_paper]
        return [r for r in self.book.rules
                if r.doc_gate is None or any(r.doc_gate.search(t) for t in about)]

    def match(self, view: SentenceView, rules: list[CueRule]) -> list[Candidate]:
        out: list[Candidate] = []
        for rule in rules:
            if rule.scope == "sentence":
                cue = view.st.first_hit(rule.cues)
                if cue is None and view.is_title and rule.title_is_cue:
                    cue = "title"
                if cue is not None:
                    out.extend(self.match_sentence(rule, view, cue))
                continue
            for start, end, text in view.st.hits(rule.cues):
                if not self.inside_mention(view, start, end):
                    out.extend(self.match_around_cue(rule, view, start, end, text))
        return out

    @staticmethod
    def inside_mention(view: SentenceView, start: int, end: int) -> bool:
        """A cue word that is part of an entity name ("Low-Rank Adaptation", "parameter-
        efficient fine-tuning") is no cue."""
        return any(m.start < end and start < m.end for m in view.mentions)

    def match_sentence(self, rule: CueRule, view: SentenceView, cue: str) -> list[Candidate]:
        if rule.contribution_only and not view.about_paper:
            return []
        if rule.needs_self_reference and not view.self_refs:
            return []
        if view.background and not rule.in_background:
            return []
        tails = [m for m in view.mentions if self.targets(rule, view, m)
                 and not self.blocked(rule, view, m.start - self.book.contrast_window, m)]
        heads: list[Mention | None] = [None]
        if rule.subject_heads and not view.about_paper:
            heads = heads + self.subjects(view)
        out = []
        for t in tails:
            relation, name = self.relation_for(rule, view, t), rule.name(cue)
            if relation != rule.relation:
                name = f"{relation.value}/switched/{name}"
            out += [Candidate(h, relation, t, view.span, name, rule.confidence)
                    for h in heads if h is None or t.start > h.end]
        return out

    def relation_for(self, rule: CueRule, view: SentenceView, tail: Mention) -> RelationType:
        """A sentence rule's relation, or its `switch` relation when the last cue phrase
        before the tail is a switch phrase ("trained on X": USES, not EVALUATED_ON)."""
        if rule.switch is None:
            return rule.relation
        relation, switch, keep = rule.switch
        before = view.st.between(view.span.start, tail.start)
        last_switch = max((m.end() for m in switch.finditer(before)), default=-1)
        if last_switch < 0:
            return rule.relation
        last_keep = max((m.end() for m in keep.finditer(before)), default=-1)
        return relation if last_switch > last_keep else rule.relation

    def subjects(self, view: SentenceView) -> list[Mention]:
        """Method/Model mentions that open a sentence ("ChatGPT and GPT-4 do well on ...")."""
        first = view.mentions[0]
        if first.type not in _HEADS or first.start - view.span.start > self.book.subject_window:
            return []
        chain = [first]
        for nxt in view.mentions[1:]:
            if nxt.type not in _HEADS or not only_joins(view.st.between(chain[-1].end, nxt.start),
                                                        self.book):
                break
            chain.append(nxt)
        return chain

    def targets(self, rule: CueRule, view: SentenceView, tail: Mention) -> bool:
        """Whether a rule relates this mention (by type, and not set apart by a contrast)."""
        if rule.tail_types is not None and tail.type not in rule.tail_types:
            return False
        window = self.book.contrast_window
        if rule.skip_examples and not view.about_paper:
            first = self.list_start(view, tail)
            left = max(view.span.start, first.start - window)
            if self.book.examples.search(view.st.between(left, first.start)):
                return False
        if not rule.skip_contrasted:
            return True
        left = max(view.span.start, tail.start - window)
        return not contrasted(view.st.between(left, tail.start), self.book)

    def blocked(self, rule: CueRule, view: SentenceView, left: int, tail: Mention) -> bool:
        """A `blocked_by` word between `left` (a cue's end) and the tail ("using X")."""
        if rule.blocked_by is None:
            return False
        return bool(rule.blocked_by.search(view.st.between(max(left, view.span.start),
                                                           tail.start)))

    def list_start(self, view: SentenceView, item: Mention) -> Mention:
        """The first item of the enumeration ("A, B and C") that `item` belongs to."""
        before = [m for m in view.mentions if m.end <= item.start]
        first = item
        for prev in reversed(before):
            if not only_joins(view.st.between(prev.end, first.start), self.book):
                break
            first = prev
        return first

    def match_around_cue(self, rule: CueRule, view: SentenceView, start: int, end: int,
                         cue: str) -> list[Candidate]:
        if rule.head == "contribution" or rule.scope == "before_cue":
            found, head = view.about_paper or not view.background, None
        else:
            found, head = self.head_before(view, start)
        if not found:
            return []
        gap = self.book.max_cue_gap if rule.max_gap is None else rule.max_gap
        near = self.tails_after(view, end, gap) if rule.scope == "after_cue" else \
            self.tails_before(view, start, gap)
        tails = [t for t in near if self.targets(rule, view, t)]
        if rule.blocked_by is not None and rule.scope == "after_cue":
            tails = [t for t in tails if not self.blocked(rule, view, end, t)]
        return [Candidate(head, rule.relation, t, view.span, rule.name(cue), rule.confidence,
                          specific=True) for t in tails]

    def head_before(self, view: SentenceView, cue_start: int) -> tuple[bool, Mention | None]:
        """The subject of a cue: the nearest Method/Model mention or self-reference before it.

        Returns (found, head); head None means the paper's contribution.
        """
        named = [m for m in view.mentions if m.end <= cue_start and m.type in _HEADS]
        ref = max((s for s in view.self_refs if s < cue_start), default=None)
        last = named[-1] if named else None
        if last is not None and (ref is None or last.start > ref):
            if is_clause_break(view.st.between(last.end, cue_start), self.book):
                return (not view.background), None
            return True, (None if last.proposed else last)
        if ref is not None:
            return True, None
        return (not view.background), None

    def tails_after(self, view: SentenceView, cue_end: int, gap: int) -> list[Mention]:
        """The mention right after a cue, and the items of a list it begins."""
        book = self.book
        after = [m for m in view.mentions if m.start >= cue_end]
        if not after or after[0].start - cue_end > gap:
            return []
        if is_clause_break(view.st.between(cue_end, after[0].start), book):
            return []
        chain = [after[0]]
        for nxt in after[1:]:
            if not only_joins(view.st.between(chain[-1].end, nxt.start), book):
                break
            chain.append(nxt)
        return chain

    def tails_before(self, view: SentenceView, cue_start: int, gap: int) -> list[Mention]:
        """Passive cues ("A and B are incorporated"): the list that ends before the cue."""
        book = self.book
        before = [m for m in view.mentions if m.end <= cue_start]
        if not before or cue_start - before[-1].end > gap:
            return []
        if is_clause_break(view.st.between(before[-1].end, cue_start), book):
            return []
        chain = [before[-1]]
        for prev in reversed(before[:-1]):
            if not only_joins(view.st.between(prev.end, chain[-1].start), book):
                break
            chain.append(prev)
        return chain[::-1]

    def prune(self, cands: list[Candidate], counts) -> list[Candidate]:
        """Schema check: drop candidates the relation's signature does not admit."""
        kept = []
        for c in cands:
            head_type = c.head.type if c.head is not None else None
            if c.tail.main or (c.head is not None and c.head.name == c.tail.name):
                counts[f"relation {c.relation.value}: head and tail are the same entity"] += 1
            elif not relation_allowed(c.relation, head_type, c.tail.type):
                head = head_type.value if head_type else PAPER_HEAD
                counts[f"relation {c.relation.value}: {head}->{c.tail.type.value} "
                       "outside its signature"] += 1
            else:
                kept.append(c)
        return kept

    def resolve(self, cands: list[Candidate], counts) -> list[Candidate]:
        """Within a sentence, one relation per head and tail: the highest-priority type."""
        best: dict[tuple[str, str], Candidate] = {}
        for c in cands:
            key = (c.head.name if c.head else PAPER_HEAD, c.tail.name)
            old = best.get(key)
            if old is None:
                best[key] = c
            elif old.relation != c.relation:
                win, lose = self.ranked(old, c)
                counts[f"relation {lose.relation.value}: same pair already "
                       f"{win.relation.value} in the sentence"] += 1
                best[key] = win
        return list(best.values())

    def ranked(self, a: Candidate, b: Candidate) -> tuple[Candidate, Candidate]:
        """(winner, loser) of two candidates for one pair. COMPRESSES (gated to compression
        papers) beats USES and BASED_ON even from a sentence-wide cue, since what a paper
        compresses it also "uses"; otherwise cue-adjacent beats sentence-wide, then the
        priority order."""
        for x, y in ((a, b), (b, a)):
            if x.relation == RelationType.COMPRESSES and y.relation in _SUBSUMED_BY_COMPRESSES:
                return x, y
        win, lose = sorted((a, b), key=lambda x: (not x.specific, self.book.rank(x.relation)))
        return win, lose

    def to_hit(self, c: Candidate, paper: str) -> RelationHit:
        head = c.head.name if c.head is not None else paper
        return RelationHit(head, c.relation, c.tail.name, c.sentence, c.rule, c.confidence)


@Language.factory(
    "kg_relations",
    default_config={"cues_path": None, "contribution_head": "paper"},
)
def make_relation_extractor(nlp: Language, name: str, cues_path: str | None,
                            contribution_head: str) -> RelationExtractor:
    """Relation component; `cues_path` overrides extractors/relation_cues.json."""
    return RelationExtractor(name, load_cue_book(cues_path), contribution_head)
