"""Numbers as abstracts write them: "86.5%", "3.5×", "+2.65 points", "1.2e-3", "40–60%",
"up to 4x", "18-24%", "4times", "by half", "twice".

`find_numbers(text)` yields every figure with its character span, the value as written
(without sign or unit; a range gives its upper end, as the annotation guidelines ask),
the parsed float and a normalised unit ("%", "x", "points", or a unit word such as "ms").
What is not a figure of its own is skipped here already: digits glued to letters
("GPT-3", "top-1", "8B", "4-bit"), ratios ("2:4"), and footnote marks. Whether a figure
is a reported *result* is decided by the component (sizes, years, counts are not).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-−]?\d+)?|\.\d+"
_DASH = r"\s?(?:-|–|—|to|~)\s?"
_UNIT = (
    r"\\?%|\s?percent(?:age points?)?\b|\s?pp\b|\s?p\.p\.|[x×X](?![A-Za-z0-9])|"
    r"[- ]?times?\b(?!\s?\d)|[- ]?fold\b|\s?(?:absolute\s)?points?\b|\s?ms\b|\s?GB\b|\s?MB\b"
)
NUMBER = re.compile(
    rf"(?P<sign>[+±~≈<>]|\bsim(?=\d)|\bup to |\bover |\bby |\bmore than |\babout |\baround "
    rf"|(?P<between>\bbetween ))?"
    rf"(?:(?<=\bsim)|(?<![\w.\-:^{{]))(?<![A-Za-z]/)(?P<low>{_NUM})"
    rf"(?:\s?(?P<lowunit>\\?%|[x×]))?"
    rf"(?:(?P<dash>(?(between)\s(?:and|to)\s|{_DASH}))(?P<high>{_NUM}))?"
    rf"(?:(?P<pct>\\?%)|(?P<unit>{_UNIT})?(?![\w:]|\.\d|-(?:bit|layer|shot|[A-Za-z])))",
)
"""A figure: "sim2.4" is a LaTeX "\\sim" lost in conversion; "between 0.6 and 0.8" a range."""
_SIGNS = {"sim": "~", "between": ""}
_WORDS = {
    "half": ("50", 50.0, "%"),
    "twice": ("2", 2.0, "x"),
    "double": ("2", 2.0, "x"),
    "doubles": ("2", 2.0, "x"),
    "triple": ("3", 3.0, "x"),
    "triples": ("3", 3.0, "x"),
}
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
"""Numbers written as words, the one table of the project (questions read it too)."""

_TIMES = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")  # "four times"
_WORDS.update({f"{w} times": (str(NUMBER_WORDS[w]), float(NUMBER_WORDS[w]), "x") for w in _TIMES})
WORD_NUMBER = re.compile(
    r"\b(?:by |in )?(half|twice|double|doubles|triple|triples|"
    rf"(?:{'|'.join(_TIMES)}) times)\b",
    re.I,
)
_UNIT_NAMES = {
    "%": "%",
    "percent": "%",
    "pp": "points",
    "p.p.": "points",
    "x": "x",
    "×": "x",
    "X": "x",
    "time": "x",
    "times": "x",
    "fold": "x",
    "point": "points",
    "points": "points",
    "ms": "ms",
    "gb": "GB",
    "mb": "MB",
}


@dataclass(frozen=True)
class Number:
    """One figure in a text."""

    start: int  # character span of the whole figure, sign and unit included
    end: int
    value: str  # as written, no sign, no unit, no thousands separators
    number: float
    unit: str | None
    sign: str  # "+", "up to", "by", "~", ... or ""
    ranged: bool = False  # "40-60%", "from 46.6% to 51.4%": the value is the upper end


def parse_value(text: str) -> float | None:
    """The float a number written in an abstract stands for; None if it is none.

    >>> parse_value("1,024"), parse_value("1.2e-3"), parse_value("86.5"), parse_value("x")
    (1024.0, 0.0012, 86.5, None)
    """
    try:
        value = float(text.replace(",", "").replace("−", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def unit_of(text: str | None) -> str | None:
    """Normalised unit: "%", "x", "points", "ms", ...; None for no unit."""
    if not text:
        return None
    word = text.strip(" -\\").lower()
    if word.startswith("percentage point"):
        return "points"
    if word.startswith("absolute"):
        word = word.split()[-1]
    return _UNIT_NAMES.get(word, word or None)


_DIGIT = re.compile(r"\d")
_SIGN_REACH = 12  # a match starts at most this far before its first digit ("more than .5")


def _number_matches(text: str) -> Iterator[re.Match[str]]:
    """`NUMBER.finditer(text)`, ~3x faster: a match holds a digit within `_SIGN_REACH`
    characters of its start, so only the positions just before a digit are tried (the
    regular expression's optional sign group makes the engine try every position)."""
    pos = 0
    digit = _DIGIT.search(text)
    while digit is not None:
        i = digit.start()
        for start in range(max(pos, i - _SIGN_REACH), i + 1):
            m = NUMBER.match(text, start)
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = i + 1
        digit = _DIGIT.search(text, pos)


def _fraction(text: str, m: re.Match[str]) -> bool:
    """ "1/3", "2/3", "FABP5/11": whole numbers on either side of a slash are a fraction
    or a label, no figure ("65.3/66.5" is a list of two figures)."""
    low, start, end = m.group("low"), m.start("low"), m.end("low")
    if "." in low:
        return False
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[1] == "/" and before[0].isdigit()) or (
        len(after) == 2 and after[0] == "/" and after[1].isdigit()
    )


def find_numbers(text: str) -> Iterator[Number]:
    """Every figure in `text`, in order (word figures such as "half" included)."""
    found: list[Number] = []
    for m in _number_matches(text):
        if _fraction(text, m):
            continue
        raw = m.group("high") or m.group("low")
        value = parse_value(raw)
        if value is None:
            continue
        unit = unit_of(m.group("pct") or m.group("unit") or m.group("lowunit"))
        if m.group("high") and m.group("dash").strip() == "~" and not m.group("lowunit"):
            continue  # "~" before a number is its approximate sign; "0.04% ~ 3%" is a range
        sign = _SIGNS.get((m.group("sign") or "").strip(), (m.group("sign") or "").strip())
        start = m.start("sign") if m.group("sign") else m.start("low")
        found.append(
            Number(start, m.end(), raw.replace(",", ""), value, unit, sign, bool(m.group("high")))
        )
    for m in WORD_NUMBER.finditer(text):
        written, number, unit = _WORDS[" ".join(m.group(1).lower().split())]
        found.append(Number(m.start(), m.end(), written, number, unit, "word"))
    yield from sorted(found, key=lambda n: n.start)
