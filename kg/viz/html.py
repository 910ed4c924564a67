"""The self-contained interactive page: vis-network, our script and the data, inlined.

The page loads nothing: vis-network's standalone build (vendored from npm, see
assets/VENDOR.json) and the page's own script and style are inlined, the data is JSON
in a `<script type="application/json">` element, and a Content-Security-Policy forbids
every network request.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from kg import __version__
from kg.errors import ConfigError
from kg.viz.payload import build_payload, script_json
from kg.viz.selection import DEFAULT_LIMIT, Selection, select

_MARKER = re.compile(r"/\*KG:(\w+)\*/")


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def vendor_record() -> dict[str, str]:
    """What is vendored: package, version, licence, npm integrity and the file's SHA-256."""
    return json.loads(_asset("VENDOR.json"))


@cache
def vis_network_js() -> str:
    """The vendored vis-network bundle, checked against its recorded SHA-256."""
    record = vendor_record()
    data = resources.files("kg.viz").joinpath("assets", record["file"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        raise ConfigError(
            f"{record['file']} does not match the SHA-256 in VENDOR.json",
            where="kg/viz/assets",
            hint="re-fetch it with kg/viz/assets/update-vendor.sh",
        )
    text = data.decode("utf-8")
    # The source map is not shipped; drop the comment so no tool goes looking for it.
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ConfigError("the vendored script cannot be inlined", where=record["file"])
    return text


def page(payload: dict[str, Any], title: str) -> str:
    """The HTML page for a payload (see kg.viz.payload.build_payload)."""
    record = vendor_record()
    parts = {
        "TITLE": html.escape(title),
        "STYLE": _asset("kg-viz.css"),
        "VIS": vis_network_js(),
        "APP": _asset("kg-viz.js"),
        "DATA": script_json(payload),
        "ABOUT": html.escape(
            f"kg {__version__}; drawn with {record['package']} {record['version']} "
            f"({record['license']})"
        ),
    }
    return _MARKER.sub(lambda m: parts[m.group(1)], _asset("page.html"))


def render_selection(selection: Selection, source: nx.MultiDiGraph) -> str:
    """The page for an already chosen part of `source`."""
    return page(build_payload(selection, source), f"kg: {selection.description}")


def render_html(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 2,
    types: Sequence[str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> str:
    """A self-contained interactive HTML page of (part of) the graph.

    See `kg.viz.selection.select` for how focus, hops, types and limit choose the nodes.
    """
    chosen = select(graph, focus=focus, hops=hops, types=types, limit=limit)
    return render_selection(chosen, graph)
