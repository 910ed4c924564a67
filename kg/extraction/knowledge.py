"""The declarative knowledge the components read from extractors/: lexicons, stop-list,
head words. Loaded once per process and cached; editing the files needs no code change.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.extraction.knowledge_files import load_json, load_jsonl, load_lines
from kg.keys import entity_key
from kg.resources import data_dir
from kg.types import EntityType

TYPES = frozenset(t.value for t in EntityType)

norm = entity_key
"""Extraction's name for the one normaliser, kg.keys.entity_key (the graph's key)."""


@functools.lru_cache(maxsize=65536)
def canon_key(text: str) -> str:
    """Key under which case, hyphen, space and plural variants of a name merge (cached:
    the same words recur in every paper)."""
    key = norm(text)
    if len(key) > 4 and key.endswith("ies") and not text.isupper():
        return key[:-3] + "y"
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss") and not text.endswith("S"):
        return key[:-1]
    return key


def extractors_dir(folder: str | Path | None = None) -> Path:
    return Path(folder) if folder else data_dir("extractors")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The pattern rows of a lexicon file, each with a 'label' (entity type) and 'pattern'."""
    rows = []
    for n, row in load_jsonl(path):
        if row.get("label") not in TYPES or not row.get("pattern"):
            raise ConfigError(
                "a pattern needs 'label' (an entity type) and 'pattern'",
                where=f"{path}:{n}",
                hint=f"labels: {sorted(TYPES)}",
            )
        rows.append(row)
    return rows


@functools.cache
def lexicon_patterns(folder: str | None = None) -> tuple[dict[str, Any], ...]:
    """Generated lexicons first, then the hand-curated lists, whose entries win conflicts."""
    base = extractors_dir(folder)
    rows: list[dict[str, Any]] = []
    for path in sorted((base / "lexicon").glob("*.jsonl")):
        rows += read_jsonl(path)
    for path in curated_files(base):
        rows += [{**row, "curated": True} for row in read_jsonl(path)]
    return tuple(rows)


def curated_files(base: Path) -> list[Path]:
    """The hand-written lists: curated.jsonl, then the per-category curated_*.jsonl."""
    main = base / "curated.jsonl"
    return ([main] if main.exists() else []) + sorted(base.glob("curated_*.jsonl"))


@functools.cache
def stoplist(folder: str | None = None) -> frozenset[str]:
    terms = load_lines(extractors_dir(folder) / "stoplist.txt")
    return frozenset(canon_key(term) for term in terms)


@functools.cache
def head_words(folder: str | None = None) -> dict[str, str]:
    """Head word -> entity type (the first type listing a word wins)."""
    data = load_json(extractors_dir(folder) / "heads.json")
    heads: dict[str, str] = {}
    for label in (
        EntityType.DATASET,
        EntityType.METRIC,
        EntityType.TASK,
        EntityType.MODEL,
        EntityType.METHOD,
    ):
        for word in data.get(label, []):
            heads.setdefault(word.lower(), label)
    return heads


def type_by_head(phrase: str, folder: str | None = None) -> str | None:
    """The type a phrase's last word implies ('... Treebank' -> Dataset), or None."""
    words = phrase.lower().replace("-", " ").split()
    if not words:
        return None
    heads = head_words(folder)
    if len(words) >= 2 and " ".join(words[-2:]) in heads:
        return heads[" ".join(words[-2:])]
    last = words[-1]
    return heads.get(last) or (heads.get(last[:-1]) if last.endswith("s") else None)
