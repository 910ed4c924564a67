"""The arXiv API's Atom feed (export.arxiv.org/api/query), read with xml.etree.

Entries are parsed incrementally (iterparse) and cleared once read. For each entry: the
`id` URL gives the arXiv id (version dropped), `summary` the abstract, `published` the
date, `author/name` the authors, and the alternate `link` the url. An entry whose id is
not an arXiv URL keeps that id as its given id. A malformed or truncated feed keeps the
entries before the damage and records one Skip with the line of the error.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.models import Paper, Source
from kg.readers.files import TextFile
from kg.readers.identity import parse_arxiv_id
from kg.readers.records import RecordError, make_paper
from kg.readers.report import ReadReport

ATOM = "{http://www.w3.org/2005/Atom}"


def looks_like_atom(head: str) -> bool:
    return "<feed" in head[:4096] and "http://www.w3.org/2005/Atom" in head[:4096]


def read_atom(src: TextFile, report: ReadReport) -> Iterator[Paper]:
    number = 0
    with open(src.path, "rb") as fh:
        events = ET.iterparse(fh, events=("end",))
        while True:
            try:
                _event, element = next(events)
            except StopIteration:
                return
            except ET.ParseError as exc:
                line, column = exc.position
                detail = f"{_reason(exc)} (column {column}); the rest is not read"
                report.skip(f"{src.where}:{line}", "malformed XML", detail)
                return
            if element.tag != f"{ATOM}entry":
                continue
            number += 1
            source = Source(path=src.where, record=number)
            try:
                yield _entry_paper(element, source)
            except RecordError as exc:
                report.skip(str(source), exc.kind, exc.detail)
            element.clear()


def _reason(exc: ET.ParseError) -> str:
    message = str(exc).split(":", 1)[0]
    return "truncated file" if "no element found" in message else message


def _entry_paper(entry: ET.Element, source: Source) -> Paper:
    entry_id = _text(entry, "id")
    arxiv_id = parse_arxiv_id(entry_id) if entry_id else None
    return make_paper(
        title=_text(entry, "title"),
        abstract=_text(entry, "summary"),
        source=source,
        given_id=None if arxiv_id else entry_id,
        url=_alternate_link(entry) or entry_id,
        arxiv_id=arxiv_id,
        date=_text(entry, "published"),
        authors=[name.text or "" for name in entry.iterfind(f"{ATOM}author/{ATOM}name")],
    )


def _text(entry: ET.Element, tag: str) -> str | None:
    child = entry.find(f"{ATOM}{tag}")
    return None if child is None else "".join(child.itertext())


def _alternate_link(entry: ET.Element) -> str | None:
    for link in entry.iterfind(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None
