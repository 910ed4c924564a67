"""JSON Lines and JSON readers.

JSONL: one record (a JSON object) per line, read line by line. JSON: an array of records,
an object with the list under "papers" or "records", or a single record object. Arrays
are decoded item by item, so a truncated or broken array still yields the records before
the damage, and each record's Source carries its line and record number. A .json file is
decoded in memory as a whole (one file at a time); use JSONL for very large inputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from kg.models import Paper, Source
from kg.readers.files import FileProblem, TextFile
from kg.readers.records import RecordError, paper_from_record, type_name
from kg.readers.report import ReadReport

LIST_KEYS = ("papers", "records")
_decoder = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def read_jsonl(src: TextFile, report: ReadReport) -> Iterator[Paper]:
    with src.open_text() as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{src.where}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                report.skip(where, "malformed JSON", f"{exc.msg} (column {exc.colno})")
                continue
            except RecursionError:
                report.skip(where, "malformed JSON", "nested too deeply")
                continue
            paper = _paper(record, Source(path=src.where, line=number), report)
            if paper is not None:
                yield paper


def read_json(src: TextFile, report: ReadReport) -> Iterator[Paper]:
    with src.open_text() as fh:
        text = fh.read()
    start = _skip_space(text, 0)
    if text.startswith("[", start):
        yield from _read_array(text, start + 1, src.where, report)
        return
    try:
        document, end = _decoder.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise FileProblem("malformed JSON", detail) from None
    except RecursionError:
        raise FileProblem("malformed JSON", "nested too deeply") from None
    if _skip_space(text, end) < len(text):
        # More values after the first: this is JSON Lines with a .json name.
        yield from read_jsonl(src, report)
        return
    yield from _read_document(document, src.where, report)


def _read_document(document: object, where: str, report: ReadReport) -> Iterator[Paper]:
    if isinstance(document, dict):
        key = next((k for k in LIST_KEYS if isinstance(document.get(k), list)), None)
        if key is None:
            paper = _paper(document, Source(path=where, record=1), report)
            if paper is not None:
                yield paper
            return
        for number, record in enumerate(document[key], 1):
            paper = _paper(record, Source(path=where, record=number), report)
            if paper is not None:
                yield paper
        return
    raise FileProblem(
        "not a list of records",
        f"the JSON document is {type_name(document)}; expected an array of records "
        "or an object with the list under 'papers' or 'records'",
    )


def _read_array(text: str, pos: int, where: str, report: ReadReport) -> Iterator[Paper]:
    line, counted = 1, 0
    number = 0
    while True:
        pos = _skip_space(text, pos)
        if text.startswith("]", pos):
            break
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            record, pos = _decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError) as exc:
            _skip_broken(exc, where, line, report)
            return
        number += 1
        paper = _paper(record, Source(path=where, line=line, record=number), report)
        if paper is not None:
            yield paper
        pos = _skip_space(text, pos)
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            line += text.count("\n", counted, pos)
            counted = pos
            report.skip(f"{where}:{line}", "malformed JSON", _array_end_problem(text, pos))
            return
    if _skip_space(text, pos + 1) < len(text):
        report.skip(where, "malformed JSON", "extra data after the closing ']'")


def _array_end_problem(text: str, pos: int) -> str:
    if pos >= len(text):
        return "the array is not closed (truncated file?)"
    return f"expected ',' or ']' after a record, found {text[pos]!r}"


def _skip_broken(exc: Exception, where: str, line: int, report: ReadReport) -> None:
    if isinstance(exc, json.JSONDecodeError):
        truncated = exc.msg.startswith("Unterminated") or exc.pos >= len(exc.doc.rstrip())
        detail = f"{exc.msg} (column {exc.colno})" + ("; truncated file?" if truncated else "")
        report.skip(f"{where}:{exc.lineno}", "malformed JSON", detail + "; the rest is not read")
    else:
        report.skip(f"{where}:{line}", "malformed JSON", "nested too deeply; the rest is not read")


def _paper(record: object, source: Source, report: ReadReport) -> Paper | None:
    if not isinstance(record, dict):
        report.skip(str(source), "not a record", f"{type_name(record)}, expected a JSON object")
        return None
    try:
        return paper_from_record(record, source)
    except RecordError as exc:
        report.skip(str(source), exc.kind, exc.detail)
        return None


def _skip_space(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # always matches
