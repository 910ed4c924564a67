"""Model and dataset families from names: BioBERT, Q8BERT -> BERT; TinyLlama, Llama 2 -> LLaMA;
ImageNet-1k -> ImageNet.

A node without a family from extraction (a size/version variant, ``kind="variant"``) joins
the family of the longest other node's name its own name contains at a word, case or
digit boundary (``kind="family"`` VARIANT_OF edge, with ``why``). "Hedgehog-Llama2" joins
Llama 2, which joins LLaMA: families chain. Which types can be roots and members, the
roots never used and the pairs never linked are in extractors/resolution.json ("family").
Datasets take only a version or size suffix (ImageNet-1k, not SuperGLUE or MMLU-Pro).
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from kg.graph.folding import Rules, load_rules
from kg.graph.keys import entity_key
from kg.types import NodeLabel, StructuralEdge

FAMILY_KIND = "family"
MAX_PARTS = 4
_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+(?:\.\d+)?")
_VERSIONISH = re.compile(r"\d|^(?:chat|instruct|base|large|small|tiny|mini|xl|v\d*)$", re.I)


def name_parts(name: str) -> list[tuple[int, int]]:
    """Character spans of the parts of a name: words, capital runs, numbers.

    >>> [ "OpenLLaMA-2"[a:b] for a, b in name_parts("OpenLLaMA-2")]
    ['Open', 'LLa', 'MA', '2']
    """
    return [m.span() for m in _PART.finditer(name)]


def _is_root_name(name: str, rules: Rules) -> bool:
    """A named model or dataset, not a common word: two capitals, or a capital and a digit."""
    fam = rules.family
    if name in fam.get("not_roots", ()) or len(entity_key(name)) < fam.get("min_root_length", 2):
        return False
    if len(name.split()) > 2:
        return False
    upper = sum(c.isupper() for c in name)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in name))


def add_families(graph: nx.MultiDiGraph, rules: Rules | None = None) -> None:
    """Give family-less entity nodes their family by name (see the module docstring)."""
    rules = rules or load_rules()
    fam = rules.family
    root_types = set(fam.get("root_types", ()))
    roots: dict[str, str] = {}  # key -> node
    for node, data in graph.nodes(data=True):
        if (
            data.get("label") == NodeLabel.ENTITY
            and data.get("type") in root_types
            and _is_root_name(data["name"], rules)
        ):
            roots[data["key"]] = node
    never = {(entity_key(a), entity_key(b)) for a, b in fam.get("not_members", ())}
    suffix = re.compile(fam.get("dataset_suffix", "$^"), re.IGNORECASE)
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("label") != NodeLabel.ENTITY or data.get("family"):
            continue
        found = _family_root(data, roots, graph, fam, suffix)
        if (
            found is None
            or (data["key"], graph.nodes[found]["key"]) in never
            or in_family_chain(graph, found, node)
        ):
            continue
        root = graph.nodes[found]
        add_family_edge(graph, node, found, FAMILY_KIND, f"name contains {root['name']!r}")


def add_family_edge(graph: nx.MultiDiGraph, node: str, root: str, kind: str, why: str) -> None:
    """Make `node` a member of `root`'s family: its `family` key and a VARIANT_OF edge that
    says which rule joined them (`kind`) and why."""
    graph.nodes[node]["family"] = graph.nodes[root]["key"]
    graph.add_edge(
        node,
        root,
        key=f"{StructuralEdge.VARIANT_OF.value}|",
        type=StructuralEdge.VARIANT_OF.value,
        paper_id=first_paper(graph, node),
        kind=kind,
        why=why,
    )


def _family_root(
    data: dict[str, Any],
    roots: dict[str, str],
    graph: nx.MultiDiGraph,
    fam: dict[str, Any],
    suffix: re.Pattern[str],
) -> str | None:
    """The node of the longest root named inside this node's name, or None."""
    name, key = data["name"], data["key"]
    parts = name_parts(name)
    best: tuple[int, str] | None = None
    for i in range(len(parts)):
        for j in range(i + 1, min(len(parts), i + MAX_PARTS) + 1):
            start, end = parts[i][0], parts[j - 1][1]
            span_key = entity_key(name[start:end])
            root = roots.get(span_key)
            if root is None or span_key == key or (i == 0 and j == len(parts)):
                continue
            root_type = graph.nodes[root]["type"]
            if data.get("type") not in fam.get("member_types", {}).get(root_type, ()):
                continue
            if not _fits(name, start, end, root_type, suffix):
                continue
            if best is None or len(span_key) > best[0]:
                best = (len(span_key), root)
    return best[1] if best else None


def _fits(name: str, start: int, end: int, root_type: str, suffix: re.Pattern[str]) -> bool:
    """Datasets: the root, then only a version/size suffix. Models: other words of the name
    (split by spaces) are versions or sizes ('Llama 2 7B'), not descriptions ('BERT embeddings')."""
    before, after = name[:start], name[end:]
    if root_type == "Dataset":
        rest = after.strip(" -_")
        return not before.strip() and bool(rest) and bool(suffix.match(rest))
    if " " in before.strip() or (before and before[-1] == " "):
        return False
    words_after = after.split()
    if words_after and not after[0].isspace():
        words_after = words_after[1:]  # the rest of the word holding the root
    return all(_VERSIONISH.search(w) for w in words_after)


def first_paper(graph: nx.MultiDiGraph, node: str) -> str | None:
    """The lowest id of the papers naming the member (its evidence), or None."""
    ids = [
        graph.nodes[u].get("id")
        for u, _v, kind in graph.in_edges(node, data="type")
        if kind in (StructuralEdge.MENTIONS.value, StructuralEdge.PROPOSES.value)
    ]
    return min(ids) if ids else None


def in_family_chain(graph: nx.MultiDiGraph, start: str, target: str) -> bool:
    """True when following family links up from `start` reaches `target` (a cycle)."""
    seen = set()
    node: str | None = start
    while node is not None and node not in seen:
        if node == target:
            return True
        seen.add(node)
        family = graph.nodes[node].get("family")
        node = f"entity:{family}" if family else None
    return False
