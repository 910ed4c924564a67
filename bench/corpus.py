"""Corpora for the benchmark: the bundled pages, repeated, and synthetic recombinations.

The synthetic corpus recombines sentences of the real abstracts with a fixed seed, so
that its vocabulary, sentence lengths and entity density match the real pages while
every paper is distinct (an explicit `id` per record).
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.models import Paper

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "hf-papers"
SEED = 20240601

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


def bundled_papers(path: Path = BUNDLED) -> list[Paper]:
    """The distinct papers of the bundled pages, read by kg's own readers."""
    from kg.readers import merge_papers, read_papers

    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    return list(merge_papers(read_papers(files)))


def repeated(papers: Sequence[Paper], n: int) -> Iterator[Paper]:
    """`n` papers cycling through `papers` (a stream: nothing is copied)."""
    return itertools.islice(itertools.cycle(papers), n)


def word_count(paper: Paper) -> int:
    return len(paper.text.split())


def split_sentences(abstract: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(abstract) if s.strip()]


def synthetic_records(papers: Sequence[Paper], n: int, seed: int = SEED) -> Iterator[dict]:
    """`n` distinct papers, each a real title and a recombination of real sentences.

    Each abstract has as many sentences as a randomly chosen real abstract, drawn at
    random from the sentences of all abstracts.
    """
    rng = random.Random(seed)
    titles = [p.title for p in papers]
    per_paper = [split_sentences(p.abstract) for p in papers]
    lengths = [len(s) for s in per_paper if s]
    sentences = [s for group in per_paper for s in group]
    for i in range(n):
        k = rng.choice(lengths)
        yield {
            "id": f"syn-{seed}-{i:07d}",
            "title": rng.choice(titles),
            "abstract": " ".join(rng.choice(sentences) for _ in range(k)),
        }


def write_synthetic(papers: Sequence[Paper], n: int, path: Path, seed: int = SEED) -> Path:
    """Write the synthetic corpus as JSONL (streaming; reused when already there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and _line_count(path) == n:
        return path
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for record in synthetic_records(papers, n, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def _line_count(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)
