"""JSONL, JSON, CSV, TSV and arXiv Atom readers; format detection; merging."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.models import Paper, Source
from kg.readers import ReadReport, merge_papers, read_papers

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"


def read(*paths: Path) -> tuple[list[Paper], ReadReport]:
    report = ReadReport()
    papers = list(read_papers(list(paths), report))
    return papers, report


def test_jsonl_records_with_field_variants():
    path = FIXTURES / "papers.jsonl"
    papers, report = read(path)
    assert report.skips == []
    lora, distil, tiny = papers
    assert lora.id == "lora"  # a given id is kept
    assert lora.arxiv_id == "2106.09685"  # from the url
    assert lora.authors == ["Edward J. Hu", "Yelong Shen"]
    assert lora.date == "2021-06-17"
    assert lora.sources == [Source(path=str(path), line=1)]
    assert distil.id == "arxiv:1910.01108"
    assert (
        distil.title
        == "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"
    )
    assert "\n" not in distil.abstract and distil.abstract.startswith("We propose a method")
    assert distil.authors == ["Victor Sanh", "Lysandre Debut", "Julien Chaumond", "Thomas Wolf"]
    assert tiny.id == "arxiv:1909.10351"  # capitalised keys, "arxiv" and "published" aliases
    assert tiny.date == "2019-09-23"
    assert tiny.sources == [Source(path=str(path), line=4)]  # blank line 3 skipped


def test_json_array_gives_lines_and_record_numbers():
    path = FIXTURES / "papers.json"
    papers, report = read(path)
    assert report.skips == []
    assert [p.title[:6] for p in papers] == ["BERT: ", "Q8BERT"]
    assert papers[0].id == "arxiv:1810.04805"
    assert papers[0].url == "https://arxiv.org/abs/1810.04805v2"
    assert papers[1].id.startswith("t:")
    assert [p.sources for p in papers] == [
        [Source(path=str(path), line=2, record=1)],
        [Source(path=str(path), line=7, record=2)],
    ]


def test_json_object_with_a_papers_list():
    path = FIXTURES / "papers_object.json"
    papers, report = read(path)
    assert report.skips == []
    attention, lora = papers
    assert attention.id == "17"  # numeric ids are kept as text
    assert attention.date == "2017"
    assert attention.abstract.startswith("We propose a new simple network architecture")
    assert lora.id == "arxiv:2106.09685"
    assert attention.sources == [Source(path=str(path), record=1)]


def test_csv_with_header_quoted_fields_and_multiline_cells():
    path = FIXTURES / "papers.csv"
    papers, report = read(path)
    assert report.skips == []
    q8, albert = papers
    assert q8.id == "arxiv:1910.06188"
    assert q8.authors == ["Ofir Zafrir", "Guy Boudoukh"]
    assert "fine-tuning phase of BERT, in order" in q8.abstract
    assert albert.abstract.startswith("We present two parameter-reduction techniques to lower")
    assert albert.date is None and albert.authors == []
    assert [p.sources[0].line for p in papers] == [2, 3]


def test_tsv_with_summary_column_and_hf_url():
    papers, report = read(FIXTURES / "papers.tsv")
    assert report.skips == []
    [mobile] = papers
    assert mobile.id == "arxiv:2004.02984"
    assert mobile.abstract.startswith("We propose MobileBERT")


def test_arxiv_atom_feed():
    path = FIXTURES / "arxiv.atom"
    papers, report = read(path)
    assert report.skips == []
    distil, old = papers
    assert distil.id == "arxiv:1910.01108"
    assert (
        distil.title
        == "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"
    )
    assert distil.abstract.startswith("As Transfer Learning from large-scale pre-trained models")
    assert distil.authors == ["Victor Sanh", "Lysandre Debut"]
    assert distil.date == "2019-10-02T17:56:28Z"
    assert distil.url == "http://arxiv.org/abs/1910.01108v4"
    assert old.id == "arxiv:hep-th/9901001"
    assert [p.sources for p in papers] == [
        [Source(path=str(path), record=1)],
        [Source(path=str(path), record=2)],
    ]


@pytest.mark.parametrize(
    ("fixture", "new_name"),
    [
        ("papers.jsonl", "export"),
        ("papers.json", "export.txt"),
        ("papers.csv", "table.dat"),
        ("papers.tsv", "table"),
        ("arxiv.atom", "query-result.xml"),
        ("arxiv.atom", "query-result"),
    ],
)
def test_format_is_sniffed_from_content(tmp_path: Path, fixture: str, new_name: str):
    expected, _ = read(FIXTURES / fixture)
    renamed = tmp_path / new_name
    shutil.copyfile(FIXTURES / fixture, renamed)
    papers, report = read(renamed)
    assert report.skips == []
    assert [(p.id, p.title, p.abstract) for p in papers] == [
        (p.id, p.title, p.abstract) for p in expected
    ]


def test_directories_are_read_recursively_in_sorted_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    shutil.copyfile(FIXTURES / "papers.tsv", tmp_path / "b" / "z.tsv")
    shutil.copyfile(FIXTURES / "papers.json", tmp_path / "a.json")
    shutil.copyfile(FIXTURES / "arxiv.atom", tmp_path / "c.atom")
    (tmp_path / ".hidden.json").write_text("not read")
    papers, report = read(tmp_path)
    assert report.skips == [] and report.files_read == 3
    assert [Path(p.sources[0].path).name for p in papers] == ["a.json"] * 2 + ["z.tsv"] + [
        "c.atom"
    ] * 2


def test_same_paper_from_several_formats_is_merged():
    papers, report = read(FIXTURES)
    merged = merge_papers(papers)
    assert report.entries == len(papers) == 12
    assert len(merged) == 11
    [distil] = [p for p in merged if p.id == "arxiv:1910.01108"]
    assert [(Path(s.path).name, s.line, s.record) for s in distil.sources] == [
        ("arxiv.atom", None, 1),
        ("papers.jsonl", 2, None),
    ]
    # First-seen order: papers appear in the order their first source was read.
    firsts = [p.id for p in papers]
    assert [p.id for p in merged] == list(dict.fromkeys(firsts))


def test_merge_fills_missing_optional_fields_and_keeps_inputs_unchanged():
    def paper(line: int, **fields) -> Paper:
        base = {"id": "p1", "title": "A Paper", "abstract": "Its abstract."}
        return Paper(**(base | fields), sources=[Source(path="x.jsonl", line=line)])

    first = paper(1)
    second = paper(2, url="https://arxiv.org/abs/2106.09685", authors=["A. B."], title="Other")
    third = paper(1)  # the same source again is listed once
    [merged] = merge_papers([first, second, third])
    assert merged.title == "A Paper"
    assert merged.url == "https://arxiv.org/abs/2106.09685"
    assert merged.authors == ["A. B."]
    assert [s.line for s in merged.sources] == [1, 2]
    assert first.sources == [Source(path="x.jsonl", line=1)] and first.url is None
