"""Assemble per-paper extractions into the one networkx MultiDiGraph of kg.graph.

Entities of all papers merge by cross-paper resolution (kg.graph.resolution: folding,
acronyms pooled over the corpus, never-merge pairs; families by name in kg.graph.families). The
graph is a pure function of its inputs: extractions are processed in paper-id order, so
the same extractions in any order give the same graph ("first" means lowest paper id).
What cannot be placed (a relation naming an entity the paper does not have, a self
loop) is counted in ``graph.graph["dropped"]``, never dropped silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.graph.contribution import named_contribution
from kg.graph.families import add_families
from kg.graph.keys import entity_key, repository_url
from kg.graph.kinds import add_kinds
from kg.graph.resolution import Resolution, resolve_entities
from kg.graph.results import add_results
from kg.models import Evidence, Extraction, Paper, Relation
from kg.types import PAPER_HEAD, EntityType, NodeLabel, StructuralEdge

_TYPE_ORDER = {t: i for i, t in enumerate(EntityType)}
VARIANT_KIND = "variant"
"""VARIANT_OF ``kind`` of a size/version variant named by extraction (BERT-base -> BERT);
kg.graph.families adds ``kind="family"`` edges (BioBERT -> BERT)."""


def paper_node(paper_id: str) -> str:
    return f"paper:{paper_id}"


def entity_node(key: str) -> str:
    return f"entity:{key}"


def repo_node(url: str) -> str:
    return f"repo:{url}"


def edge_key(edge_type: str, paper_id: str | None) -> str:
    return f"{edge_type}|{paper_id or ''}"


@dataclass
class _EntityTally:
    """What all papers together say about one entity key."""

    names: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)
    surface: set[str] = field(default_factory=set)
    types: Counter[EntityType] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)
    family_first: dict[str, str] = field(default_factory=dict)  # family key -> paper id
    papers: set[str] = field(default_factory=set)
    fallback_type: EntityType = EntityType.MODEL  # for a family no paper names itself

    def add_name(self, name: str, order: int) -> None:
        self.names[name] += 1
        self.first_seen.setdefault(name, order)
        self.surface.add(name)

    def display_name(self) -> str:
        return min(self.names, key=lambda n: (-self.names[n], self.first_seen[n]))

    def majority_type(self) -> EntityType:
        if not self.types:
            return self.fallback_type
        return min(self.types, key=lambda t: (-self.types[t], _TYPE_ORDER[t]))


def build_graph(
    extractions: Iterable[Extraction], papers: Iterable[Paper] | None = None
) -> nx.MultiDiGraph:
    """Build the graph (format: see kg.graph) from extractions and, optionally, papers.

    Papers supply the Paper node attributes (url, arXiv id, date); a paper with no
    extraction still gets its node.

    >>> from kg.models import Entity, Extraction, Relation, Evidence
    >>> ev = Evidence(paper_id="p1", sentence="TinyBERT compresses BERT.", start=0, end=25,
    ...               rule="demo", confidence=0.9)
    >>> x = Extraction(id="p1", title="TinyBERT",
    ...     entities=[Entity(name="TinyBERT", type="Model"), Entity(name="BERT", type="Model")],
    ...     proposes=["TinyBERT"],
    ...     relations=[Relation(head="@paper", type="COMPRESSES", tail="BERT", evidence=ev)])
    >>> g = build_graph([x])
    >>> sorted(g.nodes)
    ['entity:bert', 'entity:tinybert', 'paper:p1']
    >>> g.edges["entity:tinybert", "entity:bert", "COMPRESSES|p1"]["sentence"]
    'TinyBERT compresses BERT.'
    """
    ordered = sorted(extractions, key=lambda x: x.id)
    graph = nx.MultiDiGraph()
    graph.graph["dropped"] = Counter()
    by_id = {p.id: p for p in papers or ()}
    for paper_id in sorted(by_id):
        _add_paper(graph, by_id[paper_id], None)
    for extraction in ordered:
        _add_paper(graph, by_id.get(extraction.id), extraction)
    resolution = resolve_entities(ordered)
    tallies = _tally_entities(ordered, resolution)
    _add_entities(graph, tallies, resolution)
    for extraction in ordered:
        _add_paper_edges(graph, extraction, resolution)
    add_families(graph, resolution.rules)
    add_kinds(graph, resolution.rules)
    graph.graph["dropped"] = {k: v for k, v in graph.graph["dropped"].items() if v}
    graph.graph["pruned"] = pruned_counts(ordered)
    return graph


def pruned_counts(extractions: Iterable[Extraction]) -> dict[str, int]:
    """What extraction pruned in these papers, by reason (Extraction.pruned, summed)."""
    total: Counter[str] = Counter()
    for extraction in extractions:
        total.update(extraction.pruned)
    return dict(sorted(total.items()))


def _add_paper(graph: nx.MultiDiGraph, paper: Paper | None, extraction: Extraction | None) -> None:
    paper_id = paper.id if paper is not None else extraction.id  # type: ignore[union-attr]
    attrs = {
        "label": NodeLabel.PAPER.value,
        "id": paper_id,
        "title": paper.title if paper is not None else extraction.title,  # type: ignore[union-attr]
        "url": paper.url if paper is not None else None,
        "arxiv_id": paper.arxiv_id if paper is not None else None,
        "date": paper.date if paper is not None else None,
    }
    graph.add_node(paper_node(paper_id), **attrs)


def _tally_entities(
    extractions: list[Extraction], resolution: Resolution
) -> dict[str, _EntityTally]:
    tallies: dict[str, _EntityTally] = {}
    order = 0
    for extraction in extractions:
        seen_here: set[str] = set()
        for entity in extraction.entities:
            key = resolution.key(extraction.id, entity.name) if entity_key(entity.name) else ""
            if not key:
                continue
            tally = tallies.setdefault(key, _EntityTally())
            order += 1
            tally.add_name(entity.name, order)
            tally.surface.update(a for a in entity.aliases if entity_key(a))
            if key not in seen_here:  # one vote per paper
                tally.types[entity.type] += 1
                tally.papers.add(extraction.id)
            seen_here.add(key)
            family = resolution.key_for_text(entity.family) if entity.family else ""
            if family and family != key:
                tally.families[family] += 1
                tally.family_first.setdefault(family, extraction.id)
                if family not in tallies:
                    tallies[family] = _EntityTally(fallback_type=entity.type)
                tallies[family].surface.add(entity.family)  # type: ignore[arg-type]
                tallies[family].first_seen.setdefault(entity.family, order)  # type: ignore[arg-type]
    return tallies


def _add_entities(
    graph: nx.MultiDiGraph, tallies: dict[str, _EntityTally], resolution: Resolution
) -> None:
    """One node per key; a family no paper names itself still gets its node (papers=0)."""
    for key, tally in tallies.items():
        if key in resolution.names:
            name = resolution.names[key]
        elif tally.names:
            name = tally.display_name()
        else:  # an implicit family: named only as the family of its variants
            name = min(tally.first_seen, key=tally.first_seen.__getitem__)
        family = None
        if tally.families:
            family = min(tally.families, key=lambda f: (-tally.families[f], f))
        aliases = sorted(tally.surface - {name})
        graph.add_node(
            entity_node(key),
            label=NodeLabel.ENTITY.value,
            key=key,
            name=name,
            type=tally.majority_type().value,
            aliases=aliases,
            alias_keys=sorted({entity_key(s) for s in tally.surface | {name}} - {""}),
            family=family,
            papers=len(tally.papers),
            merged=resolution.merged.get(key, []),
        )
    for key, tally in tallies.items():
        family = graph.nodes[entity_node(key)]["family"]
        if family:
            graph.add_edge(
                entity_node(key),
                entity_node(family),
                key=edge_key(StructuralEdge.VARIANT_OF, None),
                type=StructuralEdge.VARIANT_OF.value,
                paper_id=tally.family_first[family],
                kind=VARIANT_KIND,
            )


def _add_paper_edges(
    graph: nx.MultiDiGraph, extraction: Extraction, resolution: Resolution
) -> None:
    pid = extraction.id
    pnode = paper_node(pid)
    local = _local_keys(extraction, resolution)
    for entity in extraction.entities:
        key = resolution.key(pid, entity.name) if entity_key(entity.name) else ""
        if not key:
            graph.graph["dropped"]["entity without letters or digits"] += 1
            continue
        first = min(entity.mentions, key=lambda e: e.start, default=None)
        _add_structural(
            graph,
            pnode,
            entity_node(key),
            StructuralEdge.MENTIONS,
            pid,
            sentence=first.sentence if first else None,
        )
    proposed = [local[k] for k in (entity_key(n) for n in extraction.proposes) if k in local]
    graph.graph["dropped"]["proposed name not among the paper's entities"] += len(
        extraction.proposes
    ) - len(proposed)
    for key in dict.fromkeys(proposed):
        _add_structural(graph, pnode, entity_node(key), StructuralEdge.PROPOSES, pid)
    for url in dict.fromkeys(u for u in map(repository_url, extraction.urls) if u):
        graph.add_node(repo_node(url), label=NodeLabel.REPOSITORY.value, url=url)
        _add_structural(graph, pnode, repo_node(url), StructuralEdge.HAS_CODE, pid)
    named = proposed or [k for k in [named_contribution(extraction, local, graph)] if k]
    head_of_paper = entity_node(named[0]) if named else pnode
    for relation in _best_relations(extraction.relations):
        _add_relation(graph, relation, pid, local, head_of_paper)
    add_results(
        graph,
        extraction,
        pnode,
        lambda name: _local_node(local, name),
        entity_node(proposed[0]) if proposed else None,
    )


def _local_node(local: dict[str, str], name: str | None) -> str | None:
    key = local.get(entity_key(name)) if name else None
    return entity_node(key) if key else None


def _local_keys(extraction: Extraction, resolution: Resolution) -> dict[str, str]:
    """Every normalized name or alias of the paper's entities -> the entity's node key."""
    local: dict[str, str] = {}
    for entity in extraction.entities:
        if entity_key(entity.name):
            local[entity_key(entity.name)] = resolution.key(extraction.id, entity.name)
    for entity in extraction.entities:
        if not entity_key(entity.name):
            continue
        key = resolution.key(extraction.id, entity.name)
        for alias in entity.aliases:
            alias_key = entity_key(alias)
            if alias_key:
                local.setdefault(alias_key, key)
    return local


def _best_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (head, type, tail): the most confident, earliest on ties."""
    best: dict[tuple[str, str, str], Relation] = {}
    for rel in relations:
        ident = (rel.head, rel.type.value, rel.tail)
        kept = best.get(ident)
        if kept is None or rel.evidence.confidence > kept.evidence.confidence:
            best[ident] = rel
    return list(best.values())


def _add_relation(
    graph: nx.MultiDiGraph,
    rel: Relation,
    paper_id: str,
    local: dict[str, str],
    head_of_paper: str,
) -> None:
    dropped = graph.graph["dropped"]
    tail_key = local.get(entity_key(rel.tail))
    if rel.head == PAPER_HEAD:
        head = head_of_paper
    else:
        head_key = local.get(entity_key(rel.head))
        head = entity_node(head_key) if head_key else ""
    if not head or not tail_key:
        dropped["relation naming an entity the paper does not have"] += 1
        return
    tail = entity_node(tail_key)
    if head == tail:
        dropped["relation from an entity to itself"] += 1
        return
    key = edge_key(rel.type, paper_id)
    kept = graph.get_edge_data(head, tail, key)  # two relations resolving to one pair
    if kept is not None and kept["confidence"] >= rel.evidence.confidence:
        return
    graph.add_edge(head, tail, key=key, **_relation_attrs(rel.type.value, paper_id, rel.evidence))


def _relation_attrs(rel_type: str, paper_id: str, ev: Evidence) -> dict[str, object]:
    return {
        "type": rel_type,
        "paper_id": paper_id,
        "sentence": ev.sentence,
        "rule": ev.rule,
        "confidence": ev.confidence,
    }


def _add_structural(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    edge_type: StructuralEdge,
    paper_id: str,
    **extra: object,
) -> None:
    key = edge_key(edge_type, paper_id)
    if graph.has_edge(source, target, key):
        return
    attrs: dict[str, object] = {"type": edge_type.value, "paper_id": paper_id}
    if edge_type is StructuralEdge.MENTIONS:
        attrs["sentence"] = extra.get("sentence")
    graph.add_edge(source, target, key=key, **attrs)
