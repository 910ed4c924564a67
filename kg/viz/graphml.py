"""GraphML export for Gephi, Cytoscape and yEd.

GraphML attributes are scalars: lists become "; "-joined strings, None becomes "" and
anything else that is not a bool, int, float or str becomes its JSON or str form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

SEPARATOR = "; "


def graphml_value(value: Any) -> bool | int | float | str:
    """A GraphML-legal scalar for an attribute value."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return SEPARATOR.join(str(item) for item in items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `graph` whose graph, node and edge attributes are GraphML-legal."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: graphml_value(v) for k, v in graph.graph.items()})
    for node, attrs in graph.nodes(data=True):
        flat.add_node(str(node), **{k: graphml_value(v) for k, v in attrs.items()})
    for head, tail, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(
            str(head), str(tail), key=str(key), **{k: graphml_value(v) for k, v in attrs.items()}
        )
    return flat


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write `graph` as GraphML (numeric types inferred, so int/float mixes become double)."""
    nx.write_graphml(graphml_ready(graph), str(path), infer_numeric_types=True)
