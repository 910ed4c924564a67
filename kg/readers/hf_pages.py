"""Hugging Face papers listing pages saved as text (select all, copy, paste).

A page is page chrome ("new", "Subscribe", "Daily Papers", "byAK and the research
community", a date such as "Mar 18", ...) followed by entries: a title line, then an
abstract line, with or without blank lines between them. When the page was copied,
"Subscribe" often ends up glued to the first title ("SubscribeXLM-T: ..."); that prefix
is removed. Each Paper's Source is the file and the line of its title.

The file is read line by line with one line of look-ahead, so memory does not grow with
the file. A title that is followed by another title (or by the end of the file) is
skipped as "title without abstract"; a long line where a title belongs is skipped as
"text without a title".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kg.models import Paper, Source
from kg.readers.files import TextFile
from kg.readers.identity import normalize_space
from kg.readers.records import RecordError, make_paper
from kg.readers.report import ReadReport

# Whole lines of page chrome, compared after whitespace normalization.
CHROME_LINES = frozenset(
    {
        "new",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "by AK and the research community",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Previous",
        "Next",
        "Upvote",
        "Submitted by",
        "Search",
        "Papers",
        "Trending",
        "Collections",
    }
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
CHROME_PATTERN = re.compile(
    rf"^(?:(?:Published on |Submitted on )?{_MONTH} \d{{1,2}}(?:,? \d{{4}})?"  # Mar 18, 2024
    r"|\d{4}-\d{2}-\d{2}"  # 2024-03-18
    r"|Submitted by \S{1,40}"  # the submitter's user name
    r"|(?:· )?\d+ authors?"
    r"|[\d.,]+k?"  # upvote and comment counts
    r"|[·•|\-–—]+)$",
    re.IGNORECASE,
)
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[^\sa-z])")
MAX_TITLE_LINE = 300  # HF titles are far shorter; abstracts far longer
Line = tuple[int, str]  # (line number, normalized text)
CHROME_HINTS = ("Get trending papers", "byAK and the research community", "Daily Papers")


def is_chrome(line: str) -> bool:
    return line in CHROME_LINES or CHROME_PATTERN.match(line) is not None


def looks_like_hf_page(head: str) -> bool:
    """Content sniffing: page chrome near the top, or a title line then an abstract line."""
    if any(hint in head[:4096] for hint in CHROME_HINTS):
        return True
    content = list(_content_lines(head.splitlines()[:50]))[:2]
    return len(content) == 2 and len(content[0][1]) <= MAX_TITLE_LINE and len(content[1][1]) >= 100


def read_hf_page(src: TextFile, report: ReadReport) -> Iterator[Paper]:
    with src.open_text() as fh:
        for (title_line, title), (_, abstract) in _entries(fh, src.where, report):
            try:
                yield make_paper(
                    title=title, abstract=abstract, source=Source(path=src.where, line=title_line)
                )
            except RecordError as exc:
                report.skip(f"{src.where}:{title_line}", exc.kind, exc.detail)


def _content_lines(lines: Iterable[str]) -> Iterator[Line]:
    for number, raw in enumerate(lines, 1):
        line = _GLUED_SUBSCRIBE.sub("", normalize_space(raw))
        if line and not is_chrome(line):
            yield number, line


def _with_next(lines: Iterator[Line]) -> Iterator[tuple[Line, Line | None]]:
    previous: Line | None = None
    for line in lines:
        if previous is not None:
            yield previous, line
        previous = line
    if previous is not None:
        yield previous, None


def _title_like(text: str) -> bool:
    return len(text) <= MAX_TITLE_LINE and not text.endswith(".")


def _abstract_like(text: str) -> bool:
    return len(text) > MAX_TITLE_LINE or text.endswith(".")


def _entries(fh: Iterable[str], where: str, report: ReadReport) -> Iterator[tuple[Line, Line]]:
    """Pair title lines with abstract lines; record what cannot be paired."""
    pending: Line | None = None
    for line, following in _with_next(_content_lines(fh)):
        number, text = line
        if pending is None:
            if len(text) <= MAX_TITLE_LINE:
                pending = line
            else:
                report.skip(
                    f"{where}:{number}",
                    "text without a title",
                    f"a {len(text):,}-character line where a title was expected",
                )
        elif _title_like(text) and following is not None and _abstract_like(following[1]):
            _skip_lonely_title(pending, where, report, "another title follows")
            pending = line
        else:
            yield pending, line
            pending = None
    if pending is not None:
        _skip_lonely_title(pending, where, report, "the file ends after it (truncated?)")


def _skip_lonely_title(title: Line, where: str, report: ReadReport, why: str) -> None:
    number, text = title
    report.skip(f"{where}:{number}", "title without abstract", f"{text[:80]!r}; {why}")
