"""Readers: paper titles and abstracts from files, streamed as typed Paper records.

    from kg.readers import ReadReport, merge_papers, read_papers

    report = ReadReport()
    papers = merge_papers(read_papers(["data/hf-papers"], report))
    print(report.entries, len(papers), report.skips)

Formats: Hugging Face papers listing pages saved as text (hf_pages), JSONL and JSON
(json_records), CSV and TSV (csv_records), the arXiv API's Atom feed (atom). Identity:
identity.paper_id. Bad input never raises: see ReadReport.
"""

from __future__ import annotations

from kg.readers.dispatch import detect_format, read_file, read_papers
from kg.readers.identity import normalize_space, normalize_title, paper_id, parse_arxiv_id
from kg.readers.merge import merge_papers
from kg.readers.report import Note, ReadReport
from kg.readers.result import Inputs, ReadResult, read_merged

__all__ = [
    "Inputs",
    "Note",
    "ReadReport",
    "ReadResult",
    "detect_format",
    "merge_papers",
    "normalize_space",
    "normalize_title",
    "paper_id",
    "parse_arxiv_id",
    "read_file",
    "read_merged",
    "read_papers",
]
