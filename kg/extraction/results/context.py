"""What a figure of one sentence is about, beside who reports it: the nearest mention of
a type (datasets, tasks), lists paired in order ("respectively", "1.9%/2.5%"), and the
baseline a relative figure is measured against. `SentenceResults` (finder.py) builds on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extraction.results.cues import ResultCues
from kg.extraction.results.numbers import Number
from kg.types import EntityType

CLAUSE = re.compile(r"[;:]|,\s(?:and|but|while|whereas|which)\b")
LIST_GAP = re.compile(r"\s?(?:,|/|,?\s(?:and|or))\s?")
OPEN = re.compile(r"\s?\(\s?(?:e\.g\.,?\s|about\s|up to\s|over\s)?")
FIGURE_BEFORE = re.compile(r"\d[^,;:]*$")


_COMPARATIVE_HEAD = re.compile(
    r"^(?:superior|higher|better|improved|lower|inferior|relative|absolute)\s+(?=\S)", re.I
)
_GENERIC_TAIL = re.compile(
    r"(?<=\S)\s+(?:dataset|data set|benchmark|corpus|test set|score|metric|measure)s?$", re.I
)


def short_name(name: str | None) -> str | None:
    """ "CoNLL-2003 dataset" -> "CoNLL-2003", "F1 score" -> "F1" (the gold's short forms);
    a lowercase name keeps its head word ("error rate", "f-score")."""
    if not name:
        return name
    name = name.lstrip("% ") or name  # "% test accuracy"
    name = _COMPARATIVE_HEAD.sub("", name)  # "1.8% superior accuracy": the metric is accuracy
    short = _GENERIC_TAIL.sub("", name)
    return short if short != name and any(c.isupper() or c.isdigit() for c in short) else name


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into the sentence
    end: int
    type: EntityType
    name: str  # canonical entity name
    proposed: bool = False


class SentenceContext:
    """A sentence, its typed mentions and the cue book."""

    def __init__(self, text: str, mentions: list[Mention], cues: ResultCues):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.cues = cues

    def of_type(self, *types: EntityType) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]

    def unnamed(self, start: int, end: int) -> str:
        """The text between two offsets with the mentions in it blanked ("exact match" is
        a name, not the verb "match")."""
        chars = list(self.text[start:end])
        for m in self.mentions:
            for i in range(max(m.start, start), min(m.end, end)):
                chars[i - start] = " "
        return "".join(chars)

    def slashed(self, results: list[Number]) -> list[list[Number]]:
        """Figures written as one slash list ("1.9%/2.5%"), two or more each."""
        groups: list[list[Number]] = []
        for n in results:
            if groups and self.text[groups[-1][-1].end : n.start] == "/":
                groups[-1].append(n)
            else:
                groups.append([n])
        return [g for g in groups if len(g) > 1]

    def pair_run(self, group: list[Number], etype: EntityType, after: bool) -> dict[int, str]:
        """A slash list of figures paired in order with a list of as many mentions ("GLUE
        and SNI") named after it (`after`), or before it and before any baseline cue."""
        found = self.of_type(etype)
        cue = self.cues.baseline_cues.search(self.text[: group[0].start])
        limit = cue.start() if cue and not after else group[0].start
        starts = range(len(found) - len(group) + 1)
        for i in starts if after else reversed(starts):  # the nearest list
            run = found[i : i + len(group)]
            if (after and run[0].start < group[-1].end) or (not after and run[-1].end > limit):
                continue
            gaps = (self.text[a.end : b.start] for a, b in zip(run, run[1:], strict=False))
            if all(LIST_GAP.fullmatch(gap) for gap in gaps):
                return {id(n): m.name for n, m in zip(group, run, strict=True)}
        return {}

    def nearest(self, n: Number, etype: EntityType) -> str | None:
        """The first mention of the type after the figure, else the nearest one before;
        a figure in parentheses right after a mention ("reading comprehension (+15%)")
        belongs to that mention."""
        found = self.of_type(etype)
        glued = [
            m for m in found if m.end <= n.start and OPEN.fullmatch(self.text[m.end : n.start])
        ]
        if glued:
            return glued[-1].name
        after = [
            m for m in found if m.start >= n.end and not CLAUSE.search(self.text[n.end : m.start])
        ]
        before = [m for m in found if m.end <= n.start]
        if after and not (before and "," in self.text[n.end : after[0].start]):
            return after[0].name  # "on COCO with 58.0% PQ, Cityscapes with ...": COCO
        if not before:
            return None
        i = len(before) - 1  # "on GLUE and SQuAD tasks ... 4.5%": the first one named
        while (
            i > 0
            and LIST_GAP.fullmatch(self.text[before[i - 1].end : before[i].start])
            and not FIGURE_BEFORE.search(
                self.text[max(0, before[i - 1].start - 30) : before[i - 1].start]
            )
        ):
            i -= 1  # not back to a dataset an earlier figure claims ("58.0% PQ on COCO")
        return before[i].name

    def respectively(
        self, results: list[Number], kinds: dict[int, str], etype: EntityType = EntityType.DATASET
    ) -> dict[int, str]:
        """ "... on A and B ... X and Y, respectively": mentions paired with figures in order
        (metrics: those named after the first figure, "6.7% and 3.5% in accuracy and BLEU")."""
        if not results or not self.cues.respectively.search(self.text):
            return {}
        found = self.of_type(etype)
        if etype is EntityType.METRIC:
            found = [m for m in found if m.start >= results[0].end]
        if len(found) < 2:
            return {}
        groups: dict[str, list[Number]] = {}
        for n in results:
            groups.setdefault(kinds[id(n)], []).append(n)
        out = {}
        for group in groups.values():
            if len(group) == len(found):
                out.update({id(n): m.name for n, m in zip(group, found, strict=True)})
        return out

    def baseline(self, n: Number) -> str | None:
        """What a relative figure is measured against: of the baselines the sentence names
        (a system after "than/over/compared to", "state-of-the-art", "teacher",
        "baseline"), the one nearest to the figure."""
        found: list[tuple[int, str]] = []
        for cue in self.cues.baseline_cues.finditer(self.text):
            after = [
                m
                for m in self.of_type(EntityType.MODEL, EntityType.METHOD)
                if m.start >= cue.end()
                and not m.proposed
                and not re.search(r"[;.]", self.text[cue.end() : m.start])
                and m.start - cue.end() < 40
            ]
            if after:
                name = after[0].name
                if self.cues.baseline_words[0][1].search(self.text[cue.end() : after[0].start]):
                    name = self.cues.baseline_words[0][0]  # "the prior state-of-the-art X"
                found.append((self.span_distance(n, cue.start(), after[0].end), name))
        for name, pattern in self.cues.baseline_words:
            for word in pattern.finditer(self.text):
                found.append((self.span_distance(n, word.start(), word.end()), name))
        return min(found)[1] if found else None

    @staticmethod
    def span_distance(n: Number, start: int, end: int) -> int:
        return start - n.end if start >= n.end else max(0, n.start - end)
