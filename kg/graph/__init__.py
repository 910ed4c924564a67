"""The graph: extractions assembled into one networkx MultiDiGraph.

Graph format (the contract between assembly, the stores, the questions and the viz):

Nodes (node key -> attributes):
- ``paper:<id>``: ``label="Paper"``, ``id``, ``title``, ``url``, ``arxiv_id``, ``date``.
- ``entity:<key>``: ``label="Entity"``, ``key`` (normalized canonical name: lowercase,
  letters and digits only, "+" -> "plus"), ``name`` (display name: the most frequent
  canonical surface form), ``type`` (EntityType value, majority over the papers that
  mention it; ties broken in EntityType order), ``aliases`` (sorted surface forms),
  ``alias_keys`` (sorted normalized forms of name and aliases, for argument resolution),
  ``family`` (key of the family entity for a size/version variant, else None),
  ``papers`` (number of distinct papers that mention it), ``merged`` (the surface forms
  cross-paper resolution merged into it, each with why: kg.graph.resolution).
- ``repo:<url>``: ``label="Repository"``, ``url``.

Edges (MultiDiGraph, edge key = ``"<TYPE>|<paper_id>"``), attribute ``type``:
- Paper -MENTIONS-> Entity, Paper -PROPOSES-> Entity, Paper -HAS_CODE-> Repository:
  ``paper_id``; MENTIONS also ``sentence`` (first mention's sentence).
- Entity -VARIANT_OF-> Entity: ``paper_id`` of the first paper that showed it (key
  ``"VARIANT_OF|"``: one edge per pair), ``kind``: "variant" (a size/version variant named
  by extraction: BERT-base -> BERT) or "family" (a member named after its root, with
  ``why``: BioBERT -> BERT, ImageNet-1k -> ImageNet; kg.graph.families).
- Entity -<RelationType>-> Entity, one edge per (head, type, tail, paper): ``paper_id``,
  ``sentence``, ``rule``, ``confidence``. A relation whose head is ``@paper`` gets as head
  the paper's first proposed entity; with no proposed entity it is kept on the Paper node
  as Paper -<RelationType>-> Entity.

- ``result:<paper_id>#<n>``: ``label="Result"``, a figure the paper reports, with
  Paper -REPORTS-> Result and Result -RESULT_OF/IN_METRIC/ON_DATASET/FOR_TASK/COMPARED_TO->
  Entity edges (attributes and rules: kg.graph.results).

Graph attribute ``graph.graph["dropped"]``: counts, by reason, of what assembly could not
place (e.g. a relation naming an entity its paper does not have); ``graph.graph["pruned"]``:
what extraction itself pruned in these papers, by reason (``Extraction.pruned`` summed).

Helpers: ``build_graph`` (kg.graph.assemble), ``entity_key`` and ``repository_url``
(kg.graph.keys), and the node-key builders ``paper_node``, ``entity_node``, ``repo_node``.
"""

from kg.graph.assemble import build_graph, edge_key, entity_node, paper_node, repo_node
from kg.graph.keys import entity_key, repository_url

__all__ = [
    "build_graph",
    "edge_key",
    "entity_key",
    "entity_node",
    "paper_node",
    "repo_node",
    "repository_url",
]
