"""Kinds of tasks and methods from their head words: "long-range language modeling" is a kind
of language modeling, "feature distillation" a kind of distillation.

A Task or Method node without a family joins the family of the node of its own type whose
name (or alias) is the longest run of its last words, split at spaces only: "self-supervised
pretraining" is no kind of "supervised pretraining", a hyphenated word stays whole. The
general heads that would swallow half the graph ("learning", "training", "model") are no
roots, and listed pairs are never linked; both lists are data in extractors/resolution.json
("kinds"). The link is a VARIANT_OF edge of kind "family" with its `why`, as for model
families, so both backends widen a question's argument down to its kinds the same way.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.graph.families import add_family_edge, in_family_chain
from kg.graph.folding import Rules, load_rules
from kg.graph.keys import entity_key
from kg.types import NodeLabel

KIND = "family"  # read by the questions as any other name family
_CONNECTORS = frozenset({"and", "or", "vs", "vs.", "versus", "via", "with", "for", "of", "to"})


def add_kinds(graph: nx.MultiDiGraph, rules: Rules | None = None) -> None:
    """Give family-less Task/Method nodes the family of their head words (module docstring)."""
    conf: dict[str, Any] = (rules or load_rules()).family.get("kinds", {})
    types = set(conf.get("types", ()))
    if not types:
        return
    not_roots = {entity_key(n) for n in conf.get("not_roots", ())}
    never = {(entity_key(a), entity_key(b)) for a, b in conf.get("not_members", ())}
    roots = _roots(graph, types, not_roots)
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("label") != NodeLabel.ENTITY or data.get("family") or data["type"] not in types:
            continue
        found = _head_root(data, roots.get(data["type"], {}))
        if found is None or found == node:
            continue
        root = graph.nodes[found]
        names = (root["key"], *(root.get("alias_keys") or ()))
        if any((data["key"], k) in never for k in names) or in_family_chain(graph, found, node):
            continue
        add_family_edge(graph, node, found, KIND, f"a kind of {root['name']!r} (its head words)")


def _roots(
    graph: nx.MultiDiGraph, types: set[str], not_roots: set[str]
) -> dict[str, dict[str, str]]:
    """type -> {key or alias key -> node} of the nodes that may head a kind."""
    roots: dict[str, dict[str, str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("label") != NodeLabel.ENTITY or data.get("type") not in types:
            continue
        for key in (data["key"], *(data.get("alias_keys") or ())):
            if key and key not in not_roots:
                roots.setdefault(data["type"], {}).setdefault(key, node)
    return roots


def _head_root(data: dict[str, Any], roots: dict[str, str]) -> str | None:
    """The root named by the longest run of last words shorter than the whole name."""
    words = data["name"].split()
    if _CONNECTORS.intersection(w.lower() for w in words):
        return None  # "X via Y", "A and B": a named whole or a list, not a kind of its end
    own = {data["key"], *(data.get("alias_keys") or ())}
    for i in range(1, len(words)):
        key = entity_key(" ".join(words[i:]))
        if key in roots and key not in own:
            return roots[key]
    return None
