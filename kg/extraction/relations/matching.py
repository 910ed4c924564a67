"""Cue matching for the relation component: from one sentence's mentions to candidates.

Two kinds of rule (`relation_rules.CueRule.scope`):
- around a cue ("after_cue", "before_cue"): the tails are the mention right after (or
  before) the cue word and the list it begins ("evaluated on GLUE, SQuAD and MNLI"); the
  head is the nearest Method/Model or self-reference before the cue, or the paper;
- sentence-wide ("sentence"): a cue anywhere in the sentence relates the paper (or the
  named subjects of a sentence about other work) to every mention of the tail types.

Nothing here prunes: candidates go back to the component, which checks them against
the relation signatures and resolves conflicts (see `relations`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extraction.relations.rules import CueBook, CueRule, contrasted, is_clause_break, only_joins
from kg.extraction.relations.text import SentenceText
from kg.types import EntityType, RelationType

HEAD_TYPES = frozenset({EntityType.METHOD, EntityType.MODEL})
NOT_BEFORE_WINDOW = 2  # tokens after a mention where a `not_before` phrase is looked for


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token indices in the doc
    end: int
    type: EntityType
    name: str  # canonical entity name
    proposed: bool  # the paper introduces it
    main: bool = False  # it is the paper's main contribution (the first proposed name)


@dataclass(frozen=True, slots=True)
class PairCandidate:
    head: Mention | None  # None = the paper's contribution
    relation: RelationType
    tail: Mention
    sentence: tuple[int, int]  # token bounds of the sentence (a Span only for kept hits)
    rule: str
    confidence: float
    specific: bool = False  # found next to its cue, not just somewhere in the sentence


@dataclass(slots=True)
class SentenceView:
    """What the rules need to know about one sentence."""

    start: int  # token bounds in the doc
    end: int
    st: SentenceText
    mentions: list[Mention]
    self_refs: list[int]  # token indices of "we", "our", "the proposed", ...
    about_paper: bool  # the sentence speaks of the paper's own work
    background: bool  # it speaks of earlier work only
    is_title: bool = False
    index: int = 0  # position among the doc's segments (0 = the title when there is one)
    # tokens before this speak of earlier work ("Prior research has shown that X ..., prompting
    # us to ..."): nothing there is credited to the paper
    background_end: int = 0

    @property
    def bounds(self) -> tuple[int, int]:
        return self.start, self.end


class CueMatcher:
    """Applies the cue rules of a `CueBook` to one sentence at a time."""

    def __init__(self, book: CueBook):
        self.book = book

    def match(self, view: SentenceView, rules: list[CueRule]) -> list[PairCandidate]:
        out: list[PairCandidate] = []
        types = {m.type for m in view.mentions}
        for rule in rules:
            if rule.tail_types is not None and rule.tail_types.isdisjoint(types):
                continue  # no mention it could relate: no need to look for its cues
            if rule.needs_any is not None and not rule.needs_any.found(view.st.text):
                continue
            if rule.scope == "sentence":
                cue, at = self.sentence_cue(rule, view)
                if cue is None and view.is_title and rule.title_is_cue:
                    cue = "title"
                if cue is not None:
                    out.extend(self.match_sentence(rule, view, cue, at))
                continue
            for start, end, text in self.cue_hits(rule, view):
                if not self.inside_mention(view, start, end):
                    out.extend(self.match_around_cue(rule, view, start, end, text))
        return out

    @staticmethod
    def cue_hits(rule: CueRule, view: SentenceView) -> list[tuple[int, int, str]]:
        """The rule's cue matches, without those inside a `false_cues` match."""
        hits = view.st.hits(rule.cues)
        if rule.false_cues is None or not hits:
            return hits
        false = view.st.hits(rule.false_cues)
        return [h for h in hits if not any(a <= h[0] and h[1] <= b for a, b, _ in false)]

    def sentence_cue(self, rule: CueRule, view: SentenceView) -> tuple[str | None, int]:
        """The first cue of a sentence rule that is no part of a name ("Compressed RMSNorm"),
        and the token where it ends (the sentence start when none is found)."""
        if rule.false_cues is None and view.st.first_hit(rule.cues) is None:
            return None, view.start
        hits = [h for h in self.cue_hits(rule, view) if not self.inside_mention(view, h[0], h[1])]
        return (hits[0][2], hits[0][1]) if hits else (None, view.start)

    @staticmethod
    def stands_for_other(rule: CueRule, view: SentenceView, m: Mention) -> bool:
        """A mention followed right away by a `not_before` phrase ("a Mamba-2 variant",
        "T5-based parsers") names something else than itself."""
        if rule.not_before is None:
            return False
        after = view.st.between(m.end, min(m.end + NOT_BEFORE_WINDOW, view.end))
        return rule.not_before.regex.match(after) is not None

    @staticmethod
    def inside_mention(view: SentenceView, start: int, end: int) -> bool:
        """A cue word that is part of an entity name ("Low-Rank Adaptation", "parameter-
        efficient fine-tuning") is no cue."""
        return any(m.start < end and start < m.end for m in view.mentions)

    def match_sentence(
        self, rule: CueRule, view: SentenceView, cue: str, cue_end: int
    ) -> list[PairCandidate]:
        if rule.contribution_only and not view.about_paper:
            return []
        if rule.needs_self_reference and not view.self_refs:
            return []
        if (view.background and not rule.in_background) or (view.is_title and not rule.in_title):
            return []
        tails = [
            m
            for m in view.mentions
            if self.targets(rule, view, m)
            and (not rule.tails_after_cue or m.start >= cue_end)
            and not self.blocked(rule, view, m.start - self.book.contrast_window, m)
            and not self.vetoed(rule, view, m.start)
        ]
        heads: list[Mention | None] = [None]
        if rule.subject_heads and not view.about_paper:
            # a sentence about another named model says what that model does, not the paper
            heads = list(self.subjects(view)) or heads
        out = []
        base_name = rule.name(cue) if tails else ""
        for t in tails:
            relation, name = self.relation_for(rule, view, t), base_name
            if relation != rule.relation:
                name = f"{relation.value}/switched/{name}"
            out += [
                PairCandidate(h, relation, t, view.bounds, name, rule.confidence)
                for h in heads
                if h is None or t.start > h.end
            ]
        return out

    def relation_for(self, rule: CueRule, view: SentenceView, tail: Mention) -> RelationType:
        """A sentence rule's relation, or its `switch` relation when the last cue phrase
        before the tail is a switch phrase ("trained on X": USES, not EVALUATED_ON)."""
        if rule.switch is None:
            return rule.relation
        relation, switch, keep = rule.switch
        before = view.st.between(view.start, tail.start)
        last_switch = max((end for _, end, _ in switch.spans(before)), default=-1)
        if last_switch < 0:
            return rule.relation
        last_keep = max((end for _, end, _ in keep.spans(before)), default=-1)
        return relation if last_switch > last_keep else rule.relation

    def subjects(self, view: SentenceView) -> list[Mention]:
        """Method/Model mentions that open a sentence ("ChatGPT and GPT-4 do well on ...")."""
        first = view.mentions[0]
        if first.type not in HEAD_TYPES or first.start - view.start > self.book.subject_window:
            return []
        chain = [first]
        for nxt in view.mentions[1:]:
            if nxt.type not in HEAD_TYPES or not only_joins(
                view.st.between(chain[-1].end, nxt.start), self.book
            ):
                break
            chain.append(nxt)
        return chain

    def targets(self, rule: CueRule, view: SentenceView, tail: Mention) -> bool:
        """Whether a rule relates this mention (by type, and not set apart by a contrast)."""
        if rule.tail_types is not None and tail.type not in rule.tail_types:
            return False
        if self.stands_for_other(rule, view, tail):
            return False
        window = self.book.contrast_window
        if rule.skip_examples and not view.about_paper:
            first = self.list_start(view, tail)
            left = max(view.start, first.start - window)
            if self.book.examples.found(view.st.between(left, first.start)):
                return False
        if not rule.skip_contrasted:
            return True
        left = max(view.start, tail.start - window)
        return not contrasted(view.st.between(left, tail.start), self.book)

    def blocked(self, rule: CueRule, view: SentenceView, left: int, tail: Mention) -> bool:
        """A `blocked_by` word between `left` (a cue's end) and the tail ("using X")."""
        if rule.blocked_by is None:
            return False
        return rule.blocked_by.found(view.st.between(max(left, view.start), tail.start))

    def vetoed(self, rule: CueRule, view: SentenceView, upto: int) -> bool:
        """A veto phrase, or with `skip_negated` a negation or hedge, before token `upto`
        ("LLMs cannot outperform BERT", "X may beat Y", "compared with", "scaling law")."""
        if rule.vetoed_by is None and not rule.skip_negated:
            return False
        before = view.st.between(view.start, upto)
        if rule.vetoed_by is not None and rule.vetoed_by.found(before):
            return True
        return rule.skip_negated and (
            self.book.negation.found(before) or self.book.hedge.found(before)
        )

    def list_start(self, view: SentenceView, item: Mention) -> Mention:
        """The first item of the enumeration ("A, B and C") that `item` belongs to."""
        before = [m for m in view.mentions if m.end <= item.start]
        first = item
        for prev in reversed(before):
            if not only_joins(view.st.between(prev.end, first.start), self.book):
                break
            first = prev
        return first

    def match_around_cue(
        self, rule: CueRule, view: SentenceView, start: int, end: int, cue: str
    ) -> list[PairCandidate]:
        if rule.head == "contribution" or rule.scope == "before_cue":
            found, head = view.about_paper or not view.background, None
        else:
            found, head = self.head_before(view, start, rule)
            found = found and (head is not None or view.about_paper or not rule.needs_subject)
        if rule.skip_after is not None and rule.skip_after.found(
            view.st.between(max(view.start, start - 2), start)
        ):
            return []
        if not found or self.vetoed(rule, view, end):
            return []
        gap = self.book.max_cue_gap if rule.max_gap is None else rule.max_gap
        near = (
            self.tails_after(view, end, gap)
            if rule.scope == "after_cue"
            else self.tails_before(view, start, gap)
        )
        if (
            near
            and rule.first_blocked_by is not None
            and rule.first_blocked_by.found(view.st.between(end, near[0].start))
        ):
            return []
        tails = [t for t in near if self.targets(rule, view, t)]
        if rule.blocked_by is not None and rule.scope == "after_cue":
            tails = [t for t in tails if not self.blocked(rule, view, end, t)]
        if not tails:
            return []
        name = rule.name(cue)
        return [
            PairCandidate(head, rule.relation, t, view.bounds, name, rule.confidence, specific=True)
            for t in tails
        ]

    def head_before(
        self, view: SentenceView, cue_start: int, rule: CueRule | None = None
    ) -> tuple[bool, Mention | None]:
        """The subject of a cue: the nearest Method/Model mention or self-reference before it.

        Returns (found, head); head None means the paper's contribution. Not found when the
        nearest mention names something else ("a Mamba-2 variant based on X").
        """
        named = [
            m
            for m in view.mentions
            if m.end <= cue_start and m.type in HEAD_TYPES and not self.compared(view, m)
        ]
        ref = max((s for s in view.self_refs if s < cue_start), default=None)
        last = named[-1] if named else None
        if last is not None and (ref is None or last.start > ref):
            if rule is not None and self.stands_for_other(rule, view, last):
                return False, None
            if ref is not None and self.is_example(view, last):
                return True, None  # "our method ... compresses models such as X, achieving"
            if is_clause_break(view.st.between(last.end, cue_start), self.book):
                return (not view.background), None
            return True, (None if last.proposed else last)
        if ref is not None:
            return True, None
        return (not view.background), None

    def is_example(self, view: SentenceView, m: Mention) -> bool:
        """An item of an examples list ("models such as X and Y")."""
        first = self.list_start(view, m)
        left = max(view.start, first.start - 2)
        return self.book.examples.found(view.st.between(left, first.start))

    def compared(self, view: SentenceView, m: Mention) -> bool:
        """A mention that is itself the far side of a comparison ("faster than A and more
        accurate than B": A is not the subject of the second comparison)."""
        left = max(view.start, m.start - 2)
        return self.book.compared.found(view.st.between(left, m.start))

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
