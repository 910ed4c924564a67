"""Property-based tests: whatever is in a file, reading never raises, every Paper
validates, and reading the same input twice gives the same papers and report."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.models import Paper
from kg.readers import ReadReport, merge_papers, normalize_title, paper_id, read_papers

SUFFIXES = ["", ".txt", ".json", ".jsonl", ".csv", ".tsv", ".xml", ".atom", ".html", ".md"]
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def read_twice(data: bytes, suffix: str) -> tuple[list[Paper], ReadReport]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        results = []
        for _ in range(2):
            report = ReadReport()
            papers = list(read_papers([path], report))
            results.append((papers, report))
    (first, first_report), (second, second_report) = results
    assert [p.model_dump() for p in first] == [p.model_dump() for p in second]
    assert first_report == second_report
    return first, first_report


def check(papers: list[Paper], report: ReadReport) -> None:
    assert report.entries == len(papers)
    for paper in papers:
        again = Paper.model_validate(paper.model_dump())
        assert again == paper
        assert paper.title and paper.abstract
        assert paper.title == " ".join(paper.title.split())
        assert len(paper.sources) == 1
    for skip in report.skips:
        assert skip.where and skip.reason
    assert sum(report.skipped_by_kind.values()) == len(report.skips)
    merged = merge_papers(papers)
    assert sum(len(p.sources) for p in merged) == len({(p.id, p.sources[0]) for p in papers})


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str):
    check(*read_twice(data, suffix))


@SETTINGS
@given(text=st.text(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_text_never_raises(text: str, suffix: str):
    check(*read_twice(text.encode("utf-8", errors="surrogatepass"), suffix))


LINES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["", "new", "Subscribe", "Mar 18", "Daily Papers", "SubscribeA Title"]),
    st.text(min_size=150, max_size=600).map(lambda s: s + "."),
)


@SETTINGS
@given(lines=st.lists(LINES, max_size=30), suffix=st.sampled_from([".txt", ""]))
def test_page_like_text_never_raises(lines: list[str], suffix: str):
    text = "Get trending papers in your email inbox!\n" + "\n".join(lines)
    papers, report = read_twice(text.encode("utf-8", errors="surrogatepass"), suffix)
    check(papers, report)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
RECORDS = st.dictionaries(
    st.sampled_from(["title", "abstract", "summary", "id", "url", "arxiv_id", "date", "authors"])
    | st.text(max_size=8),
    JSON_VALUES,
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS | JSON_VALUES, max_size=10))
def test_arbitrary_json_records_never_raise(records: list[object]):
    jsonl = "\n".join(json.dumps(record) for record in records).encode()
    check(*read_twice(jsonl, ".jsonl"))
    check(*read_twice(json.dumps(records).encode(), ".json"))
    check(*read_twice(json.dumps({"papers": records}).encode(), ".json"))


@settings(max_examples=200, deadline=None)
@given(title=st.text(min_size=1, max_size=200))
def test_paper_id_is_deterministic_and_ignores_case_and_spacing(title: str):
    assert paper_id(title) == paper_id(title)
    spaced = "  " + title.upper().replace(" ", "\t ") + " "
    if normalize_title(spaced) == normalize_title(title):
        assert paper_id(spaced) == paper_id(title)
    assert paper_id(title).startswith("t:") and len(paper_id(title)) == 18
