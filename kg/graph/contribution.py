"""A paper's named contribution when extraction marked none as proposed.

A relation whose head is the paper's own contribution (``@paper``) is put on that
contribution when the paper names it, so answers say "RETRO", not the paper's title:
the name before the title's colon ("Prune OFA: ..."), else a Model or Method the paper
defines with its own acronym ("Retrieval-Enhanced Transformer (RETRO)") that no other
paper mentions. Otherwise the relation stays on the Paper node.
"""

from __future__ import annotations

import networkx as nx

from kg.graph.folding import is_acronym
from kg.graph.keys import entity_key
from kg.models import Extraction
from kg.types import EntityType

_CONTRIBUTION_TYPES = {EntityType.MODEL, EntityType.METHOD}


def named_contribution(
    extraction: Extraction, local: dict[str, str], graph: nx.MultiDiGraph
) -> str | None:
    """The node key of the paper's named contribution, or None."""
    if ":" in extraction.title:
        prefix = entity_key(extraction.title.split(":", 1)[0])
        key = local.get(prefix)
        if key and _is_contribution(graph, key):
            return key
    candidates = []
    for entity in extraction.entities:
        key = local.get(entity_key(entity.name))
        if key is None or entity.type not in _CONTRIBUTION_TYPES:
            continue
        defined = is_acronym(entity.name) and any(" " in a for a in entity.aliases)
        if defined and graph.nodes[f"entity:{key}"].get("papers") == 1:
            first = min((m.start for m in entity.mentions), default=0)
            candidates.append((first, key))
    return min(candidates)[1] if candidates else None


def _is_contribution(graph: nx.MultiDiGraph, key: str) -> bool:
    return graph.nodes[f"entity:{key}"].get("type") in _CONTRIBUTION_TYPES
