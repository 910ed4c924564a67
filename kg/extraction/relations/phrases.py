"""Cue phrases: their syntax, and a scanner that finds them quickly in sentence text.

A list of phrases compiles to one regular expression, `(?<![\\w-])(?:W1|W2|...)|O1|...`
(the phrases that start with a word character must start a word; longest first). Python's
`re` cannot skip ahead for a pattern that opens with a look-behind: it runs the pattern at
every character, which made cue scanning the relation component's main cost. `Phrases`
finds the same matches with `[^\\w-](W1|W2|...)`, whose first character class lets `re`
skip to the few candidate positions, the word phrases grouped by first letter. Results
are identical, match for match (tests/test_extraction_relations.py checks this).
"""

from __future__ import annotations

import re
from itertools import groupby

from kg.errors import ConfigError

_Hit = tuple[int, int, str]  # (start, end, matched text), character offsets
_SHORT = 48  # below this length the plain pattern is as fast as the scanner


def phrase_regex(phrase: str, bounded: bool = True) -> str:
    """Regex source for one cue phrase (see the syntax in the JSON file's `_about`)."""
    words = []
    for word in phrase.split():
        star = word.endswith("*")
        parts = [re.escape(p) for p in word.rstrip("*").split("-")]
        src = r"[-\s]?".join(parts) + (r"[\w-]*" if star else "")
        words.append(src)
    body = r"\s+".join(words)
    start = r"(?<![\w-])" if bounded and re.match(r"\w", phrase) else ""
    end = r"(?![\w])" if re.search(r"[\w*]$", phrase) else ""
    return start + body + end


def _by_first_letter(sources: list[str]) -> str:
    """`W1|W2|...` regrouped as `a(?:...)|b(?:...)`: at one position only the phrases that
    start with its letter can match, so regrouping keeps which phrase wins (their order
    within a group is kept). Left as it is when some source does not open with a letter."""
    if not all(re.match(r"\w[^*+?{]", s + " ") for s in sources):
        return "|".join(sources)
    first = {s[0]: i for i, s in reversed(list(enumerate(sources)))}
    ordered = sorted(sources, key=lambda s: first[s[0]])  # stable: order kept in a group
    return "|".join(
        f"{letter}(?:{'|'.join(s[1:] for s in group)})"
        for letter, group in groupby(ordered, key=lambda s: s[0])
    )


class Phrases:
    """A compiled list of cue phrases, matched against lower-cased text.

    `regex` is the plain pattern; `spans`, `first` and `found` give what its `finditer`
    and `search` would, faster on sentence-length text.
    """

    __slots__ = ("regex", "_at_start", "_after", "_others", "_plain")

    def __init__(self, words: list[str], others: list[str]):
        parts = ([r"(?<![\w-])(?:" + "|".join(words) + ")"] if words else []) + others
        self.regex = re.compile("|".join(parts) if parts else r"(?!)")
        grouped = _by_first_letter(words) if words else None
        self._at_start = re.compile(f"(?:{grouped})") if grouped else None
        self._after = re.compile(rf"[^\w-]({grouped})") if grouped else None
        self._others = re.compile("|".join(others)) if others else None
        # a phrase that can match the empty string: leave the edge cases to `re`
        self._plain = not parts or self.regex.search("") is not None

    def _next_word(self, text: str, pos: int) -> _Hit | None:
        """The first word-phrase match starting at or after `pos`."""
        if self._after is None:
            return None
        if pos == 0:
            m = self._at_start.match(text)
            if m:
                return 0, m.end(), m.group()
        m = self._after.search(text, pos - 1 if pos else 0)
        return (m.start(1), m.end(1), m.group(1)) if m else None

    def _next(self, text: str, pos: int) -> _Hit | None:
        """What `regex.search(text, pos)` finds: the leftmost match, a word phrase first."""
        word = self._next_word(text, pos)
        if self._others is None:
            return word
        m = self._others.search(text, pos)
        if m is None or (word is not None and word[0] <= m.start()):
            return word
        return m.start(), m.end(), m.group()

    def spans(self, text: str) -> list[_Hit]:
        """(start, end, text) of every match, as `regex.finditer` gives them."""
        if self._plain or len(text) < _SHORT:
            return [(m.start(), m.end(), m.group()) for m in self.regex.finditer(text)]
        out = []
        hit = self._next(text, 0)
        while hit is not None:
            out.append(hit)
            hit = self._next(text, hit[1])
        return out

    def first(self, text: str) -> str | None:
        """The text of the first match, as `regex.search` finds it."""
        if self._plain or len(text) < _SHORT:
            m = self.regex.search(text)
            return m.group() if m else None
        hit = self._next(text, 0)
        return hit[2] if hit else None

    def found(self, text: str) -> bool:
        return self.first(text) is not None

    def sub(self, replacement: str, text: str) -> str:
        return self.regex.sub(replacement, text)


def compile_phrases(phrases: list[str], where: str, optional: bool = False) -> Phrases:
    """One pattern for a list of cue phrases; an optional list may be empty (never matches)."""
    if optional and isinstance(phrases, list) and not phrases:
        return Phrases([], [])
    if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ConfigError(
            "expected a non-empty list of cue phrases",
            where=where,
            hint="see _about in the cue file",
        )
    longest_first = sorted((p.lower() for p in phrases), key=len, reverse=True)
    words = [phrase_regex(p, bounded=False) for p in longest_first if re.match(r"\w", p)]
    others = [phrase_regex(p) for p in longest_first if not re.match(r"\w", p)]
    return Phrases(words, others)
