"""Finding input files and checking that each is readable text, before any parsing.

`scan_file` reads a file once in binary chunks (constant memory) to decide, for the whole
file, whether it is empty, binary or text and in which encoding:

* UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM are read as such.
* Text that is not valid UTF-8 is read as Windows-1252 (falling back to Latin-1 for the
  five bytes Windows-1252 leaves undefined). Every byte decodes that way, so nothing is
  skipped, but the file gets a note ("not UTF-8 ... read as Windows-1252") that the CLI
  prints as a warning, because accents may come out wrong if the file used another code page.
* NUL bytes, or more than 1% control characters, mean a binary file: skipped.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.readers.report import ReadReport

CHUNK = 1 << 20
HEAD_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text (tab, newlines, form feed and ESC excluded).
_CONTROL_BYTES = bytes([*range(1, 9), 11, *range(14, 27), *range(28, 32), 127])


class FileProblem(Exception):
    """A whole file cannot be read; `kind` is the summary category."""

    def __init__(self, kind: str, detail: str | None = None):
        super().__init__(kind if detail is None else f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class TextFile:
    """A file found to be text: how to open it, and its first characters for sniffing."""

    path: Path
    where: str  # the path as shown in messages and Sources
    encoding: str
    head: str

    def open_text(self, newline: str | None = None) -> IO[str]:
        return open(self.path, encoding=self.encoding, errors="strict", newline=newline)


def iter_input_files(paths: Iterable[str | os.PathLike[str]], report: ReadReport) -> Iterator[Path]:
    """Each given file, and the files under each given directory (recursively, sorted).

    Inside directories, hidden entries (names starting with ".") are not read and
    symbolic links to directories are not followed (no loops); a file named on the
    command line is always read.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _walk(path, report):
                found = True
                yield file
            if not found:
                report.skip(str(path), "no input files", "the directory holds no files to read")
        elif path.is_symlink() and not path.exists():
            report.skip(str(path), "unreadable file", "broken symbolic link")
        elif not path.exists():
            report.skip(str(path), "unreadable file", "no such file or directory")
        else:
            yield path


def _walk(directory: Path, report: ReadReport) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except PermissionError:
        report.skip(str(directory), "unreadable directory", "permission denied")
        return
    except OSError as exc:
        report.skip(str(directory), "unreadable directory", exc.strerror or str(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), report)
        else:
            yield Path(entry.path)


def scan_file(path: Path) -> tuple[TextFile, str | None]:
    """Check one file; return it as text plus an optional note, or raise FileProblem."""
    _check_regular(path)
    try:
        with open(path, "rb") as fh:
            first = fh.read(CHUNK)
            encoding = next((enc for bom, enc in _BOMS if first.startswith(bom)), "utf-8")
            if encoding == "utf-8":
                encoding, note = _scan_plain(fh, first)
            else:
                _scan_bom(fh, first, encoding)
                note = None
    except PermissionError:
        raise FileProblem("unreadable file", "permission denied") from None
    except OSError as exc:
        raise FileProblem("unreadable file", exc.strerror or str(exc)) from None
    head = codecs.decode(first[:HEAD_BYTES], encoding, errors="replace")
    if not head.strip():
        raise FileProblem("empty file", "nothing but whitespace" if first else "0 bytes")
    return TextFile(path=path, where=str(path), encoding=encoding, head=head), note


def _check_regular(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        detail = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        raise FileProblem("unreadable file", detail) from None
    except OSError as exc:
        raise FileProblem("unreadable file", exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise FileProblem("not a regular file", "a link to a directory (not followed)")
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket or device"
        raise FileProblem("not a regular file", f"{kind}, not a file")


def _scan_plain(fh: IO[bytes], first: bytes) -> tuple[str, str | None]:
    """Binary check and UTF-8 validation of a file without BOM; may pick Windows-1252."""
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    cp1252_ok = True
    bad_line: int | None = None
    lines = 0
    size = controls = 0
    chunk = first
    while chunk:
        if b"\x00" in chunk:
            raise FileProblem("binary file", "contains NUL bytes")
        size += len(chunk)
        controls += len(chunk) - len(chunk.translate(None, _CONTROL_BYTES))
        if bad_line is None:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_line = lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
        if cp1252_ok:
            cp1252_ok = _decodes(chunk, "cp1252")
        lines += chunk.count(b"\n")
        chunk = fh.read(CHUNK)
    if controls * 100 > size:
        raise FileProblem("binary file", f"{controls} control characters in {size} bytes")
    if bad_line is None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_line = lines + 1
    if bad_line is None:
        return "utf-8", None
    encoding = "cp1252" if cp1252_ok else "latin-1"
    name = "Windows-1252" if cp1252_ok else "Latin-1"
    return encoding, f"not UTF-8 (first invalid byte on line {bad_line}); read as {name}"


def _decodes(chunk: bytes, encoding: str) -> bool:
    try:
        chunk.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _scan_bom(fh: IO[bytes], first: bytes, encoding: str) -> None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    chunk = first
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = fh.read(CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        detail = f"starts with a {encoding} BOM but {exc.reason}"
        raise FileProblem("undecodable text", detail) from None
