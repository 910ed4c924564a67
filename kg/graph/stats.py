"""Summary counts of a graph: what `kg stats` prints."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from kg.types import EntityType, NodeLabel, RelationType, StructuralEdge


def graph_stats(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Papers, entities by type, relations by type, structural edges, repositories.

    >>> from kg.graph.assemble import build_graph
    >>> graph_stats(build_graph([]))["papers"]
    0
    """
    labels = Counter(attrs["label"] for _, attrs in graph.nodes(data=True))
    entity_types = Counter(
        attrs["type"] for _, attrs in graph.nodes(data=True) if attrs["label"] == NodeLabel.ENTITY
    )
    edge_types = Counter(attrs["type"] for _, _, attrs in graph.edges(data=True))
    return {
        "papers": labels[NodeLabel.PAPER.value],
        "entities": labels[NodeLabel.ENTITY.value],
        "entities_by_type": {t.value: entity_types[t.value] for t in EntityType},
        "relations": sum(edge_types[r.value] for r in RelationType),
        "relations_by_type": {r.value: edge_types[r.value] for r in RelationType},
        "structural_edges": {e.value: edge_types[e.value] for e in StructuralEdge},
        "repositories": labels[NodeLabel.REPOSITORY.value],
        "results": labels[NodeLabel.RESULT.value],
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "dropped": dict(graph.graph.get("dropped", {})),
        "pruned": dict(graph.graph.get("pruned", {})),
    }
