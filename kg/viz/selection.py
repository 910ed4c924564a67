"""Choosing what to draw: a readable part of the knowledge graph.

The whole graph of a corpus has thousands of entities and tens of thousands of
mentions; drawn at once it is a hairball. A view is either a *focus* (one entity or
paper and what lies within N hops of it) or, by default, the top entities by number of
papers and the entities they relate to, with the relations among them. Mentions and
repositories are never drawn as edges (the paper counts and tooltips carry them);
relations, variants and, when papers are shown, PROPOSES edges are.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from kg.errors import ConfigError
from kg.graph.keys import entity_key
from kg.types import EntityType, NodeLabel, RelationType, StructuralEdge

PAPER = NodeLabel.PAPER.value
ENTITY_KINDS: tuple[str, ...] = tuple(t.value for t in EntityType)
ALL_KINDS: tuple[str, ...] = (*ENTITY_KINDS, PAPER)
"""What a view can show: the entity types and papers (default: the entity types)."""

VIEW_EDGES = frozenset(
    [r.value for r in RelationType]
    + [StructuralEdge.VARIANT_OF.value, StructuralEdge.PROPOSES.value]
)
"""Edge types drawn between the chosen nodes."""

DEFAULT_LIMIT = 150


@dataclass(frozen=True)
class Selection:
    """The chosen nodes of a graph and how they were chosen."""

    graph: nx.MultiDiGraph
    """The chosen nodes (attributes shared with the source graph) and the drawn edges."""
    focus: str | None
    """Node id of the focus, if any."""
    description: str
    """One line for titles and messages, e.g. "top 150 of 2345 entities by papers"."""
    candidates: int
    """How many nodes of the chosen kinds the whole graph has."""
    left_out: tuple[str, ...] = ()
    """Names of the generic entities the overview leaves out, most-mentioned first."""
    caption: str = ""
    """What the view shows and how to read it, for the page and the picture."""
    anchors: frozenset[str] = frozenset()
    """The overview's anchor nodes (tasks and datasets), drawn with large labels."""


def node_kind(attrs: dict[str, Any]) -> str | None:
    """The kind a node is drawn as: its EntityType value, "Paper", or None (not drawn)."""
    label = attrs.get("label")
    if label == NodeLabel.ENTITY:
        return str(attrs.get("type") or EntityType.METHOD.value)
    if label == NodeLabel.PAPER:
        return PAPER
    return None


def parse_kinds(types: Iterable[str] | None) -> tuple[str, ...]:
    """The kinds named in `types` (case-insensitive, comma-separated allowed), in order."""
    if not types:
        return ENTITY_KINDS
    by_lower = {k.lower(): k for k in ALL_KINDS}
    chosen: list[str] = []
    for item in types:
        for word in str(item).split(","):
            word = word.strip()
            if not word:
                continue
            kind = by_lower.get(word.lower()) or by_lower.get(word.lower().removesuffix("s"))
            if kind is None:
                raise ConfigError(
                    f"unknown type {word!r}",
                    where="--types",
                    hint=f"choose from {', '.join(ALL_KINDS)}",
                )
            if kind not in chosen:
                chosen.append(kind)
    return tuple(chosen) or ENTITY_KINDS


def find_node(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id an entity name, alias, paper title or id (or a node id) refers to."""
    if name in graph and node_kind(graph.nodes[name]) is not None:
        return name
    key = entity_key(name)
    best: tuple[int, int, str] | None = None
    for node, attrs in graph.nodes(data=True):
        kind = node_kind(attrs)
        if kind == PAPER:
            rank = 0 if name in (attrs.get("id"), attrs.get("arxiv_id")) else None
            if rank is None and key and entity_key(str(attrs.get("title") or "")) == key:
                rank = 1
        elif kind is not None:
            keys = attrs.get("alias_keys") or ()
            rank = 0 if attrs.get("key") == key else (1 if key in keys else None)
        else:
            rank = None
        if rank is not None and key:
            candidate = (rank, -int(attrs.get("papers") or 0), node)
            best = candidate if best is None or candidate < best else best
    if best is None:
        raise ConfigError(
            f"no entity or paper named {name!r} in the graph",
            where="--focus",
            hint=_suggest(graph, name),
        )
    return best[2]


def _suggest(graph: nx.MultiDiGraph, name: str) -> str:
    names = {
        str(a.get("name")): n
        for n, a in graph.nodes(data=True)
        if a.get("label") == NodeLabel.ENTITY
    }
    close = difflib.get_close_matches(name, list(names), n=5, cutoff=0.6)
    if not close:
        lowered = name.lower()
        close = sorted((n for n in names if lowered in n.lower()), key=len)[:5]
    if close:
        return "did you mean: " + ", ".join(close) + "?"
    return "`kg ask top-entities Model` lists names that are in the graph"


def _view(graph: nx.MultiDiGraph, kinds: Sequence[str], keep: str | None = None) -> nx.MultiDiGraph:
    """The drawable graph: nodes of the kinds (plus `keep`) and the drawn edge types."""
    view = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        if node == keep or node_kind(attrs) in kinds:
            view.add_node(node, **attrs)
    for head, tail, key, attrs in graph.edges(keys=True, data=True):
        if attrs.get("type") in VIEW_EDGES and head in view and tail in view:
            view.add_edge(head, tail, key=key, **attrs)
    return view


def _papers(attrs: dict[str, Any]) -> int:
    return int(attrs.get("papers") or 0)


def _restrict(view: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    return nx.MultiDiGraph(view.subgraph(list(nodes)))


def _focus_view(view: nx.MultiDiGraph, focus: str, hops: int, limit: int | None) -> list[str]:
    distance = nx.single_source_shortest_path_length(
        view.to_undirected(as_view=True), focus, cutoff=max(hops, 0)
    )
    order = sorted(distance, key=lambda n: (distance[n], -_papers(view.nodes[n]), n))
    return order[:limit] if limit else order


def _top_view(view: nx.MultiDiGraph, kinds: Sequence[str], limit: int | None) -> list[str]:
    """The most-mentioned entities (related ones first) and the entities they relate to."""
    entities = [n for n, a in view.nodes(data=True) if node_kind(a) != PAPER]
    neighbours = {n: _entity_neighbours(view, n) for n in entities}
    entities.sort(
        key=lambda n: (
            not neighbours[n],
            -_papers(view.nodes[n]),
            str(view.nodes[n].get("name")),
            n,
        )
    )
    papers = [n for n, a in view.nodes(data=True) if node_kind(a) == PAPER]
    if not limit:
        return entities + papers
    room = limit - limit // 3 if PAPER in kinds else limit
    chosen = _with_neighbours(view, entities, neighbours, room)
    if PAPER not in kinds:
        return chosen
    chosen_set = set(chosen)
    links = {p: sum(1 for t in view.successors(p) if t in chosen_set) for p in papers}
    linked = sorted((p for p in papers if links[p]), key=lambda p: (-links[p], p))
    return chosen + linked[: limit - len(chosen)]


def _entity_neighbours(view: nx.MultiDiGraph, node: str) -> set[str]:
    return {
        o for o in nx.all_neighbors(view, node) if o != node and node_kind(view.nodes[o]) != PAPER
    }


def _with_neighbours(
    view: nx.MultiDiGraph, ranked: list[str], neighbours: dict[str, set[str]], room: int
) -> list[str]:
    """Three quarters of the room for the top of `ranked`, the rest for their neighbours.

    The top entities alone mostly do not relate to each other (a field of lone dots);
    giving each, in rank order, its most-mentioned neighbour shows what they relate to
    without the hairball that taking every neighbour makes.
    """
    seeds = ranked[: max(room - room // 4, 1)]
    chosen, taken = list(seeds), set(seeds)
    queues = {s: sorted(neighbours[s], key=lambda n: (-_papers(view.nodes[n]), n)) for s in seeds}
    while len(chosen) < room and any(queues.values()):
        for seed in seeds:
            queue = queues[seed]
            while queue and queue[0] in taken:
                queue.pop(0)
            if queue and len(chosen) < room:
                taken.add(queue[0])
                chosen.append(queue.pop(0))
    chosen += [n for n in ranked if n not in taken][: room - len(chosen)]
    return chosen


def select(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    types: Sequence[str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Selection:
    """Choose the part of `graph` to draw.

    With `focus`, the named entity or paper and everything within `hops` relations of
    it (nearest first, at most `limit` nodes). Else the overview (kg.viz.overview): the
    most-mentioned tasks and datasets, each with the models and methods related to it,
    generic entities left out and no node drawn alone. When the kinds have no anchors
    (e.g. `types=["Model"]`) or papers are asked for: the entities mentioned by the most
    papers, related ones first, and for each in turn the entity it relates to most.
    `types` keeps only those kinds (EntityType values and "Paper"); the focus is always
    kept. `limit` 0 or None means no limit: every node of the chosen kinds.
    """
    kinds = parse_kinds(types)
    if limit is not None and limit < 0:
        raise ConfigError(f"limit must be 0 (no limit) or more, not {limit}", where="--limit")
    focus_id = find_node(graph, focus) if focus else None
    view = _view(graph, kinds, keep=focus_id)
    candidates = sum(1 for _, a in view.nodes(data=True) if node_kind(a) in kinds)
    noun = "nodes" if PAPER in kinds else "entities"
    if focus_id is not None:
        nodes = _focus_view(view, focus_id, hops, limit)
        name = view.nodes[focus_id].get("name") or view.nodes[focus_id].get("title") or focus_id
        unit = "hop" if hops == 1 else "hops"
        chosen = Selection(
            _restrict(view, nodes),
            focus_id,
            f"{name} and {len(nodes) - 1} {noun} within {hops} {unit}",
            candidates,
        )
    elif limit and PAPER not in kinds and (shown := _overview(graph, view, kinds, limit)):
        chosen = shown
    else:
        nodes = _top_view(view, kinds, limit)
        description = (
            f"{len(nodes)} of {candidates} {noun}: the most mentioned and their relations"
            if len(nodes) < candidates
            else f"all {candidates} {noun}"
        )
        chosen = Selection(_restrict(view, nodes), None, description, candidates)
    if tuple(kinds) != ENTITY_KINDS:
        chosen = replace(chosen, description=f"{chosen.description} ({', '.join(kinds)})")
    return chosen


def _overview(
    graph: nx.MultiDiGraph, view: nx.MultiDiGraph, kinds: Sequence[str], limit: int
) -> Selection | None:
    """The anchored overview as a Selection, or None when it finds no anchor."""
    from kg.viz.overview import ANCHOR_KINDS, overview

    found = overview(view, graph, kinds, limit)
    if not found.nodes:
        return None
    drawn = _restrict(view, found.nodes)
    names = tuple(
        str(view.nodes[n].get("name"))
        for n in sorted(found.generic, key=lambda n: (-_papers(view.nodes[n]), n))
    )
    anchor_names = " and ".join(k.lower() + "s" for k in ANCHOR_KINDS if k in kinds)
    others = len(found.nodes) - found.anchors
    description = f"{found.anchors} {anchor_names} with the {others} entities related to them"
    caption = (
        f"The {found.anchors} most-mentioned {anchor_names} (large labels) and, "
        "around each, the entities related to it. Size: number of papers; hover "
        "for the evidence."
    )
    if names:
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        caption += f" Left out as generic: {shown}."
    candidates = sum(1 for _, a in view.nodes(data=True) if node_kind(a) in kinds)
    return Selection(
        drawn,
        None,
        description,
        candidates,
        left_out=names,
        caption=caption,
        anchors=frozenset(found.nodes[i] for i in found.anchor_at),
    )
