"""The default view: tasks and datasets as anchors, the models and methods around them.

A researcher opening the overview wants the shape of the literature: which tasks and
benchmarks the papers work on and which models and methods go with each. So the view
is built around *anchors* (the most-mentioned tasks and datasets) and gives each its
*members*: the models and methods related to it (`X APPLIED_TO task`, `X EVALUATED_ON
dataset`; kg.graph already turns "the paper applies its X to ..." into an edge from X).

Generic entities are left out: a term that goes with almost every task (accuracy,
FLOPs, self-attention, PyTorch) tells nothing about any of them and, drawn, ties
everything to everything. Generic means either listed in
extractors/overview_generic.txt (a domain expert edits it) or, by statistics, sharing
papers with at least `GENERIC_SHARE` of the well-attested tasks and datasets.
Nothing is drawn alone: an anchor comes with at least one member, a member with its anchor.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from kg.graph.keys import entity_key
from kg.resources import data_dir
from kg.types import EntityType, NodeLabel, RelationType, StructuralEdge

ANCHOR_KINDS = (EntityType.TASK.value, EntityType.DATASET.value)
MEMBER_KINDS = (EntityType.MODEL.value, EntityType.METHOD.value)
RELATIONS = frozenset(r.value for r in RelationType)

GENERIC_FILE = "overview_generic.txt"
GENERIC_SHARE = 1 / 3
"""An entity sharing papers with this share of the well-attested anchors is generic."""
MIN_POOL = 15
"""Below this many well-attested anchors the statistic is not trusted (too little data)."""
ATTESTED = 2
"""Papers an anchor needs to count in the statistic's pool."""
MAX_ANCHORS = 20
"""More anchors than this crowd the picture; `--focus` shows the rest."""
PER_ANCHOR = 4
"""Members drawn per anchor (the most related first)."""


@dataclass
class Overview:
    """The chosen nodes, which of them are anchors, and what was left out as generic."""

    nodes: list[str] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    anchor_at: list[int] = field(default_factory=list)
    """Positions of the anchors in `nodes`."""

    @property
    def anchors(self) -> int:
        return len(self.anchor_at)


@functools.cache
def curated_generic(folder: str | None = None) -> frozenset[str]:
    """Keys of the terms in extractors/overview_generic.txt."""
    base = data_dir("extractors") if folder is None else data_dir(folder)
    path = base / GENERIC_FILE
    if not path.exists():
        return frozenset()
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term and entity_key(term):
            keys.add(entity_key(term))
    return frozenset(keys)


def _entities(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, a in graph.nodes(data=True) if a.get("label") == NodeLabel.ENTITY]


def _papers_of(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Entity -> the papers that mention it."""
    papers: dict[str, set[str]] = defaultdict(set)
    for head, tail, attrs in graph.edges(data=True):
        if attrs.get("type") == StructuralEdge.MENTIONS:
            papers[tail].add(head)
    return papers


def generic_entities(graph: nx.MultiDiGraph, curated: Iterable[str] | None = None) -> set[str]:
    """Entities too generic for the overview: listed as generic, or spread over the anchors.

    The statistic: the pool is the tasks and datasets mentioned by at least `ATTESTED`
    papers; an entity is generic when papers mentioning it also mention at least
    `GENERIC_SHARE` of the pool (skipped when the pool is smaller than `MIN_POOL`).
    """
    listed = (
        curated_generic() if curated is None else frozenset(entity_key(term) for term in curated)
    )
    entities = _entities(graph)
    generic = {
        n
        for n in entities
        if {graph.nodes[n].get("key"), *(graph.nodes[n].get("alias_keys") or ())} & listed
    }
    papers = _papers_of(graph)
    pool = {
        n
        for n in entities
        if graph.nodes[n].get("type") in ANCHOR_KINDS and len(papers[n]) >= ATTESTED
    }
    if len(pool) < MIN_POOL:
        return generic
    anchors_in: dict[str, set[str]] = defaultdict(set)
    for anchor in pool:
        for paper in papers[anchor]:
            anchors_in[paper].add(anchor)
    for node in entities:
        reached = set().union(*(anchors_in[p] for p in papers[node])) - {node}
        if len(reached) >= GENERIC_SHARE * (len(pool) - (node in pool)):
            generic.add(node)
    return generic


def _links(graph: nx.MultiDiGraph, anchors: set[str], members: set[str]) -> dict[str, Counter[str]]:
    """Anchor -> Counter(member: number of relation edges between them)."""
    links: dict[str, Counter[str]] = defaultdict(Counter)
    for head, tail, attrs in graph.edges(data=True):
        if attrs.get("type") not in RELATIONS:
            continue
        if head in members and tail in anchors:
            links[tail][head] += 1
        elif tail in members and head in anchors:
            links[head][tail] += 1
    return links


def overview(
    view: nx.MultiDiGraph, source: nx.MultiDiGraph, kinds: Sequence[str], limit: int
) -> Overview:
    """Anchors (most-mentioned first) each with up to `PER_ANCHOR` members, in `limit` nodes.

    `view` holds the drawable nodes of `kinds`; `source` is the whole graph (its
    mentions feed the genericness statistic). Empty when `kinds` has
    no anchor kind or no member kind, or no anchor relates to a member.
    """
    generic = generic_entities(source)
    kept = [n for n in view if n not in generic]
    anchor_kinds = [k for k in kinds if k in ANCHOR_KINDS]
    member_kinds = [k for k in kinds if k not in ANCHOR_KINDS and k != NodeLabel.PAPER]
    anchors = {n for n in kept if view.nodes[n].get("type") in anchor_kinds}
    members = {n for n in kept if view.nodes[n].get("type") in member_kinds}
    links = _links(view, anchors, members)
    papers = {n: int(view.nodes[n].get("papers") or 0) for n in view}
    ranked = sorted(
        (a for a in anchors if links[a]),
        key=lambda a: (-papers[a], -len(links[a]), str(view.nodes[a].get("name"))),
    )
    result = Overview(generic=sorted(n for n in generic if n in view))
    chosen: set[str] = set()
    for anchor in ranked[:MAX_ANCHORS]:
        if len(result.nodes) >= limit:
            break
        around = sorted(links[anchor], key=lambda m: (-links[anchor][m], -papers[m], m))
        new = [m for m in around[:PER_ANCHOR] if m not in chosen]
        if len(result.nodes) + 1 + len(new) > limit:
            new = new[: max(limit - len(result.nodes) - 1, 0)]
            if not new and not set(around[:PER_ANCHOR]) & chosen:
                break
        result.anchor_at.append(len(result.nodes))
        result.nodes += [anchor, *new]
        chosen.update([anchor, *new])
    return result
