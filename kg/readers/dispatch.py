"""`read_papers`: find the files, pick a reader for each, stream Papers, record skips.

The reader is picked by extension (.txt, .jsonl/.ndjson, .json, .csv, .tsv, .xml/.atom)
and, for .txt files and files with other or no extensions, by content sniffing. Nothing
here raises for bad input: each problem becomes a Skip in the ReadReport and reading
goes on with the next record or file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.models import Paper
from kg.readers.atom import looks_like_atom, read_atom
from kg.readers.csv_records import header_has_title, read_csv, read_tsv
from kg.readers.files import FileProblem, TextFile, iter_input_files, scan_file
from kg.readers.hf_pages import looks_like_hf_page, read_hf_page
from kg.readers.json_records import read_json, read_jsonl
from kg.readers.report import ReadReport

Reader = Callable[[TextFile, ReadReport], Iterator[Paper]]

READERS: dict[str, Reader] = {
    "hf-page": read_hf_page,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_tsv,
    "atom": read_atom,
}
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xml": "atom",
    ".atom": "atom",
}
TEXT_EXTENSIONS = {".txt", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED = "a Hugging Face papers page saved as text, JSONL, JSON, CSV, TSV or an arXiv Atom feed"


def read_papers(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    report: ReadReport | None = None,
) -> Iterator[Paper]:
    """Stream the papers in files and directories (recursively, sorted by name).

    One Paper per entry read, in input order; duplicates are not merged here (see
    `merge_papers`). Bad files and records become Skips in `report`, which is complete
    once the iterator is exhausted. Never raises for bad input.
    """
    report = report if report is not None else ReadReport()
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for path in iter_input_files(paths, report):
        yield from read_file(path, report)


def read_file(path: Path, report: ReadReport) -> Iterator[Paper]:
    """Stream the papers of one file; a file that cannot be read becomes one Skip."""
    where = str(path)
    try:
        src, note = scan_file(path)
        reader = READERS[detect_format(path, src.head)]
    except FileProblem as problem:
        report.skip(where, problem.kind, problem.detail)
        return
    if note:
        report.note(where, note)
    report.files_read += 1
    try:
        for paper in reader(src, report):
            report.entries += 1
            yield paper
    except FileProblem as problem:
        report.skip(where, problem.kind, problem.detail)
    except (OSError, UnicodeError) as exc:  # e.g. the file changed while it was read
        report.skip(where, "unreadable file", str(exc))


def detect_format(path: Path, head: str) -> str:
    """The reader for a file, by extension and content; FileProblem when there is none."""
    ext = path.suffix.lower()
    start = head.lstrip()[:1024].lower()
    html_tags = ("<!doctype html", "<html", "<head", "<body")
    if ext in HTML_EXTENSIONS or (start.startswith("<") and any(t in start for t in html_tags)):
        raise FileProblem(
            "HTML instead of text",
            "save the page as text (select all, copy, paste into a .txt file) "
            "or export the papers as JSONL",
        )
    if ext in EXTENSIONS:
        fmt = EXTENSIONS[ext]
        if fmt == "atom" and not looks_like_atom(head):
            raise FileProblem("unknown format", "an XML file that is not an Atom feed")
        return fmt
    sniffed = sniff_format(head)
    if sniffed is not None:
        return sniffed
    if ext in TEXT_EXTENSIONS:
        return "hf-page"
    raise FileProblem(
        "unknown format",
        f"{'extension ' + repr(ext) if ext else 'no extension'} and the content is not {SUPPORTED}",
    )


def sniff_format(head: str) -> str | None:
    """Recognise a format from the first characters of a file, or None."""
    text = head.lstrip()
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        try:
            is_object_line = isinstance(json.loads(first_line), dict)
        except (ValueError, RecursionError):
            is_object_line = False
        return "jsonl" if is_object_line else "json"
    if text.startswith("<"):
        return "atom" if looks_like_atom(head) else None
    if "\t" in first_line and header_has_title(first_line, "\t"):
        return "tsv"
    if "," in first_line and header_has_title(first_line, ","):
        return "csv"
    return "hf-page" if looks_like_hf_page(head) else None
