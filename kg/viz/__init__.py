"""Visualisation: an interactive offline page, static pictures, GraphML, and Jupyter.

Everything takes the graph of the contract in kg.graph (a networkx MultiDiGraph) and a
selection (focus + hops, types, limit; see kg.viz.selection.select):

- `render_html(graph, ...)` -> the self-contained HTML page as a string;
- `write(graph, path, format=None, ...)` -> writes html, svg, png or graphml;
- `show(graph, ...)` -> a `GraphView` that Jupyter renders inline.

>>> import networkx as nx
>>> from kg import viz
>>> g = nx.MultiDiGraph()
>>> g.add_node("entity:bert", label="Entity", key="bert", name="BERT", type="Model",
...            aliases=["BERT"], alias_keys=["bert"], family=None, papers=3)
>>> page = viz.render_html(g, focus="bert", hops=2)
>>> page.startswith("<!DOCTYPE html>") and '"label":"BERT"' in page
True
>>> viz.show(g)._repr_html_()[:15]
'<iframe srcdoc='
"""

from __future__ import annotations

import html as _html
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from kg.errors import ConfigError
from kg.viz.graphml import write_graphml
from kg.viz.html import render_html, render_selection
from kg.viz.selection import ALL_KINDS, DEFAULT_LIMIT, Selection, select

FORMATS = ("html", "svg", "png", "graphml")

__all__ = [
    "ALL_KINDS",
    "DEFAULT_LIMIT",
    "FORMATS",
    "GraphView",
    "Selection",
    "render_html",
    "select",
    "show",
    "write",
    "write_graphml",
]


def _format_of(path: Path, format: str | None) -> str:
    fmt = (format or path.suffix.lstrip(".") or "html").lower()
    fmt = {"htm": "html", "xml": "graphml"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ConfigError(
            f"unknown output format {fmt!r}",
            where=str(path),
            hint=f"use --format with one of {', '.join(FORMATS)}",
        )
    return fmt


def write(
    graph: nx.MultiDiGraph,
    path: str | Path,
    *,
    format: str | None = None,
    focus: str | None = None,
    hops: int = 2,
    types: Sequence[str] | None = None,
    limit: int | None = None,
) -> Selection:
    """Write (part of) the graph to `path` as html, svg, png or graphml.

    The format comes from `format` or else the file's suffix. For html, svg and png,
    `limit=None` means the default of 150 nodes. GraphML with no selection option is
    the whole graph (papers, mentions, repositories and all); with one, it is the
    chosen nodes and every edge among them. Returns the selection that was written.
    """
    path = Path(path)
    fmt = _format_of(path, format)
    whole = fmt == "graphml" and focus is None and not types and limit is None
    if whole:
        chosen = Selection(
            graph,
            None,
            f"the whole graph ({graph.number_of_nodes()} nodes)",
            graph.number_of_nodes(),
        )
    else:
        default = DEFAULT_LIMIT if fmt != "graphml" else 0
        chosen = select(
            graph, focus=focus, hops=hops, types=types, limit=default if limit is None else limit
        )
    if not path.parent.is_dir():
        raise ConfigError(
            "the output folder does not exist",
            where=str(path.parent),
            hint="create it first or choose another -o path",
        )
    try:
        if fmt == "html":
            path.write_text(render_selection(chosen, graph), encoding="utf-8")
        elif fmt == "graphml":
            write_graphml(graph if whole else graph.subgraph(chosen.graph.nodes), path)
        else:
            from kg.viz.static import write_static

            write_static(chosen, path, fmt)
    except OSError as exc:
        raise ConfigError(f"cannot write the file: {exc.strerror or exc}", where=str(path)) from exc
    return chosen


class GraphView:
    """An interactive page that Jupyter shows inline (an iframe whose srcdoc is the page).

    `str(view)`/`view.html` is the page; `view.save("graph.html")` writes it.
    """

    def __init__(self, page: str, *, height: int = 640):
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'title="kg graph"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def __str__(self) -> str:
        return self.html


def show(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    types: Sequence[str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    height: int = 640,
) -> GraphView:
    """The interactive view of (part of) the graph, for Jupyter (renders inline)."""
    page = render_html(graph, focus=focus, hops=hops, types=types, limit=limit)
    return GraphView(page, height=height)
