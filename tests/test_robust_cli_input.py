"""Bad input end to end through `kg build` and `kg extract` (real subprocesses).

A directory mixes good files (a text page, a UTF-16 page with BOM, JSONL, CSV) with an
empty file, a binary file, an HTML page and a malformed JSONL line. The valid records go
through and are counted, each bad item is one warning naming its file (and line), no
traceback, and the exit code says something was skipped. (The reader-level corpus is in
test_bad_input.py; this is the same promise at the commands that extract and store.)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from robust_graphs import KG, assert_one_line_error

from kg.cli._common import EXIT_SKIPPED

ABSTRACT = (
    "We propose TinyNet, which compresses BERT by knowledge distillation. "
    "TinyNet is evaluated on GLUE and outperforms DistilBERT."
)
GOOD_TITLES = [
    "Tiny Networks",
    "Wide Networks",
    "Deep Networks",
    "Quantized Networks",
    "Sparse Networks",
]


def make_corpus(root: Path) -> tuple[Path, dict[str, str]]:
    """The mixed directory, and the warning each bad item must get (location: kind)."""
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a_page.txt").write_text(f"{GOOD_TITLES[0]}\n{ABSTRACT}\n", encoding="utf-8")
    (corpus / "b_utf16.txt").write_bytes(f"{GOOD_TITLES[1]}\n{ABSTRACT}\n".encode("utf-16"))
    (corpus / "c_records.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"title": GOOD_TITLES[2], "abstract": ABSTRACT}),
                '{"title": "Broken", "abstract": ',
                json.dumps({"title": GOOD_TITLES[3], "abstract": ABSTRACT}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (corpus / "d_table.csv").write_text(
        f'title,abstract\n{GOOD_TITLES[4]},"{ABSTRACT}"\n', encoding="utf-8"
    )
    (corpus / "e_empty.txt").write_bytes(b"")
    (corpus / "f_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (corpus / "g_page.html").write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>"
    )
    bad = {
        f"{corpus}/c_records.jsonl:2": "malformed JSON",
        f"{corpus}/e_empty.txt": "empty file",
        f"{corpus}/f_binary.txt": "binary file",
        f"{corpus}/g_page.html": "HTML instead of text",
    }
    return corpus, bad


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(KG), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """`kg build` and `kg extract` over the mixed corpus and over hopeless input, at once."""
    root = tmp_path_factory.mktemp("cli-input")
    corpus, bad = make_corpus(root)
    hopeless = root / "hopeless"
    hopeless.mkdir()
    (hopeless / "empty.txt").write_bytes(b"")
    (hopeless / "page.html").write_text("<html><body>nothing</body></html>")
    processes = {
        "build": _start("build", str(corpus), "--store", str(root / "store")),
        "extract": _start("extract", str(corpus), "-o", str(root / "out.jsonl")),
        "build-hopeless": _start("build", str(hopeless), "--store", str(root / "store2")),
        "extract-hopeless": _start("extract", str(hopeless), "-o", str(root / "out2.jsonl")),
    }
    done = {name: (p.communicate(timeout=300), p.returncode) for name, p in processes.items()}
    return {"root": root, "bad": bad, "hopeless": hopeless, "done": done}


def _warnings(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def _check_skips(stderr: str, bad: dict[str, str]) -> None:
    warnings = _warnings(stderr)
    assert len(warnings) == len(bad), stderr
    for where, kind in bad.items():
        assert any(w.startswith(f"warning: {where}: {kind}") for w in warnings), (where, stderr)


def test_build_keeps_the_valid_records_and_reports_each_bad_item(runs):
    (stdout, stderr), code = runs["done"]["build"]
    assert code == EXIT_SKIPPED, (stdout, stderr)
    _check_skips(stderr, runs["bad"])
    assert "entries read:        5" in stdout
    assert "skipped items:       4" in stdout
    assert "extracted:           5" in stdout
    stats = subprocess.run(
        [str(KG), "stats", "--json", "--store", str(runs["root"] / "store")],
        capture_output=True,
        text=True,
    )
    assert json.loads(stats.stdout)["papers"] == 5


def test_extract_writes_every_valid_record_and_reports_each_bad_item(runs):
    (stdout, stderr), code = runs["done"]["extract"]
    assert code == EXIT_SKIPPED, (stdout, stderr)
    _check_skips(stderr, runs["bad"])
    lines = (runs["root"] / "out.jsonl").read_text(encoding="utf-8").splitlines()
    titles = sorted(json.loads(line)["title"] for line in lines)
    assert titles == sorted(GOOD_TITLES)
    assert "papers: 5" in stderr


@pytest.mark.parametrize("command", ["build-hopeless", "extract-hopeless"])
def test_nothing_readable_is_one_error_and_exit_2(runs, command):
    (stdout, stderr), code = runs["done"][command]
    assert code == 2, (stdout, stderr)
    hopeless = runs["hopeless"]
    assert len(_warnings(stderr)) == 2
    errors = "\n".join(line for line in stderr.splitlines() if not line.startswith("warning: "))
    assert_one_line_error(errors, "no papers could be read", str(hopeless))
