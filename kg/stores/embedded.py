"""The embedded default store: one directory, one SQLite file, no server.

It keeps every paper (with the sources it was read from) and that paper's Extraction
as JSON, keyed by paper id, with a content hash of title + abstract + extractor
version. The graph is assembled from the stored extractions when asked for, so it is
always exactly what the stored papers support: removing a paper removes its edges and
every entity no other paper supports.

Where: ``--store DIR`` / ``store=`` first, else the ``KG_STORE`` environment variable,
else ``./.kg`` in the working directory.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import networkx as nx
from pydantic import BaseModel, ValidationError

from kg.errors import StoreError
from kg.graph.assemble import build_graph
from kg.models import Extraction, Paper

DEFAULT_STORE = ".kg"
STORE_ENV = "KG_STORE"
DB_FILE = "kg.sqlite3"
FORMAT_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY,
    paper TEXT NOT NULL,          -- Paper as JSON, sources included
    content_hash TEXT NOT NULL,   -- of title + abstract + extractor version
    extraction TEXT NOT NULL      -- Extraction as JSON
);
"""


def resolve_store_dir(store: str | os.PathLike[str] | None = None) -> Path:
    """The store directory: the argument, else $KG_STORE, else ./.kg."""
    chosen = store if store is not None else os.environ.get(STORE_ENV) or DEFAULT_STORE
    return Path(chosen).expanduser()


def content_hash(paper: Paper, version: str | None = None) -> str:
    """What decides whether a stored extraction is still valid for this paper.

    `version` defaults to the extraction's fingerprint (kg.extraction.fingerprint).
    """
    if version is None:
        from kg.extraction import fingerprint  # loads spaCy: only when storing or building

        version = fingerprint()
    text = f"{paper.title}\n\n{paper.abstract}\0{version}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


M = TypeVar("M", bound=BaseModel)


class EmbeddedStore:
    """Papers and their extractions in ``DIR/kg.sqlite3``.

    >>> import tempfile
    >>> from kg.models import Paper, Extraction
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = EmbeddedStore(tmp)
    ...     p = Paper(id="p1", title="A title", abstract="An abstract.")
    ...     store.put(p, Extraction(id="p1", title="A title"))
    ...     print(store.count(), store.needs_extraction(p))
    ...     store.close()
    1 False
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, create: bool = True):
        self.directory = resolve_store_dir(directory)
        self.path = self.directory / DB_FILE
        if not self.path.exists() and not create:
            raise StoreError(
                "no graph store here",
                where=str(self.directory),
                hint="run `kg build INPUT...` first, or point --store / KG_STORE at a store",
            )
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.executescript(_SCHEMA)
            self._check_format()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the store: {exc}",
                where=str(self.path),
                hint="check the path and its permissions, or choose another with --store",
            ) from exc
        self._graph: nx.MultiDiGraph | None = None

    def _check_format(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None:
            with self._db:
                self._db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
        elif row[0] != FORMAT_VERSION:
            raise StoreError(
                f"store format {row[0]} is not the supported format {FORMAT_VERSION}",
                where=str(self.path),
                hint="build a new store in another directory",
            )

    # -- context management -------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._db:
                yield self._db
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the store: {exc}", where=str(self.path)) from exc
        self._graph = None

    # -- reading ------------------------------------------------------------------
    def count(self) -> int:
        count: int = self._db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
        return count

    def __contains__(self, paper_id: object) -> bool:
        row = self._db.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone()
        return row is not None

    def needs_extraction(self, paper: Paper) -> bool:
        """True when the paper is new, or its text or the extractor changed."""
        row = self._db.execute(
            "SELECT content_hash FROM papers WHERE id = ?", (paper.id,)
        ).fetchone()
        return row is None or row[0] != content_hash(paper)

    def papers(self) -> list[Paper]:
        rows = self._db.execute("SELECT id, paper FROM papers ORDER BY id")
        return [self._load(Paper, pid, text) for pid, text in rows]

    def get_paper(self, paper_id: str) -> Paper | None:
        row = self._db.execute("SELECT paper FROM papers WHERE id = ?", (paper_id,)).fetchone()
        return self._load(Paper, paper_id, row[0]) if row else None

    def extractions(self) -> list[Extraction]:
        rows = self._db.execute("SELECT id, extraction FROM papers ORDER BY id")
        return [self._load(Extraction, pid, text) for pid, text in rows]

    def _load(self, model: type[M], paper_id: str, text: str) -> M:
        try:
            return model.model_validate_json(text)
        except ValidationError as exc:
            raise StoreError(
                f"stored {model.__name__} of paper {paper_id!r} is unreadable: {exc}",
                where=str(self.path),
                hint=f"remove it with `kg remove {paper_id}` and build again",
            ) from exc

    def graph(self) -> nx.MultiDiGraph:
        """The graph of every stored paper (assembled once, then cached until a write)."""
        if self._graph is None:
            self._graph = build_graph(self.extractions(), self.papers())
        return self._graph

    # -- writing ------------------------------------------------------------------
    def put(self, paper: Paper, extraction: Extraction) -> None:
        self.put_many([(paper, extraction)])

    def put_many(self, items: Iterable[tuple[Paper, Extraction]]) -> int:
        """Store papers with their extractions (replacing earlier versions); returns count."""
        rows = [(p.id, p.model_dump_json(), content_hash(p), x.model_dump_json()) for p, x in items]
        with self._writing() as db:
            db.executemany("INSERT OR REPLACE INTO papers VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    def add_sources(self, paper: Paper) -> None:
        """Record more places an unchanged, already stored paper was read from."""
        stored = self.get_paper(paper.id)
        if stored is None:
            return
        merged = list(dict.fromkeys([*stored.sources, *paper.sources]))
        if merged == stored.sources:
            return
        updated = stored.model_copy(update={"sources": merged})
        with self._writing() as db:
            db.execute(
                "UPDATE papers SET paper = ? WHERE id = ?", (updated.model_dump_json(), paper.id)
            )

    def remove(self, paper_id: str) -> Paper:
        """Remove a paper and its extraction; returns the removed paper."""
        paper = self.get_paper(paper_id)
        if paper is None:
            raise StoreError(
                f"no paper with id {paper_id!r}",
                where=str(self.directory),
                hint="`kg stats --json` lists the store; ids look like arxiv:2106.09685",
            )
        with self._writing() as db:
            db.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
        return paper
