"""kg: knowledge graphs of machine-learning research literature.

The Python API mirrors the CLI: `kg.read` (`kg papers`), `kg.extract_to_file`
(`kg extract`), `kg.build`, and the `KnowledgeGraph` it returns (`ask`, `stats`,
`to_networkx`, `to_neo4j`, `show`, `viz`); `kg.cypher` (`kg cypher`). Lower level:
`kg.read_papers` streams papers, `kg.extract` streams extractions.
"""

from __future__ import annotations

from kg._version import __version__
from kg.api import KnowledgeGraph, build, cypher, extract_to_file, read  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.models import Entity, Evidence, Extraction, Paper, Relation, Skip, Source  # noqa: E402
from kg.readers import read_papers  # noqa: E402


def __getattr__(name: str) -> object:
    # `kg.extract` imports spaCy (seconds); load it only when asked for, so commands
    # that never extract (stats, ask, viz) start fast.
    if name == "extract":
        from kg.extraction import extract

        return extract
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = [
    "Entity",
    "Evidence",
    "Extraction",
    "KgError",
    "KnowledgeGraph",
    "Paper",
    "Relation",
    "Skip",
    "Source",
    "__version__",
    "build",
    "cypher",
    "extract",
    "extract_to_file",
    "read",
    "read_papers",
]
