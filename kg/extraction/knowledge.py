"""The declarative knowledge the components read from extractors/: lexicons, stop-list,
head words. Loaded once per process and cached; editing the files needs no code change.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from kg.errors import ExtractionError
from kg.resources import data_dir
from kg.types import EntityType

_NON_ALNUM = re.compile(r"[^a-z0-9]")
TYPES = frozenset(t.value for t in EntityType)


def norm(text: str) -> str:
    """The scorer's normalization: lowercase, '+' spelled out, letters and digits only."""
    return _NON_ALNUM.sub("", text.lower().replace("+", "plus"))


def canon_key(text: str) -> str:
    """Key under which case, hyphen, space and plural variants of a name merge."""
    key = norm(text)
    if len(key) > 4 and key.endswith("ies") and not text.isupper():
        return key[:-3] + "y"
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss") and not text.endswith("S"):
        return key[:-1]
    return key


def extractors_dir(folder: str | Path | None = None) -> Path:
    return Path(folder) if folder else data_dir("extractors")


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExtractionError(
                f"not JSON: {exc.msg}",
                where=f"{path}:{n}",
                hint="each line must be one JSON pattern object",
            ) from None
        if not isinstance(row, dict) or row.get("label") not in TYPES or not row.get("pattern"):
            raise ExtractionError(
                "a pattern needs 'label' (an entity type) and 'pattern'",
                where=f"{path}:{n}",
                hint=f"labels: {sorted(TYPES)}",
            )
        rows.append(row)
    return rows


@functools.cache
def lexicon_patterns(folder: str | None = None) -> tuple[dict, ...]:
    """Generated lexicons first, then the hand-curated lists, whose entries win conflicts."""
    base = extractors_dir(folder)
    rows: list[dict] = []
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
    path = extractors_dir(folder) / "stoplist.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            words.add(canon_key(term))
    return frozenset(words)


@functools.cache
def head_words(folder: str | None = None) -> dict[str, str]:
    """Head word -> entity type (the first type listing a word wins)."""
    data = json.loads((extractors_dir(folder) / "heads.json").read_text(encoding="utf-8"))
    heads: dict[str, str] = {}
    for label in ("Dataset", "Metric", "Task", "Model", "Method"):
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
