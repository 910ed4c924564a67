"""Entity arguments: a name resolves to the entities it names, with their whole family.

A name matches an entity when its normalized form (kg.graph.keys.entity_key: case, spaces
and punctuation ignored) equals the entity's key or one of its alias_keys. The match then
widens along VARIANT_OF: up along size/version variants (``kind`` "variant": "BERT-base"
-> BERT) and down to every member of the family (BERT -> BERT-base, BERT-large, BioBERT;
ImageNet -> ImageNet-1k). ``family="variants"`` widens along size/version variants only
(tasks-for), ``family="none"`` keeps only the matched entities (``--exact``). Both backends
use this rule: the embedded one here over networkx, Neo4j with
``queries/_resolve-entity.cypher``; questions then receive the sorted list of entity keys.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from kg.errors import QuestionError
from kg.graph.assemble import VARIANT_KIND
from kg.graph.keys import entity_key
from kg.questions.names import did_you_mean
from kg.types import NodeLabel, StructuralEdge

_VARIANT = StructuralEdge.VARIANT_OF.value


class EntityRef(BaseModel):
    """An entity an argument resolved to."""

    key: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    family: str | None = None
    papers: int = 0
    merged: list[str] = Field(default_factory=list)  # surface forms merged here, and why


def resolve_in_graph(
    graph: nx.MultiDiGraph,
    text: str,
    family: str | bool = "all",
) -> list[EntityRef]:
    """The entities `text` names in the networkx graph (with their family), sorted by key."""
    key = entity_key(text)
    seeds = [
        node
        for node, data in graph.nodes(data=True)
        if data.get("label") == NodeLabel.ENTITY
        and (data.get("key") == key or key in (data.get("alias_keys") or ()))
    ]
    return resolve_seeds(graph, seeds, family)


def resolve_seeds(
    graph: nx.MultiDiGraph,
    seeds: list[str],
    family: str | bool = "all",
) -> list[EntityRef]:
    """`resolve_in_graph` from the nodes a name matched (a caller with a key index)."""
    if family is True or family == "none":
        found = seeds
    else:
        only_variants = family == "variants"
        found = _reach(
            graph, _reach(graph, seeds, upward=True), upward=False, only_variants=only_variants
        )
    refs = [_ref(graph.nodes[node]) for node in found]
    return sorted(refs, key=lambda ref: ref.key)


def _reach(
    graph: nx.MultiDiGraph, start: list[str], *, upward: bool, only_variants: bool = False
) -> list[str]:
    """Every entity reachable from `start` along VARIANT_OF (upward: variant -> family)."""
    seen = dict.fromkeys(start)
    todo = list(start)
    while todo:
        node = todo.pop()
        edges = graph.out_edges(node, data="type") if upward else graph.in_edges(node, data="type")
        for u, v, edge_type in edges:
            nxt = v if upward else u
            if (
                edge_type != _VARIANT
                or nxt in seen
                or graph.nodes[nxt].get("label") != NodeLabel.ENTITY
            ):
                continue
            if (not upward and not only_variants) or _is_size_variant(graph, u, v):
                seen[nxt] = None
                todo.append(nxt)
    return list(seen)


def _is_size_variant(graph: nx.MultiDiGraph, u: str, v: str) -> bool:
    """A VARIANT_OF edge named by extraction (BERT-base -> BERT), not a family by name."""
    return any(
        d.get("type") == _VARIANT and d.get("kind", VARIANT_KIND) == VARIANT_KIND
        for d in graph.get_edge_data(u, v, default={}).values()
    )


def _ref(data: dict[str, Any]) -> EntityRef:
    return EntityRef(
        key=data["key"],
        name=data["name"],
        type=data["type"],
        aliases=list(data.get("aliases") or []),
        family=data.get("family"),
        papers=data.get("papers") or 0,
        merged=list(data.get("merged") or []),
    )


def similar_in_graph(graph: nx.MultiDiGraph, text: str) -> list[str]:
    """Names to suggest ("did you mean"): close spellings (BRET -> BERT), then names
    containing it, most papers first (kg.questions.names.did_you_mean)."""
    choices: dict[str, tuple[str, int]] = {}
    for _, data in graph.nodes(data=True):
        if data.get("label") == NodeLabel.ENTITY:
            entry = (data["name"], data.get("papers") or 0)
            for key in (data["key"], *(data.get("alias_keys") or ())):
                if key not in choices or choices[key][1] < entry[1]:
                    choices[key] = entry
    return did_you_mean(text, choices)


def no_match(question: str, param: str, text: str, similar: list[str]) -> QuestionError:
    hint = "names match ignoring case, spaces and punctuation, and by alias; "
    if similar:
        hint += "similar names: " + ", ".join(similar)
    else:
        hint += "`kg ask top-entities Model` lists known names"
    return QuestionError(
        f"no entity matches {text!r}", where=f"question {question}, {param.upper()}", hint=hint
    )
