"""Extraction: spaCy components that find entities, contributions and relations.

`extract(papers)` streams one `kg.models.Extraction` per paper; `build_nlp()` gives the
spaCy pipeline (its components are registered factories usable in any `nlp`);
`fingerprint()` a hash of everything the output depends on (code and extractors/ data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extraction.fingerprint import fingerprint

if TYPE_CHECKING:
    from kg.extraction.pipeline import build_nlp, extract


def __getattr__(name: str) -> Any:
    # The pipeline imports spaCy (seconds): load it only when asked for, so the graph
    # stage (which reads extraction's data files) and commands that never extract start fast.
    if name in ("build_nlp", "extract"):
        from kg.extraction import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg.extraction' has no attribute {name!r}")


__all__ = ["build_nlp", "extract", "fingerprint"]
