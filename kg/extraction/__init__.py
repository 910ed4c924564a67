"""Extraction: spaCy components that find entities, contributions and relations.

`extract(papers)` streams one `kg.models.Extraction` per paper; `build_nlp()` gives the
spaCy pipeline (its components are registered factories usable in any `nlp`);
`fingerprint()` a hash of everything the output depends on (code and extractors/ data).
"""

from __future__ import annotations

from kg.extraction.fingerprint import fingerprint
from kg.extraction.pipeline import build_nlp, extract

__all__ = ["build_nlp", "extract", "fingerprint"]
