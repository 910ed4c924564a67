"""Static pictures (SVG, PNG) for papers and slides, drawn with matplotlib.

Colours come from kg.types; vis-network's shape names are translated to matplotlib
markers. Only the biggest nodes are labelled so the picture stays legible.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ConfigError
from kg.viz.payload import kind_styles
from kg.viz.selection import Selection, node_kind

MARKERS = {
    "dot": "o",
    "diamond": "D",
    "square": "s",
    "triangle": "^",
    "star": "*",
    "box": "s",
    "hexagon": "h",
    "ellipse": "o",
    "circle": "o",
}
"""vis-network shape name -> matplotlib marker."""

MAX_NODES = 400
"""More nodes than this make an unreadable picture (and a slow layout)."""
LABELLED = 45
"""How many of the biggest nodes get a name label."""


def _merged(view: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per (head, tail) with a count and the relation types seen."""
    simple = nx.DiGraph()
    simple.add_nodes_from(view.nodes(data=True))
    for head, tail, attrs in view.edges(data=True):
        if head == tail:
            continue
        if simple.has_edge(head, tail):
            simple[head][tail]["count"] += 1
            simple[head][tail]["types"].add(str(attrs.get("type")))
        else:
            simple.add_edge(head, tail, count=1, types={str(attrs.get("type"))})
    return simple


def _label(attrs: dict[str, Any]) -> str:
    text = str(attrs.get("name") or attrs.get("title") or attrs.get("id") or "")
    return text if len(text) <= 32 else text[:31] + "…"


def _sizes(simple: nx.DiGraph) -> dict[str, float]:
    top = max((int(a.get("papers") or 1) for _, a in simple.nodes(data=True)), default=1)
    return {
        n: 60 + 640 * math.sqrt(max(int(a.get("papers") or 1), 1) / top)
        for n, a in simple.nodes(data=True)
    }


def _layout(simple: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Related nodes by a spring layout on top; lone nodes in rows beneath, biggest first.

    A spring layout pushes lone nodes and small components to a ring around a cramped
    centre; set apart and held together, the related part gets the room.
    """
    undirected = simple.to_undirected()
    related = [v for v in undirected if undirected.degree(v) > 0]
    lone = sorted(
        (v for v in undirected if undirected.degree(v) == 0),
        key=lambda v: (-int(simple.nodes[v].get("papers") or 0), str(v)),
    )
    pos: dict[str, tuple[float, float]] = {}
    if related:
        part = nx.Graph(undirected.subgraph(related))
        nx.set_edge_attributes(part, 1.0, "weight")
        hub = ("kg", "hub")  # weakly tied to every node, it keeps the components together
        part.add_edges_from(((hub, v) for v in related), weight=0.06)
        placed = nx.spring_layout(
            part,
            seed=7,
            method="force",
            iterations=150,
            k=1.6 / math.sqrt(len(related)),
            weight="weight",
        )
        placed.pop(hub)
        pos.update({v: (float(x), float(y)) for v, (x, y) in placed.items()})
    if lone:
        columns = max(4, math.ceil(math.sqrt(len(lone) * 3)))
        top = -1.25 if related else 1.0
        step = 2.0 / max(columns - 1, 1)
        for i, v in enumerate(lone):
            row, col = divmod(i, columns)
            pos[v] = (-1.0 + col * step, top - row * 0.22)
    return pos


def _labels(
    ax: Any,
    simple: nx.DiGraph,
    pos: dict[str, tuple[float, float]],
    sizes: dict[str, float],
    anchors: frozenset[str],
) -> None:
    """Names: in the overview every node's, anchors large; else the biggest nodes'."""
    box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75}
    if not anchors:
        biggest = sorted(simple, key=lambda v: -sizes[v])[:LABELLED]
        nx.draw_networkx_labels(
            simple,
            pos,
            labels={v: _label(simple.nodes[v]) for v in biggest},
            ax=ax,
            font_size=7,
            bbox=box,
        )
        return
    ys = [y for _, y in pos.values()]
    drop = 0.03 * ((max(ys) - min(ys)) or 1.0)  # names under their marker
    for node, (x, y) in pos.items():
        anchor = node in anchors
        ax.text(
            x,
            y - drop * (1.4 if anchor else 1.0),
            _label(simple.nodes[node]),
            fontsize=10 if anchor else 6.5,
            fontweight="bold" if anchor else "normal",
            ha="center",
            va="top",
            bbox=box,
            zorder=4 if anchor else 3,
        )


def _draw(ax: Any, simple: nx.DiGraph, title: str, anchors: frozenset[str] = frozenset()) -> None:
    from matplotlib.lines import Line2D

    pos = _layout(simple)
    sizes = _sizes(simple)
    if anchors:  # the overview: anchors stand out, members stay small
        sizes = {v: (size if v in anchors else 0.35 * size) for v, size in sizes.items()}
    styles = kind_styles()
    widths = [0.6 + 0.5 * math.log2(d["count"]) for _, _, d in simple.edges(data=True)]
    nx.draw_networkx_edges(
        simple,
        pos,
        ax=ax,
        edge_color="#9aa0a6",
        width=widths,
        alpha=0.6,
        arrows=True,
        arrowsize=8,
        node_size=[sizes[v] for v in simple],
    )
    handles = []
    for kind, style in styles.items():
        members = [v for v, a in simple.nodes(data=True) if node_kind(a) == kind]
        if not members:
            continue
        marker = MARKERS.get(style["shape"], "o")
        nx.draw_networkx_nodes(
            simple,
            pos,
            nodelist=members,
            ax=ax,
            node_color=style["color"],
            node_shape=marker,
            node_size=[sizes[v] for v in members],
            edgecolors="#333333",
            linewidths=0.6,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker=marker,
                markersize=9,
                markerfacecolor=style["color"],
                markeredgecolor="#333333",
                label=f"{kind} ({len(members)})",
            )
        )
    _labels(ax, simple, pos, sizes, anchors)
    if simple.number_of_edges() <= 40:
        labels = {(h, t): "/".join(sorted(d["types"])) for h, t, d in simple.edges(data=True)}
        nx.draw_networkx_edge_labels(
            simple, pos, edge_labels=labels, ax=ax, font_size=6, font_color="#555555", rotate=False
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        fontsize=8,
        frameon=True,
        framealpha=0.9,
        title="size: papers",
        title_fontsize=7,
    )
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()


def write_static(selection: Selection, path: Path, fmt: str) -> None:
    """Draw the selection to an SVG or PNG file."""
    if fmt not in ("svg", "png"):
        raise ConfigError(f"not a static format: {fmt!r}", where="--format", hint="svg or png")
    n = selection.graph.number_of_nodes()
    if n > MAX_NODES:
        raise ConfigError(
            f"{n} nodes are too many for a static picture (at most {MAX_NODES})",
            where="--limit",
            hint="lower --limit, or use --focus NAME",
        )
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg"}):
        fig = Figure(figsize=(13, 9.5), layout="tight")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        _draw(ax, _merged(selection.graph), f"kg: {selection.description}", selection.anchors)
        if selection.caption:
            caption = selection.caption.replace("; hover for the evidence", "")
            fig.text(
                0.5, 0.01, caption, ha="center", va="bottom", fontsize=8, color="#555555", wrap=True
            )
        metadata = {"Date": None} if fmt == "svg" else {"Software": "kg"}
        fig.savefig(path, format=fmt, dpi=160, metadata=metadata)
