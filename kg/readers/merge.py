"""Merging the same paper read from several inputs (same id) into one Paper."""

from __future__ import annotations

from collections.abc import Iterable

from kg.models import Paper

OPTIONAL_FIELDS = ("url", "arxiv_id", "date")


def merge_papers(papers: Iterable[Paper]) -> list[Paper]:
    """One Paper per id, in first-seen order, listing every source in first-seen order.

    Title and abstract come from the first occurrence; optional fields (url, arXiv id,
    date, authors) missing there are filled from later ones. The input Papers are not
    modified. Memory grows with the number of distinct papers.
    """
    merged: dict[str, Paper] = {}
    for paper in papers:
        first = merged.get(paper.id)
        if first is None:
            merged[paper.id] = paper.model_copy(
                update={"sources": list(paper.sources), "authors": list(paper.authors)}
            )
            continue
        for source in paper.sources:
            if source not in first.sources:
                first.sources.append(source)
        for field in OPTIONAL_FIELDS:
            if getattr(first, field) is None and getattr(paper, field) is not None:
                setattr(first, field, getattr(paper, field))
        if not first.authors and paper.authors:
            first.authors = list(paper.authors)
    return list(merged.values())
