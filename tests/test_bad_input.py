"""Bad input: each case gets one clear Skip with its location; good records still go through.

The corpus is made by the tests in tmp_path. `kg papers` over it never shows a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli._common import EXIT_SKIPPED
from kg.readers import ReadReport, merge_papers, read_papers

TITLE = "Pruning Transformers"
ABSTRACT = (
    "We propose a method that compresses large transformer models with structured pruning. "
    "Experiments on GLUE show that it keeps accuracy while removing most of the weights."
)
GOOD_PAGE = f"{TITLE}\n{ABSTRACT}\n"


def record(**fields: object) -> str:
    return json.dumps({"title": TITLE, "abstract": ABSTRACT} | fields)


def read(*paths: Path) -> tuple[list, ReadReport]:
    report = ReadReport()
    return list(read_papers(list(paths), report)), report


def skips(report: ReadReport) -> list[tuple[str, str]]:
    """(where, kind) of every skip; the kind is the reason up to its first colon."""
    return [(s.where, s.reason.split(":")[0]) for s in report.skips]


def test_empty_and_whitespace_only_files(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.jsonl").write_text("  \n\n\t\n")
    papers, report = read(tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert papers == []
    assert skips(report) == [
        (f"{tmp_path}/a.txt", "empty file"),
        (f"{tmp_path}/b.jsonl", "empty file"),
    ]
    assert report.skipped_by_kind == {"empty file": 2}


def test_binary_file(tmp_path: Path):
    path = tmp_path / "figure.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    noisy = tmp_path / "noise.csv"
    noisy.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8] * 20) + b"title,abstract\n")
    papers, report = read(path, noisy)
    assert papers == []
    assert skips(report) == [(str(path), "binary file"), (str(noisy), "binary file")]


def test_latin1_text_is_read_as_windows_1252_with_a_note(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes(f"Café Models\n{ABSTRACT} Naïve “quotes”.\n".encode("cp1252"))
    undefined = tmp_path / "undefined.txt"  # 0x81 is undefined in Windows-1252
    undefined.write_bytes(b"Title \x81\xe9\n" + ABSTRACT.encode())
    papers, report = read(path, undefined)
    assert [p.title for p in papers] == ["Café Models", "Title \x81é"]
    assert papers[0].abstract.endswith("Naïve “quotes”.")
    assert report.skips == []
    assert [(n.where, n.message) for n in report.notes] == [
        (str(path), "not UTF-8 (first invalid byte on line 1); read as Windows-1252"),
        (str(undefined), "not UTF-8 (first invalid byte on line 1); read as Latin-1"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_unicode_with_bom_reads_like_utf8(tmp_path: Path, encoding: str):
    text = f"Über Transformers — ein Überblick\n{ABSTRACT}\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    papers, report = read(path)
    assert report.skips == [] and report.notes == []
    assert [(p.title, p.abstract) for p in papers] == [
        ("Über Transformers — ein Überblick", ABSTRACT)
    ]


def test_broken_utf16_is_skipped(tmp_path: Path):
    path = tmp_path / "broken16.txt"
    path.write_bytes("Title\nabstract".encode("utf-16") + b"\x00")  # odd number of bytes
    papers, report = read(path)
    assert papers == []
    assert skips(report) == [(str(path), "undecodable text")]


def test_records_without_title_or_abstract(tmp_path: Path):
    path = tmp_path / "missing.jsonl"
    lines = [
        record(),
        json.dumps({"title": "Only A Title"}),
        json.dumps({"abstract": ABSTRACT}),
        json.dumps({"title": "  ", "abstract": None}),
        record(title="Second Good"),
    ]
    path.write_text("\n".join(lines) + "\n")
    papers, report = read(path)
    assert [p.title for p in papers] == [TITLE, "Second Good"]
    assert skips(report) == [
        (f"{path}:2", "missing abstract"),
        (f"{path}:3", "missing title"),
        (f"{path}:4", "missing title and abstract"),
    ]
    assert "Only A Title" in report.skips[0].reason


def test_malformed_json_lines(tmp_path: Path):
    path = tmp_path / "broken.jsonl"
    path.write_text(
        "\n".join([record(), '{"title": "x", "abstract": ', "[1, 2]", "42", record(title="Later")])
    )
    papers, report = read(path)
    assert [p.title for p in papers] == [TITLE, "Later"]
    assert skips(report) == [
        (f"{path}:2", "malformed JSON"),
        (f"{path}:3", "not a record"),
        (f"{path}:4", "not a record"),
    ]


def test_json_with_wrong_field_types(tmp_path: Path):
    path = tmp_path / "types.json"
    records = [
        {"title": 42, "abstract": ABSTRACT},
        {"title": TITLE, "abstract": ["a", "list"]},
        {"title": TITLE, "abstract": ABSTRACT, "authors": 7},
        {"title": TITLE, "abstract": ABSTRACT, "url": {"href": "x"}},
        {"title": TITLE, "abstract": ABSTRACT, "arxiv_id": "not-an-id"},
        {"title": "Fine", "abstract": ABSTRACT, "authors": ["A. B."]},
    ]
    path.write_text(json.dumps(records, indent=1))
    papers, report = read(path)
    assert [p.title for p in papers] == ["Fine"]
    starts = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == " {"]
    assert [where for where, _ in skips(report)] == [f"{path}:{n}" for n in starts[:5]]
    assert [kind for _, kind in skips(report)] == ["wrong field type"] * 4 + ["invalid arXiv id"]
    assert "'title' is a number, expected a string" in report.skips[0].reason
    assert "'abstract' is a list" in report.skips[1].reason


def test_truncated_json_array_keeps_the_records_before(tmp_path: Path):
    path = tmp_path / "cut.json"
    full = json.dumps([json.loads(record(title=f"Paper {i}")) for i in range(3)], indent=2)
    path.write_text(full[: full.rindex("Paper 2") + 4])
    papers, report = read(path)
    assert [p.title for p in papers] == ["Paper 0", "Paper 1"]
    [(where, kind)] = skips(report)
    assert kind == "malformed JSON" and where.startswith(f"{path}:")
    assert "truncated" in report.skips[0].reason


def test_json_document_that_is_not_records(tmp_path: Path):
    path = tmp_path / "scalar.json"
    path.write_text('"just a string"')
    broken = tmp_path / "broken.json"
    broken.write_text('{"papers": [\n{"title": }]}')
    _, report = read(path, broken)
    assert skips(report) == [(str(path), "not a list of records"), (str(broken), "malformed JSON")]
    assert "line 2" in report.skips[1].reason


def test_csv_with_missing_columns_and_bad_rows(tmp_path: Path):
    no_abstract = tmp_path / "noabstract.csv"
    no_abstract.write_text("title,year\nA Paper,2020\n")
    rows = tmp_path / "rows.csv"
    rows.write_text(
        f'title,abstract\n"{TITLE}","{ABSTRACT}"\nShort Row\na,b,c\n"Good Two","{ABSTRACT}"\n'
    )
    papers, report = read(no_abstract, rows)
    assert [p.title for p in papers] == [TITLE, "Good Two"]
    assert skips(report) == [
        (str(no_abstract), "missing columns"),
        (f"{rows}:3", "missing abstract"),
        (f"{rows}:4", "malformed CSV"),
    ]
    assert "'abstract' or 'summary'" in report.skips[0].reason


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "page.txt",
            "<!DOCTYPE html>\n<html><head><title>Daily Papers</title></head><body></body></html>",
        ),
        ("page.html", "<p>Daily Papers</p>"),
        ("saved", "\n  <html lang='en'><body>Papers</body></html>"),
    ],
)
def test_html_instead_of_text(tmp_path: Path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content)
    papers, report = read(path)
    assert papers == []
    assert skips(report) == [(str(path), "HTML instead of text")]
    assert "save the page as text" in report.skips[0].reason


def test_truncated_text_page(tmp_path: Path):
    path = tmp_path / "cut.txt"
    path.write_text(GOOD_PAGE + "\nQuantized BERT\n")
    papers, report = read(path)
    assert [p.title for p in papers] == [TITLE]
    assert skips(report) == [(f"{path}:4", "title without abstract")]
    assert "truncated" in report.skips[0].reason


def test_ten_megabyte_single_lines(tmp_path: Path):
    huge = "word " * (2 * 1024 * 1024)  # 10 MiB
    text = tmp_path / "huge.txt"
    text.write_text(huge + "\n" + GOOD_PAGE)
    jsonl = tmp_path / "huge.jsonl"
    jsonl.write_text(record(abstract=huge) + "\n" + record() + "\n")
    csv_file = tmp_path / "huge.csv"
    csv_file.write_text(f'title,abstract\nBig,"{huge}"\n"{TITLE}","{ABSTRACT}"\n')
    papers, report = read(text, jsonl, csv_file)
    assert [p.title for p in papers] == [TITLE] * 3
    assert skips(report) == [
        (f"{text}:1", "text without a title"),
        (f"{jsonl}:1", "too long"),
        (f"{csv_file}:2", "malformed CSV"),
    ]


def test_unknown_formats(tmp_path: Path):
    notes = tmp_path / "notes.md"
    notes.write_text("# Reading list\n\nsome notes\n")
    xml = tmp_path / "data.xml"
    xml.write_text("<?xml version='1.0'?><rss><channel></channel></rss>")
    _, report = read(notes, xml)
    assert skips(report) == [(str(notes), "unknown format"), (str(xml), "unknown format")]


def test_truncated_atom_feed_keeps_earlier_entries(tmp_path: Path):
    source = Path(__file__).parent / "fixtures" / "readers" / "arxiv.atom"
    text = source.read_text()
    path = tmp_path / "cut.atom"
    path.write_text(text[: text.index("An Old-Style Identifier")])
    papers, report = read(path)
    assert [p.id for p in papers] == ["arxiv:1910.01108"]
    [(where, kind)] = skips(report)
    assert kind == "malformed XML" and where.startswith(f"{path}:")


def test_atom_entry_without_summary(tmp_path: Path):
    path = tmp_path / "feed.atom"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2106.09685v1'
        "</id><title>LoRA</title></entry></feed>"
    )
    papers, report = read(path)
    assert papers == []
    assert skips(report) == [(f"{path}#1", "missing abstract")]


def test_unreadable_and_special_files(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_PAGE)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    papers, report = read(tmp_path, tmp_path / "missing.jsonl")
    assert [p.title for p in papers] == [TITLE]
    assert skips(report) == [
        (str(dangling), "unreadable file"),
        (str(fifo), "not a regular file"),
        (str(tmp_path / "missing.jsonl"), "unreadable file"),
    ]
    assert "broken symbolic link" in report.skips[0].reason


def unprivileged(command: list[str]) -> list[str]:
    """The command run without the right to ignore file permissions, or skip the test."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: chmod 000 does not stop root reading")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *command]


def test_unreadable_files_and_directories(tmp_path: Path):
    corpus = tmp_path / "corpus"
    (corpus / "locked_dir").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD_PAGE)
    (corpus / "locked.txt").write_text(GOOD_PAGE)
    (corpus / "locked_dir" / "inside.txt").write_text(GOOD_PAGE)
    (corpus / "locked.txt").chmod(0)
    (corpus / "locked_dir").chmod(0)
    kg = str(Path(sys.executable).parent / "kg")
    try:
        done = subprocess.run(
            unprivileged([kg, "papers", str(corpus)]), capture_output=True, text=True
        )
    finally:
        (corpus / "locked_dir").chmod(0o755)
        (corpus / "locked.txt").chmod(0o644)
    assert done.returncode == EXIT_SKIPPED, done.stderr
    assert "entries read:       1" in done.stdout
    assert done.stderr.splitlines() == [
        f"warning: {corpus}/locked.txt: unreadable file: permission denied",
        f"warning: {corpus}/locked_dir: unreadable directory: permission denied",
    ]


def test_empty_directory(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    _, report = read(tmp_path / "empty")
    assert skips(report) == [(str(tmp_path / "empty"), "no input files")]


def make_mixed_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text(GOOD_PAGE)
    (corpus / "b_dup.jsonl").write_text(record() + "\n" + record(title="Other Paper") + "\n")
    (corpus / "c_empty.txt").write_text("")
    (corpus / "d_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "e_bad.jsonl").write_text('{"title": 1, "abstract": "x"}\n{oops\n')
    (corpus / "f_page.html").write_text("<html></html>")
    (corpus / "g_latin.txt").write_bytes(f"Caf\xe9 Paper\n{ABSTRACT}\n".encode("latin-1"))
    return corpus


def test_mixed_directory_counts_everything(tmp_path: Path):
    papers, report = read(make_mixed_corpus(tmp_path))
    assert report.entries == 4
    assert len(merge_papers(papers)) == 3  # the duplicated record is merged
    assert report.skipped_by_kind == {
        "empty file": 1,
        "binary file": 1,
        "wrong field type": 1,
        "malformed JSON": 1,
        "HTML instead of text": 1,
    }
    assert len(report.notes) == 1


runner = CliRunner()


def test_cli_reports_each_skip_with_location_and_exits_4(tmp_path: Path):
    corpus = make_mixed_corpus(tmp_path)
    result = runner.invoke(app, ["papers", str(corpus)])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert (
        "Traceback" not in result.output
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    stdout = result.stdout
    assert "entries read:       4" in stdout
    assert "distinct papers:    3" in stdout
    assert "duplicates merged:  1" in stdout
    assert "skipped:            5" in stdout
    stderr = result.stderr
    assert f"warning: {corpus}/e_bad.jsonl:1: wrong field type: 'title' is a number" in stderr
    assert f"warning: {corpus}/e_bad.jsonl:2: malformed JSON" in stderr
    assert f"warning: {corpus}/c_empty.txt: empty file" in stderr
    assert f"warning: {corpus}/g_latin.txt: not UTF-8" in stderr


def test_cli_json_output(tmp_path: Path):
    corpus = make_mixed_corpus(tmp_path)
    result = runner.invoke(app, ["papers", "--json", str(corpus)])
    assert result.exit_code == EXIT_SKIPPED
    data = json.loads(result.stdout)
    assert (data["entries"], data["distinct_papers"], data["duplicates_merged"]) == (4, 3, 1)
    assert data["skipped"] == len(data["skips"]) == 5
    [dup] = [p for p in data["papers"] if p["title"] == TITLE]
    assert [(Path(s["path"]).name, s["line"]) for s in dup["sources"]] == [
        ("a_good.txt", 1),
        ("b_dup.jsonl", 1),
    ]


def test_cli_exit_codes_for_clean_and_hopeless_input(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_PAGE)
    assert runner.invoke(app, ["papers", str(good)]).exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 10)
    result = runner.invoke(app, ["papers", str(bad), str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "error:" in result.stderr and "no papers could be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_as_a_subprocess_never_shows_a_traceback(tmp_path: Path):
    corpus = make_mixed_corpus(tmp_path)
    kg = Path(sys.executable).parent / "kg"
    done = subprocess.run([str(kg), "papers", str(corpus)], capture_output=True, text=True)
    assert done.returncode == EXIT_SKIPPED
    assert "Traceback" not in done.stderr
    assert done.stderr.count("warning: ") == 6  # 5 skips and 1 note
