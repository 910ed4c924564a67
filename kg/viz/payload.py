"""The data a page draws: nodes, merged edges with their evidence, and the type styles.

Parallel edges of one relation type between the same two nodes (one per paper in the
graph) become one drawn edge with a count and a few evidence sentences.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import networkx as nx

from kg.types import (
    ENTITY_STYLE,
    NODE_STYLE,
    EntityType,
    NodeLabel,
    ResultEdge,
    StructuralEdge,
)
from kg.viz.layout import packed_layout
from kg.viz.selection import ALL_KINDS, PAPER, Selection, node_kind

MAX_EVIDENCE = 3
"""Evidence sentences kept per drawn edge."""
MAX_TEXT = 320
"""Characters kept of a sentence or title."""
MAX_ALIASES = 8
MAX_RESULTS = 6
"""Reported results listed on an entity's details."""
LAYOUT_UNIT = 120
"""Canvas pixels per unit of kg.viz.layout (the page zooms to fit anyway)."""


def kind_styles() -> dict[str, dict[str, str]]:
    """Colour and shape of every kind, from kg.types (the one place they are defined)."""
    styles = {t.value: dict(style) for t, style in ENTITY_STYLE.items()}
    styles[PAPER] = dict(NODE_STYLE[NodeLabel.PAPER])
    return {kind: styles[kind] for kind in ALL_KINDS}


def _clip(text: Any) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _paper_title(graph: nx.MultiDiGraph, paper_id: Any) -> str:
    if not paper_id:
        return ""
    attrs = graph.nodes.get(f"paper:{paper_id}")
    return _clip(attrs.get("title")) if attrs else str(paper_id)


def _example_mention(source: nx.MultiDiGraph, node: str) -> dict[str, str] | None:
    """The first mention's sentence of an entity in the whole graph, with its paper."""
    if node not in source:
        return None
    for _, _, attrs in source.in_edges(node, data=True):
        if attrs.get("type") == StructuralEdge.MENTIONS and attrs.get("sentence"):
            return {
                "sentence": _clip(attrs["sentence"]),
                "title": _paper_title(source, attrs.get("paper_id")),
            }
    return None


def _proposed_in(source: nx.MultiDiGraph, node: str) -> list[str]:
    if node not in source:
        return []
    titles = [
        _paper_title(source, attrs.get("paper_id") or str(head).removeprefix("paper:"))
        for head, _, attrs in source.in_edges(node, data=True)
        if attrs.get("type") == StructuralEdge.PROPOSES
    ]
    return sorted(set(titles))[:MAX_EVIDENCE]


_RESULT_LINKS = frozenset({ResultEdge.RESULT_OF.value, ResultEdge.ON_DATASET.value})


def node_results(source: nx.MultiDiGraph, node: str) -> list[dict[str, str]]:
    """Figures reported for an entity (or on a dataset): a line and the sentence each."""
    if node not in source:
        return []
    out = []
    for result, _, attrs in sorted(source.in_edges(node, data=True), key=lambda e: e[0]):
        if attrs.get("type") not in _RESULT_LINKS:
            continue
        r = source.nodes[result]
        figure = f"{r.get('value')}{'' if r.get('unit') in (None, '%', 'x') else ' '}"
        figure += r.get("unit") or ""
        about = " ".join(str(r[k]) for k in ("metric", "dataset") if r.get(k))
        line = f"{r.get('subject')}: {figure} {about}".strip()
        if r.get("kind") == "relative":
            line += f" (relative{', vs ' + str(r['compared_to']) if r.get('compared_to') else ''})"
        out.append(
            {
                "text": _clip(line),
                "sentence": _clip(r.get("sentence")),
                "title": _paper_title(source, r.get("paper_id")),
            }
        )
        if len(out) == MAX_RESULTS:
            break
    return out


def _node(source: nx.MultiDiGraph, node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    kind = node_kind(attrs) or EntityType.METHOD.value
    if kind == PAPER:
        return {
            "id": node,
            "label": _clip(attrs.get("title") or attrs.get("id") or node),
            "kind": kind,
            "papers": 1,
            "url": str(attrs.get("url") or ""),
            "date": str(attrs.get("date") or ""),
            "keys": [],
        }
    aliases = [a for a in (attrs.get("aliases") or []) if a != attrs.get("name")]
    keys = {attrs.get("key"), *(attrs.get("alias_keys") or [])} - {None, ""}
    return {
        "id": node,
        "label": str(attrs.get("name") or attrs.get("key") or node),
        "kind": kind,
        "papers": int(attrs.get("papers") or 0),
        "aliases": aliases[:MAX_ALIASES],
        "keys": sorted(keys),
        "proposedIn": _proposed_in(source, node),
        "example": _example_mention(source, node),
        "results": node_results(source, node),
    }


def _edges(view: nx.MultiDiGraph, source: nx.MultiDiGraph) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    evidence: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for head, tail, attrs in view.edges(data=True):
        rel = str(attrs.get("type"))
        group = (head, tail, rel)
        edge = merged.setdefault(group, {"from": head, "to": tail, "type": rel, "count": 0})
        edge["count"] += 1
        if len(evidence[group]) < MAX_EVIDENCE:
            sentence = _clip(attrs.get("sentence"))
            title = _paper_title(source, attrs.get("paper_id"))
            if sentence or title:
                evidence[group].append({"sentence": sentence, "title": title})
    edges = []
    for number, (group, edge) in enumerate(sorted(merged.items())):
        edges.append({"id": f"e{number}", **edge, "evidence": evidence[group]})
    return edges


def build_payload(selection: Selection, source: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything the page's script needs, as JSON-ready data."""
    view = selection.graph
    nodes = [_node(source, n, a) for n, a in view.nodes(data=True)]
    positions = packed_layout(view) if selection.anchors else {}
    for node in nodes:
        node["anchor"] = node["id"] in selection.anchors
        if node["id"] in positions:
            x, y = positions[node["id"]]
            node["x"], node["y"] = round(x * LAYOUT_UNIT, 1), round(y * LAYOUT_UNIT, 1)
    nodes.sort(key=lambda n: (-n["papers"], n["label"], n["id"]))
    return {
        "meta": {
            "description": selection.description,
            "focus": selection.focus,
            "candidates": selection.candidates,
            "caption": selection.caption,
            "leftOut": list(selection.left_out),
        },
        "styles": kind_styles(),
        "nodes": nodes,
        "edges": _edges(view, source),
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element and in an HTML attribute.

    `<`, `>` and `&` become \\u escapes, so no `</script>` or `<!--` can appear; the
    line separators U+2028/2029 are escaped for old JavaScript parsers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
