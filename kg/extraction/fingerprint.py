"""What extraction's output depends on, as one short hash.

The embedded store keeps it beside every extraction (kg.stores.embedded.content_hash),
so editing a lexicon, a pattern file or an extraction component makes the next build
re-extract every paper. Extraction owns the list of what counts; the store only compares.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from kg._version import __version__
from kg.errors import ConfigError
from kg.resources import data_dir

CODE = Path(__file__).resolve().parent
"""kg/extraction: every file under it (the components, their data-free helpers)."""


GRAPH_STAGE_FILES = frozenset({"resolution.json", "overview_generic.txt", "SOURCES.md"})
"""Files in extractors/ that later stages read (cross-paper resolution, the viz overview)
or that document: editing them never changes an extraction, so they are not hashed."""


def sources() -> list[Path]:
    """The folders extraction reads: its code and the extractors/ data (when present)."""
    roots = [CODE]
    with suppress(ConfigError):  # no data folder yet: the code alone decides
        roots.append(data_dir("extractors"))
    return roots


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of kg's version, the extraction code and the extractors/ files."""
    digest = hashlib.sha256(__version__.encode())
    for root in sources():
        for path in sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and p.suffix != ".pyc" and p.name not in GRAPH_STAGE_FILES
        ):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
