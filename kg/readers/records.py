"""Turning one input record (a JSON object, a CSV row, an Atom entry) into a Paper.

Field names are matched case-insensitively: `title`; `abstract` or `summary`; optional
`id`, `url` (or `link`), `arxiv_id` (or `arxiv`), `date` (or `published`), `authors`
(a list of strings, or one string separated by ";" or ","). A record with a missing or
wrongly typed field is not guessed at: it raises RecordError, which the reader records
as a Skip with the record's location.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kg.models import Paper, Source
from kg.readers.identity import decode_entities, normalize_space, paper_id, parse_arxiv_id

MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 100_000

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "abstract": ("abstract", "summary"),
    "id": ("id",),
    "url": ("url", "link"),
    "arxiv_id": ("arxiv_id", "arxiv", "arxivid"),
    "date": ("date", "published"),
    "authors": ("authors", "author"),
}


class RecordError(Exception):
    """One record cannot become a Paper; `kind` is the summary category."""

    def __init__(self, kind: str, detail: str | None = None):
        super().__init__(kind if detail is None else f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def paper_from_record(record: Mapping[object, object], source: Source) -> Paper:
    """Build a Paper from one record's fields, or raise RecordError."""
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    found = {name: _first(fields, aliases) for name, aliases in FIELDS.items()}
    given_id = found["id"]
    if isinstance(given_id, int) and not isinstance(given_id, bool):
        given_id = str(given_id)
    date = found["date"]
    if isinstance(date, int) and not isinstance(date, bool):
        date = str(date)
    return make_paper(
        title=_string(found["title"], "title"),
        abstract=_string(found["abstract"], "abstract"),
        source=source,
        given_id=_string(given_id, "id"),
        url=_string(found["url"], "url"),
        arxiv_id=_string(found["arxiv_id"], "arxiv_id"),
        date=_string(date, "date"),
        authors=_authors(found["authors"]),
    )


def make_paper(
    *,
    title: str | None,
    abstract: str | None,
    source: Source,
    given_id: str | None = None,
    url: str | None = None,
    arxiv_id: str | None = None,
    date: str | None = None,
    authors: Iterable[str] = (),
) -> Paper:
    """Normalize whitespace, check the required fields and limits, and assign the id."""
    title = normalize_space(decode_entities(title or ""))
    abstract = normalize_space(decode_entities(abstract or ""))
    if not title and not abstract:
        raise RecordError("missing title and abstract")
    if not title:
        raise RecordError("missing title", f"abstract starts {abstract[:60]!r}")
    if not abstract:
        raise RecordError("missing abstract", f"title {title[:80]!r}")
    if len(title) > MAX_TITLE_CHARS:
        limit = MAX_TITLE_CHARS
        raise RecordError("too long", f"title of {len(title):,} characters (limit {limit:,})")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        limit = MAX_ABSTRACT_CHARS
        raise RecordError("too long", f"abstract of {len(abstract):,} characters (limit {limit:,})")
    url = normalize_space(url or "") or None
    arxiv = _arxiv(arxiv_id, url)
    given = normalize_space(given_id or "") or None
    return Paper(
        id=paper_id(title, arxiv_id=arxiv, given_id=given),
        title=title,
        abstract=abstract,
        url=url,
        arxiv_id=arxiv,
        date=normalize_space(date or "") or None,
        authors=[name for name in (normalize_space(a) for a in authors) if name],
        sources=[source],
    )


def _arxiv(arxiv_id: str | None, url: str | None) -> str | None:
    if arxiv_id and arxiv_id.strip():
        parsed = parse_arxiv_id(arxiv_id)
        if parsed is None:
            raise RecordError("invalid arXiv id", f"{arxiv_id[:60]!r}")
        return parsed
    return parse_arxiv_id(url) if url else None


def _first(fields: Mapping[str, object], aliases: tuple[str, ...]) -> object:
    for alias in aliases:
        value = fields.get(alias)
        if value is not None:
            return value
    return None


def _string(value: object, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise RecordError("wrong field type", f"{field!r} is {type_name(value)}, expected a string")


def _authors(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        separator = r"\s*;\s*" if ";" in value else r"\s*,\s*|\s+and\s+"
        return re.split(separator, value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    expected = "expected a string or a list of strings"
    raise RecordError("wrong field type", f"'authors' is {type_name(value)}, {expected}")
