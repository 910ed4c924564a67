"""The Python API: one entry point with the CLI's names.

    import kg
    g = kg.build(["data/hf-papers"])               # read, extract new papers, store
    g.stats()                                      # what `kg stats` prints
    g.ask("methods-compressing", model="BERT")     # a canned question
    g.to_networkx()                                # the graph (format: kg.graph)
    g.to_neo4j("bolt://localhost:7687", auth=("neo4j", "secret"))
    g.show(focus="BERT", hops=2)                   # inline in Jupyter
    kg.read(["data/hf-papers"])                    # `kg papers`: papers and read report
    kg.extract_to_file(["data/hf-papers"], "out.jsonl")      # `kg extract`
    kg.cypher("MATCH (e:Entity) RETURN count(e) AS n")       # `kg cypher`

The graph lives in the embedded store (a directory, default ``./.kg``; see
kg.stores.embedded), so ``kg.KnowledgeGraph.open()`` finds it again later.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.extraction.to_file import extract_to_file
from kg.graph.stats import graph_stats
from kg.models import Extraction, Paper
from kg.neo4j.client import CypherResult, ask_neo4j, cypher, neo4j_auth
from kg.questions import Answer, Question, get_question, list_questions, positional
from kg.questions.routing import Route, route
from kg.readers import Inputs, ReadReport, ReadResult, read_merged
from kg.readers.result import read_once
from kg.reports import BuildReport, ExtractReport
from kg.stores.embedded import EmbeddedStore

if TYPE_CHECKING:
    from kg.neo4j.export import ExportReport
    from kg.viz.selection import Selection

__all__ = [
    "Answer",
    "BuildReport",
    "CypherResult",
    "ExtractReport",
    "KnowledgeGraph",
    "Question",
    "ReadReport",
    "ReadResult",
    "ask_neo4j",
    "build",
    "cypher",
    "extract_to_file",
    "get_question",
    "list_questions",
    "neo4j_auth",
    "positional",
    "read",
    "route",
]

PathLike = str | os.PathLike[str]
ExtractProgress = Callable[[int, int], None]
"""Called with (papers extracted so far, papers to extract)."""

STORE_CHUNK = 64
"""Extractions are stored in chunks, so an interrupted build keeps what it finished."""


def read(inputs: Inputs, *, progress: Callable[[int], None] | None = None) -> ReadResult:
    """Read papers from files or folders and merge the same paper read several times.

    Bad input never raises here: skipped files and records are in ``result.skips``.
    ``progress`` is called with the number of entries read so far.

    >>> from pathlib import Path
    >>> import kg
    >>> data = Path(kg.__file__).parent.parent / "tests" / "fixtures" / "graph" / "tiny.jsonl"
    >>> result = kg.read(data)
    >>> len(result.papers), result.report.entries, result.skips
    (3, 3, [])
    """
    return read_merged(inputs, progress)


def build(
    inputs: Inputs | ReadResult,
    *,
    store: PathLike | None = None,
    neo4j: bool = False,
    uri: str | None = None,
    auth: tuple[str, str] | None = None,
    processes: int = 1,
    batch_size: int = 64,
    nlp: Any = None,
    progress: ExtractProgress | None = None,
    engine: str = "local",
    address: str | None = None,
) -> KnowledgeGraph:
    """Read papers from files or folders, extract the new or changed ones, store the graph.

    ``inputs`` are paths, or what `read` returned. Building again with more inputs
    extracts only papers that are new or whose title, abstract or extractor changed.
    Skipped input items are in ``g.last_build.skips``; when no paper could be read at
    all, InputError is raised before the store is touched. With ``neo4j=True`` the graph
    is also loaded into Neo4j (see ``to_neo4j``).
    ``engine="ray"`` extracts on Ray with ``processes`` actors, on the cluster at
    ``address`` or a local Ray (kg.extraction.engines); the records are the same.

    >>> import tempfile
    >>> from pathlib import Path
    >>> import kg
    >>> data = Path(kg.__file__).parent.parent / "tests" / "fixtures" / "graph" / "tiny.jsonl"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     g = kg.build([data], store=tmp)
    ...     print(g.last_build.extracted, g.stats()["papers"])
    ...     print(kg.build([data], store=tmp).last_build.extracted)
    3 3
    0
    """
    from kg.extraction.engines import check_engine

    check_engine(engine, address)
    result = read_once(inputs)
    papers = result.papers
    graph = KnowledgeGraph.open(store, create=True)
    todo = [p for p in papers if graph.store.needs_extraction(p)]
    todo_ids = {p.id for p in todo}
    for paper in papers:
        if paper.id not in todo_ids:
            graph.store.add_sources(paper)
    pruned = _extract_into(
        graph.store,
        todo,
        nlp,
        progress,
        dict(engine=engine, workers=processes, batch_size=batch_size, address=address),
    )
    graph.last_build = BuildReport(
        pruned=pruned,
        entries_read=result.report.entries,
        papers=len(papers),
        extracted=len(todo),
        unchanged=len(papers) - len(todo),
        skips=list(result.skips),
        in_store=graph.store.count(),
    )
    if neo4j:
        graph.to_neo4j(uri, auth)
    return graph


def _extract_into(
    store: EmbeddedStore,
    todo: list[Paper],
    nlp: Any,
    progress: ExtractProgress | None,
    engine: dict[str, Any],
) -> dict[str, int]:
    """Extract `todo` into the store; returns what extraction pruned, by reason."""
    if not todo:
        return {}
    from kg.extraction.engines import run_extraction

    by_id = {p.id: p for p in todo}
    chunk: list[tuple[Paper, Extraction]] = []
    pruned: Counter[str] = Counter()
    extractions = run_extraction(todo, nlp=nlp, **engine)
    for done, extraction in enumerate(extractions, start=1):
        chunk.append((by_id[extraction.id], extraction))
        if len(chunk) >= STORE_CHUNK:
            store.put_many(chunk)
            chunk = []
        pruned.update(extraction.pruned)
        if progress:
            progress(done, len(todo))
    store.put_many(chunk)
    return dict(sorted(pruned.items()))


class KnowledgeGraph:
    """A graph in an embedded store, with the CLI's operations as methods.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     g = KnowledgeGraph.open(tmp, create=True)
    ...     print(g.stats()["papers"], g.to_networkx().number_of_nodes())
    0 0
    """

    def __init__(self, store: EmbeddedStore):
        self.store = store
        self.last_build: BuildReport | None = None
        self.last_viz: Selection | None = None  # what the last `viz` drew

    @classmethod
    def open(cls, store: PathLike | None = None, *, create: bool = False) -> KnowledgeGraph:
        """The graph in ``store`` (default $KG_STORE or ./.kg); it must exist unless create."""
        return cls(EmbeddedStore(store, create=create))

    @property
    def path(self) -> Path:
        return self.store.directory

    def __len__(self) -> int:
        return self.store.count()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({str(self.path)!r}, papers={len(self)})"

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def papers(self) -> list[Paper]:
        return self.store.papers()

    def stats(self) -> dict[str, Any]:
        """Papers, entities by type, relations by type, repositories (as `kg stats`)."""
        return graph_stats(self.store.graph())

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the graph as a networkx MultiDiGraph (format: see kg.graph)."""
        return self.store.graph().copy()

    def to_neo4j(
        self,
        uri: str | None = None,
        auth: tuple[str, str] | None = None,
        *,
        database: str | None = None,
        progress: Callable[[str, int], None] | None = None,
    ) -> dict[str, int]:
        """Load the graph into Neo4j (MERGE: loading twice changes nothing).

        Neo4j's kg nodes then mirror this graph: papers removed or re-extracted since an
        earlier load lose their stale nodes and relationships there too.
        ``uri`` and ``auth`` default to NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD.
        Returns the rows written by kind. Raises GraphDatabaseError when Neo4j cannot
        be reached or refuses the credentials.
        """
        from kg.neo4j.connection import session_for
        from kg.neo4j.loader import load_graph

        with session_for(uri, auth, database) as (driver, settings):
            return load_graph(
                driver,
                self.store.graph(),
                database=settings.database,
                progress=progress,
                uri=settings.uri,
                prune=True,
            )

    def export(
        self, directory: PathLike, format: str = "neo4j-admin", *, database: str = "neo4j"
    ) -> ExportReport:
        """Write the graph as files: neo4j-admin (bulk import CSV), jsonl, csv or graphml.

        For neo4j-admin, ``report.command`` is the ``neo4j-admin database import full``
        command (for ``database``) that loads the files into a new database, much faster
        than ``to_neo4j`` for large graphs; see kg.neo4j.export.
        """
        from kg.neo4j.export import export_graph

        return export_graph(self.store.graph(), Path(directory), format, database=database)

    def remove(
        self,
        paper_id: str,
        *,
        neo4j: bool = False,
        uri: str | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Paper:
        """Remove a paper, its edges and every entity no other paper supports.

        With ``neo4j=True`` the same happens in Neo4j. Returns the removed paper.
        """
        if not neo4j:
            return self.store.remove(paper_id)
        from kg.neo4j.connection import session_for
        from kg.neo4j.loader import remove_paper

        with session_for(uri, auth) as (driver, settings):  # reachable first: fail, remove none
            removed = self.store.remove(paper_id)
            remove_paper(
                driver, paper_id, self.store.graph(), database=settings.database, uri=settings.uri
            )
        return removed

    def ask(self, name: str, **params: Any) -> Answer:
        """Answer a canned question (``kg ask --list`` lists them) on this graph.

        ``name`` may be plain English (``g.ask("which methods compress BERT?")``): it is
        routed first (see `route`). The same question on Neo4j: `ask_neo4j`.
        """
        from kg.questions import ask
        from kg.questions.routing import routed

        graph = self.store.graph()
        name, params = routed(name, params, graph)
        return ask(name, graph, **params)

    def route(self, text: str) -> Route:
        """The canned question plain-English ``text`` asks, with its parameters.

        ``str(route)`` is "→ methods-compressing model=BERT"; raises Refusal (a
        QuestionError) when no canned question answers it, naming the closest ones.
        """
        return route(text, self.store.graph())

    def cypher(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        allow_write: bool = False,
        uri: str | None = None,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
    ) -> CypherResult:
        """One Cypher query on the Neo4j this graph was loaded into (see `cypher`)."""
        return cypher(query, params, allow_write=allow_write, uri=uri, auth=auth, database=database)

    def show(
        self,
        focus: str | None = None,
        hops: int = 2,
        *,
        types: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Any:
        """An interactive view of (part of) the graph; Jupyter renders it inline."""
        from kg import viz

        if limit is None:
            limit = viz.DEFAULT_LIMIT
        return viz.show(self.store.graph(), focus=focus, hops=hops, types=types, limit=limit)

    def viz(
        self,
        path: PathLike,
        *,
        focus: str | None = None,
        hops: int = 2,
        types: Sequence[str] | None = None,
        limit: int | None = None,
        format: str | None = None,
    ) -> Path:
        """Write (part of) the graph as html, svg, png or graphml (by suffix or format)."""
        from kg import viz

        self.last_viz = viz.write(
            self.store.graph(),
            Path(path),
            format=format,
            focus=focus,
            hops=hops,
            types=types,
            limit=limit,
        )
        return Path(path)
