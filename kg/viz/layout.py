"""A layout for the overview: each cluster laid out alone, the clusters packed in rows.

A force layout of the whole overview started from random places lets separate
clusters (a task with its models) drift through each other, and the anchors' labels
end up on top of each other. Laying out each connected part on its own (a spring
layout, seeded, so the picture is the same every time) and packing the parts side by
side keeps every task's neighbourhood together and apart from the others. The page
starts its physics from these places; the static picture draws them as they are.
"""

from __future__ import annotations

import math

import networkx as nx

ASPECT = 1.6
"""Width over height of the packed picture (a landscape window)."""
GAP = 0.8
"""Space between packed parts, in edge lengths."""
SPREAD = 2.0
"""The spring layout's k times the square root of the part's size (its default is 1)."""


def _part(graph: nx.Graph, nodes: set[str]) -> dict[str, tuple[float, float]]:
    """A spring layout of one connected part, scaled so that edges are about a unit long."""
    if len(nodes) == 1:
        return {next(iter(nodes)): (0.0, 0.0)}
    part = graph.subgraph(nodes)
    placed = nx.spring_layout(part, seed=7, k=SPREAD / math.sqrt(len(nodes)), iterations=300)
    lengths = sorted(math.dist(placed[a], placed[b]) for a, b in part.edges())
    scale = 1.0 / max(lengths[len(lengths) // 2], 1e-9)
    # labels are wide: stretch x
    return {n: (float(x) * scale * 1.35, float(y) * scale) for n, (x, y) in placed.items()}


def _box(pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)


def packed_layout(graph: nx.Graph | nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node -> (x, y), y downwards, about one unit between neighbours.

    Parts are placed biggest first, left to right in rows whose width makes the whole
    about `ASPECT` times wider than high.
    """
    simple = nx.Graph(graph.to_undirected() if graph.is_directed() else graph)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), sorted(c)[0]))
    laid = [_part(simple, part) for part in parts]
    boxes = [_box(p) for p in laid]
    area = sum((b[2] - b[0] + 1 + GAP) * (b[3] - b[1] + 1 + GAP) for b in boxes)
    widest = max((b[2] - b[0] + 1 + GAP for b in boxes), default=0.0)
    row_width = max(math.sqrt(area * ASPECT), widest)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for placed, (x0, y0, x1, y1) in zip(laid, boxes, strict=True):
        width, height = x1 - x0 + 1 + GAP, y1 - y0 + 1 + GAP
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in placed.items():
            pos[node] = (x + px - x0, y + py - y0)
        x += width
        row_height = max(row_height, height)
    return pos
