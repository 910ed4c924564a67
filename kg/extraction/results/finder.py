"""Reported numbers of one sentence: which figures are results, and what they are about.

Works on plain text and typed mentions (character offsets into the sentence), so it
runs without spaCy; the `kg_results` component feeds it the sentences and `doc.ents`.
A figure is a result when it carries a result unit (%, x, points) or sits beside a
metric ("F1 of 91.7", "1.13 bits per character"), and nothing around it marks a size,
budget, count or year (the cue book, extractors/result_cues.json). Then:
- kind: relative when a gain/reduction/ratio cue surrounds it, else absolute;
- subject: the named Model (or a proposed/leading Method) before it, the paper's
  contribution when "we"/"our" or no name comes first;
- metric, dataset, task: the nearest mention of that type ("respectively" pairs in order);
- compared_to: the system after "than/over/compared to", else "state-of-the-art",
  "teacher" or "baseline" when the sentence says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extraction.results.context import (
    CLAUSE,
    LIST_GAP,
    OPEN,
    Mention,
    SentenceContext,
    short_name,
)
from kg.extraction.results.cues import ResultCues
from kg.extraction.results.numbers import Number, find_numbers
from kg.types import PAPER_HEAD, EntityType

_RESULT_UNITS = frozenset({"%", "x", "points"})
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_POINTS_AFTER = re.compile(r"\s(?:[\w-]+\s){1,3}points?\b")
_SCORE_BEFORE = re.compile(r"\s(?:average\s)?scores?\s(?:of\s|is\s|reaches\s)?", re.I)
_SCORE_AFTER = re.compile(r"\s(?:average\s)?scores?\b", re.I)
_INTRODUCES = re.compile(
    r"\s(?:also\s|further\s|then\s)?(?:propose|introduce|present|develop|design)\w*\s"
    r"(?:a\s|an\s|the\s)?(?:new\s|novel\s|simple\s)?",
    re.I,
)
_ONE_WORD = re.compile(r"%?\s(?:[\w-]+\s)?")  # "8.9% higher GLUE score"
_MODIFIERS = re.compile(r"\s?(?:[\w-]+\s){0,3}")  # "our sparse pre-trained BERT-Large"
_ADVERB = re.compile(r"^\w+ly\s")  # "consistently outperforms"
_NOUN = re.compile(r"\w+(?:ance|ment)s?\b")  # "boosts AST performance": no verb
_VERSUS_BEFORE = re.compile(r"\b(?:compared (?:to|with)|vs\.?|versus|against)\s$", re.I)
_OWNER_AFTER = re.compile(r"\s?(?:[\w-]+\s)?(?:with|of|for|by|from)\s(?:the\s)?", re.I)
_STOP_HEAD = re.compile(
    r"\b(?:it|them|this|that|model|models|method|approach|performance|results?|the|a|an)$", re.I
)
_ADJACENT = 28  # characters between a figure and a metric named beside it


@dataclass(frozen=True)
class Found:
    """One result of a sentence (offsets into the sentence)."""

    start: int
    end: int
    subject: str
    value: str
    unit: str | None
    kind: str
    metric: str | None
    dataset: str | None
    task: str | None
    compared_to: str | None
    rule: str
    confidence: float


class SentenceResults(SentenceContext):
    """Finds the results of one sentence."""

    def __init__(
        self, text: str, mentions: list[Mention], cues: ResultCues, contribution: str = PAPER_HEAD
    ):
        super().__init__(text, mentions, cues)
        self.contribution = contribution

    def find(self) -> list[Found]:
        figures = self.listed(
            [self.with_unit(n) for n in find_numbers(self.text) if self.is_figure(n)]
        )
        metrics = {id(n): self.metric_for(n) for n in figures}
        results = [n for n in figures if self.is_result(n, metrics[id(n)])]
        results = self.listed(results)
        kinds = self.kinds(results)
        paired = self.respectively(results, kinds)
        names = {id(n): self.metric_name(n, metrics[id(n)]) for n in results}
        for n, nxt in reversed(list(zip(results, results[1:], strict=False))):
            if LIST_GAP.fullmatch(self.text[n.end : nxt.start]):  # "35%/52% fewer parameters"
                names[id(n)] = names[id(nxt)]
        for key, name in self.respectively(results, kinds, EntityType.METRIC).items():
            names[key] = short_name(name)
        subjects = {id(n): self.subject(n) for n in results}
        for group in self.slashed(results):  # "a BERT and T5 model ... 1.9%/2.5% on A and B"
            paired.update(self.pair_run(group, EntityType.DATASET, after=True))
            subjects.update(self.pair_run(group, EntityType.MODEL, after=False))
        out = []
        for n in results:
            kind = kinds[id(n)]
            out.append(
                Found(
                    start=n.start,
                    end=n.end,
                    subject=subjects[id(n)],
                    value=n.value,
                    unit=n.unit,
                    kind=kind,
                    metric=names[id(n)],
                    dataset=short_name(paired.get(id(n), self.nearest(n, EntityType.DATASET))),
                    task=self.nearest(n, EntityType.TASK),
                    compared_to=self.baseline(n) if kind == "relative" else None,
                    rule=f"results/{'unit' if n.unit in _RESULT_UNITS else 'metric'}",
                    confidence=0.7 if n.unit in _RESULT_UNITS else 0.6,
                )
            )
        return out

    def with_unit(self, n: Number) -> Number:
        """ "8.7 GLUE score points": a unit a few words after the figure."""
        if n.unit is None and _POINTS_AFTER.match(self.text[n.end : n.end + 40]):
            return replace(n, unit="points")
        return n

    # -- is it a result? ---------------------------------------------------------------
    def is_figure(self, n: Number) -> bool:
        """Not a size, count, year, reference or part of a name."""
        if n.sign == "±" or any(m.start <= n.start < m.end for m in self.mentions):
            return False
        before, after = self.text[max(0, n.start - 40) : n.start], self.text[n.end : n.end + 60]
        if self.cues.any_match(self.cues.not_result_after, after):
            return False
        cues = self.cues
        if (
            n.sign not in ("+", "by", "word")
            and not n.ranged
            and self.baseline_figure(n) is None
            and (
                cues.any_match(cues.not_result_before, before)
                or (n.unit is None and cues.any_match(cues.not_result_before_bare, before))
            )
        ):
            return False
        return not (n.unit is None and _YEAR.match(n.value))

    def baseline_figure(self, n: Number) -> Mention | None:
        """ "compared to 95.5% with DrugGPT", "vs. 80.1 for BERT": a named baseline's own
        figure (a result of that system, not the paper's)."""
        if not _VERSUS_BEFORE.search(self.text[max(0, n.start - 20) : n.start]):
            return None
        owner = _OWNER_AFTER.match(self.text, n.end)
        if owner is None:
            return None
        return next(
            (
                m
                for m in self.of_type(EntityType.MODEL, EntityType.METHOD)
                if m.start == owner.end()
            ),
            None,
        )

    def is_result(self, n: Number, metric: Mention | None) -> bool:
        if n.unit in _RESULT_UNITS:
            return n.sign != "word" or self.cues.any_match(
                self.cues.relative_before, self.text[max(0, n.start - 60) : n.start]
            )
        if metric is not None and self.gap(n, metric) <= _ADJACENT:
            return True
        if self.score_of(n):
            return True
        has_metric = (
            metric is not None
            or bool(self.of_type(EntityType.METRIC))
            or self.cues.any_metric.search(self.text) is not None
        )
        return (
            "." in n.value
            and has_metric
            and bool(self.cues.result_verbs.search(self.text[: n.start]))
        )

    def gap(self, n: Number, m: Mention) -> int:
        """Characters between a figure and a mention (0 when they touch)."""
        between = self.text[n.end : m.start] if m.start >= n.end else self.text[m.end : n.start]
        if CLAUSE.search(between) or re.search(r"\d", between):
            return 10_000
        if m.start >= n.end and re.search(r"\b(?:and|or)\b", between):
            return 10_000  # "of 93.55 and a BLEU of ...": the next figure's metric
        if m.end <= n.start and re.search(r"\d\s?(?:%|points?)?\s?$", self.text[: m.start]):
            return 10_000  # "14.39 CodeBLEU, with 2.75% higher accuracy": the earlier figure's
        return len(between.strip(" ,()"))

    def metric_for(self, n: Number) -> Mention | None:
        """The Metric mention beside the figure, else the sentence's nearest one."""
        metrics = self.of_type(EntityType.METRIC)
        if not metrics:
            return None
        best = min(metrics, key=lambda m: (self.gap(n, m) > _ADJACENT, self.distance(n, m)))
        if self.gap(n, best) <= _ADJACENT:
            return best
        before = [m for m in metrics if m.end <= n.start]  # "the perplexity ... to 47.7"
        return before[-1] if before else None

    @staticmethod
    def distance(n: Number, m: Mention) -> int:
        # a mention after the figure ("97.5% accuracy") wins ties over one before it
        return m.start - n.end if m.start >= n.end else (n.start - m.end) + 1

    def score_of(self, n: Number) -> str | None:
        """ "a GLUE score of 81.8", "81.8 GLUE score": the dataset's score as the metric."""
        for m in self.of_type(EntityType.DATASET):
            after = self.text[m.end : n.start] if m.end <= n.start else self.text[m.end : m.end + 8]
            if (m.end <= n.start and _SCORE_BEFORE.fullmatch(after)) or (
                m.start >= n.end
                and _ONE_WORD.fullmatch(self.text[n.end : m.start])
                and _SCORE_AFTER.match(after)
            ):
                return f"{m.name} score"
        return None

    def metric_name(self, n: Number, metric: Mention | None) -> str | None:
        if metric is not None and self.gap(n, metric) <= _ADJACENT:
            return short_name(metric.name)
        if score := self.score_of(n):
            return score
        if found := self.fallback(n):
            return found
        if found := self.measured(n):
            return found
        if metric is not None:
            return short_name(metric.name)
        before = self.text[: n.start]  # "perplexities on A and B to 47.7 and 40.7"
        if not self.cues.any_metric.search(before):
            return None
        return next((name for name, p in self.cues.metric_fallback if p.search(before)), None)

    def measured(self, n: Number) -> str | None:
        """The quantity a reduction or saving names around the figure ("reduces pre-training
        compute by 1,000 times", "a 4x reduction in computation and memory cost")."""
        before = self.text[max(0, n.start - 60) : n.start]
        after = self.text[n.end : n.end + 60]
        for patterns, text in (
            (self.cues.measured_before, before),
            (self.cues.measured_after, after),
        ):
            for pattern in patterns:
                if (m := pattern.search(text)) and not _STOP_HEAD.search(m.group("np")):
                    return m.group("np")
        return None

    def fallback(self, n: Number) -> str | None:
        """A metric word beside the figure that entity extraction did not type."""
        left = re.split(r"[\d;,]", self.text[max(0, n.start - 30) : n.start])[-1]
        right = re.split(r"[\d;,]", self.text[n.end : n.end + 30])[0]
        for text in (right, left):
            if not self.cues.any_metric.search(text):
                continue
            for name, pattern in self.cues.metric_fallback:
                if pattern.search(text):
                    return name
        return None

    # -- what is it? -------------------------------------------------------------------
    def kind(self, n: Number) -> str:
        before = re.split(r"[;:]", self.text[max(0, n.start - 60) : n.start])[-1]
        if n.sign in ("+", "by", "word") or n.unit == "x":
            return "relative"
        ranged_from = n.ranged and re.search(r"\bfrom\s$", before)
        if self.cues.any_match(self.cues.relative_after, self.text[n.end : n.end + 60]):
            return "relative"
        if ranged_from:
            return "absolute"  # "from 46.6% to 51.4%": the score reached
        if self.cues.any_match(self.cues.relative_by, before):
            return "relative"
        if self.cues.any_match(self.cues.relative_before, before[-30:]):
            return "relative"
        if self.cues.any_match(self.cues.absolute_before, before[-30:]):
            return "absolute"
        if n.unit == "points":
            return "relative"
        return "relative" if self.cues.any_match(self.cues.relative_before, before) else "absolute"

    def listed(self, figures: list[Number]) -> list[Number]:
        """ "1,000, 4,500, and 500 times", "0.3%/1.1%": a list's unit is written once, last."""
        out = list(figures)
        for i in range(len(out) - 2, -1, -1):
            n, nxt = out[i], out[i + 1]
            if n.unit is None and nxt.unit and LIST_GAP.fullmatch(self.text[n.end : nxt.start]):
                out[i] = replace(n, unit=nxt.unit)
        return out

    def kinds(self, results: list[Number]) -> dict[int, str]:
        """Each figure's kind; a figure joined to a relative one by "and"/"," is relative."""
        out: dict[int, str] = {}
        prev: Number | None = None
        for n in results:
            kind = self.kind(n)
            if prev is not None and OPEN.fullmatch(self.text[prev.end : n.start]):
                kind = out[id(prev)]  # "by 1.14 points (6.7%)": the same figure again
            elif prev is not None and out[id(prev)] == "relative":
                between = self.text[prev.end : n.start]
                if (
                    len(between) < 80
                    and re.search(r"\band\b|\bor\b|,|/", between)
                    and not self.cues.result_verbs.search(self.unnamed(prev.end, n.start))
                ):
                    kind = "relative"
            out[id(n)] = kind
            prev = n
        for n, nxt in reversed(list(zip(results, results[1:], strict=False))):
            if out[id(nxt)] == "relative" and LIST_GAP.fullmatch(self.text[n.end : nxt.start]):
                out[id(n)] = "relative"
        return out

    def subject(self, n: Number) -> str:
        """The most specific system the figure belongs to, or the paper's contribution.

        A named Model before the figure (not after a baseline cue such as "than"), a
        proposed or sentence-leading Method; after "we"/"our", only a Model named right
        after it ("our CvT-W24 obtains"); else the contribution."""
        if (baseline := self.baseline_figure(n)) is not None:
            return baseline.name
        before = self.text[: n.start]
        cue = self.cues.baseline_cues.search(before)
        limit = cue.start() if cue else n.start
        own = self.cues.self_reference.search(before)
        heads = self.of_type(EntityType.MODEL, EntityType.METHOD)
        proposed = [
            m
            for m in heads
            if m.proposed
            and m.start < limit
            and not (own and own.start() < m.start and m.start - own.end() > 2)
        ]
        if proposed and not own:
            return proposed[0].name
        for m in heads:
            if m.start >= limit:
                break
            if own and own.start() < m.start:
                close = (
                    (m.type is EntityType.MODEL and self.own_model(own.end(), m))
                    or (m.proposed and _INTRODUCES.fullmatch(self.text[own.end() : m.start]))
                    or (
                        not _MODIFIERS.fullmatch(self.text[own.end() : m.start])
                        and self.clause_subject(m, finite=True)
                    )
                )
                return m.name if close else self.contribution
            if own:
                continue
            if self.dataset_context(m):
                continue
            leading = m.start <= 4 or self.clause_subject(m)
            if m.type is EntityType.MODEL or m.proposed or leading:
                return m.name
        return self.contribution

    def clause_subject(self, m: Mention, finite: bool = False) -> bool:
        """ "X achieves", "X consistently outperforms": the mention is what reports the
        figure; `finite` ("we show that X achieves") rules out "to" and participles."""
        after = _ADVERB.sub("", self.text[m.end : m.end + 40].lstrip(" ,)"), count=1)
        verb = self.cues.result_verbs.match(after)
        if verb is None or _NOUN.match(after):
            return False
        return not finite or (verb.group() != "to" and not verb.group().endswith("ing"))

    def own_model(self, own_end: int, m: Mention) -> bool:
        """ "our CvT-W24", "our sparse pre-trained BERT-Large": a Model named in the noun
        phrase that "our" opens (a few modifiers, no verb or punctuation between)."""
        between = self.text[own_end : m.start]
        return bool(_MODIFIERS.fullmatch(between)) and not self.cues.result_verbs.search(between)

    def dataset_context(self, m: Mention) -> bool:
        """A mention right after "trained on", "on", "using": not what reports the figure."""
        return bool(
            re.search(
                r"\b(?:on|using|with|from|via)\s(?:the\s)?$",
                self.text[max(0, m.start - 20) : m.start],
                re.I,
            )
        )
