"""The Hugging Face papers pages reader, on the bundled corpus and on made-up pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.readers import ReadReport, merge_papers, normalize_title, paper_id, read_papers

ROOT = Path(__file__).resolve().parent.parent
HF_PAGES = ROOT / "data" / "hf-papers"

ABSTRACT_1 = (
    "We propose a method that compresses large transformer models with structured pruning. "
    "Experiments on GLUE show that it keeps accuracy while removing most of the weights."
)
ABSTRACT_2 = (
    "This paper studies quantization of language models to eight bits. We evaluate on "
    "SQuAD and find that accuracy drops by less than one point compared to full precision."
)


def read(*paths: Path) -> tuple[list, ReadReport]:
    report = ReadReport()
    papers = list(read_papers(list(paths), report))
    return papers, report


@pytest.fixture(scope="module")
def corpus() -> tuple[list, ReadReport]:
    return read(HF_PAGES)


def test_bundled_pages_hold_536_entries_and_437_distinct_papers(corpus):
    papers, report = corpus
    assert report.entries == 536
    assert len(papers) == 536
    assert report.files_read == 5
    assert report.skips == []
    merged = merge_papers(papers)
    assert len(merged) == 437
    assert sum(len(paper.sources) for paper in merged) == 536
    assert len({normalize_title(paper.title) for paper in merged}) == 437


def test_a_repeated_paper_lists_all_its_sources(corpus):
    papers, _ = corpus
    title = "Position Prediction as an Effective Pretraining Strategy"
    expected = [
        f"{path}:{number}"
        for path in sorted(HF_PAGES.iterdir())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() == title
    ]
    assert len(expected) > 1
    merged = {paper.id: paper for paper in merge_papers(papers)}
    assert [str(source) for source in merged[paper_id(title)].sources] == expected


def test_every_repeated_paper_keeps_every_source(corpus):
    papers, _ = corpus
    occurrences = Counter(paper.id for paper in papers)
    for paper in merge_papers(papers):
        assert len(paper.sources) == occurrences[paper.id]
        assert len(set(paper.sources)) == len(paper.sources)
    assert max(occurrences.values()) > 2


def test_page_chrome_is_skipped_and_glued_subscribe_removed(corpus):
    papers, _ = corpus
    chrome = {"new", "Subscribe", "Daily Papers", "Mar 18", "Mar 11"}
    assert not [paper for paper in papers if paper.title in chrome or "Get trending" in paper.title]
    assert not [paper for paper in papers if paper.title.startswith("Subscribe")]
    first = {str(paper.sources[0].path): paper for paper in reversed(papers)}
    glued = first[str(HF_PAGES / "000_50730ba1720840eb.txt")]
    assert glued.title.startswith("XLM-T: Scaling up Multilingual Machine Translation")
    assert glued.sources[0].line == 3
    spaced = first[str(HF_PAGES / "001_4425093282603481.txt")]
    assert spaced.title.startswith("Large Pre-trained Language Models Contain Human-like Biases")
    assert spaced.sources[0].line == 11


def test_hf_entries_have_title_hash_ids(corpus):
    papers, _ = corpus
    for paper in papers:
        assert paper.id == paper_id(paper.title)
        assert paper.id.startswith("t:")
        assert paper.abstract and paper.title


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_layouts_with_and_without_blank_lines_read_the_same(tmp_path: Path):
    dense = tmp_path / "dense.txt"
    dense.write_text(
        page(
            "Get trending papers in your email inbox!",
            "SubscribePruning Transformers",
            ABSTRACT_1,
            "Quantized BERT",
            ABSTRACT_2,
        ),
        encoding="utf-8",
    )
    spaced = tmp_path / "spaced.txt"
    spaced.write_text(
        page(
            "new",
            "",
            "Subscribe",
            "",
            "byAK and the research community",
            "",
            "Mar 18",
            "",
            "Pruning Transformers",
            "",
            ABSTRACT_1,
            "",
            "",
            "Quantized BERT",
            "",
            ABSTRACT_2,
        ),
        encoding="utf-8",
    )
    dense_papers, dense_report = read(dense)
    spaced_papers, spaced_report = read(spaced)
    assert [(p.title, p.abstract) for p in dense_papers] == [
        ("Pruning Transformers", ABSTRACT_1),
        ("Quantized BERT", ABSTRACT_2),
    ]
    assert [(p.title, p.abstract) for p in spaced_papers] == [
        (p.title, p.abstract) for p in dense_papers
    ]
    assert [p.sources[0].line for p in dense_papers] == [2, 4]
    assert [p.sources[0].line for p in spaced_papers] == [9, 14]
    assert dense_report.skips == spaced_report.skips == []


def test_whitespace_in_titles_and_abstracts_is_collapsed(tmp_path: Path):
    path = tmp_path / "ws.txt"
    path.write_text(page("  Pruning \t  Transformers  ", ABSTRACT_1.replace(" ", "   ")))
    [paper], _ = read(path)
    assert paper.title == "Pruning Transformers"
    assert paper.abstract == ABSTRACT_1


def test_title_without_abstract_is_skipped_with_its_line(tmp_path: Path):
    path = tmp_path / "gap.txt"
    path.write_text(
        page(
            "Pruning Transformers",
            ABSTRACT_1,
            "A Title Whose Abstract Is Missing",
            "Quantized BERT",
            ABSTRACT_2,
            "A Last Title Cut Off",
        )
    )
    papers, report = read(path)
    assert [p.title for p in papers] == ["Pruning Transformers", "Quantized BERT"]
    assert [(s.where, s.reason.split(":")[0]) for s in report.skips] == [
        (f"{path}:3", "title without abstract"),
        (f"{path}:6", "title without abstract"),
    ]
    assert report.skipped_by_kind == {"title without abstract": 2}


def test_abstract_without_title_is_skipped(tmp_path: Path):
    path = tmp_path / "orphan.txt"
    path.write_text(
        page(ABSTRACT_1 + " " + ABSTRACT_2 + " " + ABSTRACT_1, "Quantized BERT", ABSTRACT_2)
    )
    papers, report = read(path)
    assert [p.title for p in papers] == ["Quantized BERT"]
    assert [s.where for s in report.skips] == [f"{path}:1"]
    assert report.skips[0].reason.startswith("text without a title")


def test_a_short_abstract_is_still_an_abstract(tmp_path: Path):
    path = tmp_path / "short.txt"
    path.write_text(page("Tiny Paper", "We prune BERT", "Another Paper", ABSTRACT_2))
    papers, report = read(path)
    assert [(p.title, p.abstract) for p in papers] == [
        ("Tiny Paper", "We prune BERT"),
        ("Another Paper", ABSTRACT_2),
    ]
    assert report.skips == []


def test_reading_streams_file_by_file(tmp_path: Path):
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text(page("Pruning Transformers", ABSTRACT_1))
    second.write_text(page("Quantized BERT", ABSTRACT_2))
    report = ReadReport()
    papers = read_papers([tmp_path], report)
    assert next(papers).title == "Pruning Transformers"
    second.unlink()  # not opened yet: the reader has only read the first file so far
    assert list(papers) == []
    assert [(s.where, s.reason) for s in report.skips] == [
        (str(second), "unreadable file: no such file or directory")
    ]


def test_an_abstract_about_html_is_not_mistaken_for_a_web_page(tmp_path: Path):
    path = tmp_path / "markup.txt"
    abstract = "We parse <body> and <html> tags of web pages with a transformer. " + ABSTRACT_1
    path.write_text(page("Markup Transformers", abstract))
    papers, report = read(path)
    assert [(p.title, p.abstract) for p in papers] == [("Markup Transformers", abstract)]
    assert report.skips == []


def test_per_entry_chrome_between_entries_is_skipped(tmp_path: Path):
    path = tmp_path / "chrome.txt"
    path.write_text(
        page(
            "Daily Papers",
            "by AK and the research community",
            "Published on Mar 18, 2024",
            "Pruning Transformers",
            "Submitted by akhaliq",
            "· 4 authors",
            "42",
            ABSTRACT_1,
            "Quantized BERT",
            "1.2k",
            ABSTRACT_2,
            "Previous",
            "Next",
        )
    )
    papers, report = read(path)
    assert [(p.title, p.abstract, p.sources[0].line) for p in papers] == [
        ("Pruning Transformers", ABSTRACT_1, 4),
        ("Quantized BERT", ABSTRACT_2, 9),
    ]
    assert report.skips == []
