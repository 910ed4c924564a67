"""CSV and TSV readers: a header row, then one record per row (the csv module).

Column names are matched like JSON field names (case-insensitive; see records.py). A
header without a title column or without an abstract/summary column skips the file. A row
with more cells than the header (an unquoted delimiter, usually) is skipped; a row with
fewer cells reads the missing ones as empty. Each Source is the line the row starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kg.models import Paper, Source
from kg.readers.files import FileProblem, TextFile
from kg.readers.records import FIELDS, RecordError, paper_from_record
from kg.readers.report import ReadReport


def read_csv(src: TextFile, report: ReadReport) -> Iterator[Paper]:
    yield from _read_table(src, report, ",")


def read_tsv(src: TextFile, report: ReadReport) -> Iterator[Paper]:
    yield from _read_table(src, report, "\t")


def _read_table(src: TextFile, report: ReadReport, delimiter: str) -> Iterator[Paper]:
    with src.open_text(newline="") as fh:
        rows = csv.reader(fh, delimiter=delimiter)
        header = _header(rows)
        previous_end = rows.line_num
        while True:
            start = previous_end + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                report.skip(f"{src.where}:{start}", "malformed CSV", str(exc))
                previous_end = rows.line_num
                continue
            previous_end = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            source = Source(path=src.where, line=start)
            if len(row) > len(header):
                detail = f"{len(row)} cells but the header has {len(header)} (unquoted delimiter?)"
                report.skip(str(source), "malformed CSV", detail)
                continue
            try:
                yield paper_from_record(dict(zip(header, row, strict=False)), source)
            except RecordError as exc:
                report.skip(str(source), exc.kind, exc.detail)


def _header(rows: Iterator[list[str]]) -> list[str]:
    try:
        header = [name.strip().lower() for name in next(rows)]
    except StopIteration:
        raise FileProblem("empty file", "no header row") from None
    except csv.Error as exc:
        raise FileProblem("malformed CSV", f"header row: {exc}") from None
    missing = [
        " or ".join(repr(alias) for alias in FIELDS[field])
        for field in ("title", "abstract")
        if not any(alias in header for alias in FIELDS[field])
    ]
    if missing:
        found = ", ".join(repr(name) for name in header[:12])
        detail = f"no {' and no '.join(missing)} column (found {found})"
        raise FileProblem("missing columns", detail)
    return header


def header_has_title(line: str, delimiter: str) -> bool:
    """Content sniffing: does this first line look like a header with a title column?"""
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    return len(cells) > 1 and "title" in {cell.strip().lower() for cell in cells}
