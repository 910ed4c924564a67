"""Names a question may mention: the graph's entities and aliases, and the curated lexicons.

The router looks names up here by normalised key (kg.graph.keys.entity_key: case, spaces
and punctuation ignored, so "llama 2" finds "LLaMA-2"), then by a small edit distance
against the graph's own names for typos ("BRET" -> BERT). `did_you_mean` proposes names
for one that does not resolve, and question names for a misspelled question.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from kg.graph.keys import entity_key
from kg.resources import data_dir
from kg.types import NodeLabel

GENERIC = frozenset(
    {
        "the",
        "a",
        "an",
        "model",
        "models",
        "dataset",
        "datasets",
        "data",
        "benchmark",
        "benchmarks",
        "task",
        "tasks",
        "method",
        "methods",
        "architecture",
        "architectures",
        "family",
        "paper",
        "papers",
        "corpus",
        "network",
        "networks",
        "metric",
        "metrics",
        "score",
        "scores",
        "approach",
        "technique",
        "algorithm",
        "framework",
        "test",
        "set",
    }
)
"""Words around a name that are not part of it ("the GLUE benchmark" -> GLUE)."""
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Name:
    name: str
    type: str
    papers: int = 0
    in_graph: bool = False


class NameIndex:
    """Known names by key; graph entities win over lexicon entries of the same key."""

    def __init__(self, graph: nx.MultiDiGraph | None = None):
        self.names: dict[str, Name] = dict(lexicon_names())
        self.graph_keys: list[str] = []
        self.nodes: dict[str, list[str]] = {}  # key -> the graph's entity nodes with it
        if graph is not None:
            for node, data in graph.nodes(data=True):
                if data.get("label") != NodeLabel.ENTITY:
                    continue
                entry = Name(data["name"], data["type"], data.get("papers") or 0, True)
                for key in (data["key"], *(data.get("alias_keys") or ())):
                    self.nodes.setdefault(key, []).append(node)
                    old = self.names.get(key)
                    if old is None or not old.in_graph or old.papers < entry.papers:
                        self.names[key] = entry
            self.graph_keys = [k for k, v in self.names.items() if v.in_graph]

    def __contains__(self, key: object) -> bool:
        return key in self.names

    def lookup(self, text: str) -> Name | None:
        """The name `text` means: exact key, then without generic edge words, then a typo."""
        words = text.split()
        while words and words[0].lower() in GENERIC:
            words = words[1:]
        while words and words[-1].lower() in GENERIC:
            words = words[:-1]
        for candidate in (text, " ".join(words)):
            key = entity_key(candidate)
            if key in self.names:
                return self.names[key]
        return self.typo(entity_key(" ".join(words) or text))

    def typo(self, key: str) -> Name | None:
        """A graph name one edit away (two for long names), with the same digits."""
        if len(key) < 4 or not self.graph_keys:
            return None
        limit = 1 if len(key) < 8 else 2
        found = process.extract(
            key, self.graph_keys, scorer=OSA.distance, score_cutoff=limit, limit=8
        )
        same = [k for k, _, _ in found if _DIGITS.findall(k) == _DIGITS.findall(key)]
        if not same:
            return None
        return max((self.names[k] for k in same), key=lambda n: n.papers)

    def clean(self, text: str) -> str:
        """An unknown name without generic edge words ("the Foo benchmark" -> "Foo")."""
        words = text.split()
        while len(words) > 1 and words[0].lower() in GENERIC:
            words = words[1:]
        while len(words) > 1 and words[-1].lower() in GENERIC:
            words = words[:-1]
        return " ".join(words)


@functools.cache
def lexicon_names() -> dict[str, Name]:
    """Every curated and lexicon name, by key (a name the graph may not hold yet)."""
    folder = data_dir("extractors")
    files = [*sorted(folder.glob("curated*.jsonl")), *sorted(folder.glob("lexicon/*.jsonl"))]
    names: dict[str, Name] = {}
    for path in files:
        for row in _rows(path.read_text(encoding="utf-8")):
            pattern, label = row.get("pattern"), row.get("label")
            if isinstance(pattern, str) and isinstance(label, str):
                names.setdefault(entity_key(pattern), Name(str(row.get("id") or pattern), label))
    names.pop("", None)
    return names


def _rows(text: str) -> list[dict[str, Any]]:
    """The objects of a JSON-lines text: parsed as one array (fast), or line by line,
    skipping bad lines, when that fails."""
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        rows = json.loads("[" + ",".join(lines) + "]")
    except json.JSONDecodeError:
        rows = []
        for line in lines:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return [row for row in rows if isinstance(row, dict)]


SUGGESTIONS = 5


def did_you_mean(
    text: str, choices: Mapping[str, tuple[str, int]], limit: int = SUGGESTIONS
) -> list[str]:
    """Names close to `text`: choices maps a key to (name, papers).

    Close spellings first (rapidfuzz ratio), then names that contain it, most papers first.
    """
    key = entity_key(text)
    if not key:
        return []
    fuzzy = process.extract(key, list(choices), scorer=fuzz.ratio, score_cutoff=70, limit=20)
    fuzzy.sort(key=lambda hit: (-hit[1], -choices[hit[0]][1], hit[0]))
    containing = sorted(
        (k for k in choices if key in k and k != key), key=lambda k: (-choices[k][1], k)
    )
    return _unique(choices[k][0] for k in [*(k for k, _, _ in fuzzy), *containing])[:limit]


def close_question(name: str, questions: Iterable[str]) -> str | None:
    """The question name `name` misspells, if one is close enough."""
    hit = process.extractOne(name.lower(), list(questions), scorer=fuzz.ratio, score_cutoff=80)
    return hit[0] if hit else None


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
