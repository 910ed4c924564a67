"""Extraction on Ray Data: a pool of actors, each loading the spaCy pipeline once.

Needs the optional extra ``pip install 'kg-papergraph[ray]'`` (on every node of a
cluster, with the same Python and kg version as the driver).

How the stream runs: the papers go into Ray's object store as JSON strings in blocks
(Ray spills them to disk beyond its memory), ``map_batches`` sends batches through a
fixed pool of ``workers`` actors, and the results come back batch by batch, in input
order, to the caller (which writes them out as they come): neither side holds the
whole output. Each actor runs the local engine's worker code
(``pipeline._init_worker`` / ``_extract_chunk``), so the records are the local engine's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from kg.errors import ConfigError, ExtractionError
from kg.models import Extraction, Paper

PAPER_COLUMN = "paper"
RESULT_COLUMN = "extraction"
BATCHES_PER_BLOCK = 4
"""Input blocks hold up to this many actor batches: fewer blocks, less per-block overhead,
but at least a few blocks per actor so that every actor gets work."""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "the ray engine needs Ray, which is not installed",
            hint="pip install 'kg-papergraph[ray]'",
        ) from None
    return ray


class PaperExtractor:
    """The callable class of ``map_batches``: one pipeline per actor, built in __init__."""

    def __init__(self, model: str | None, batch_size: int) -> None:
        from kg.extraction import pipeline

        pipeline._init_worker(model, batch_size)
        self._extract = pipeline._extract_chunk

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        papers = [Paper.model_validate_json(text) for text in batch[PAPER_COLUMN]]
        return {RESULT_COLUMN: [e.model_dump_json() for e in self._extract(papers)]}


def connect(address: str | None, workers: int) -> bool:
    """Join the cluster at ``address``, or start a local Ray; True if this call started it.

    A Ray already initialised in this process (``ray.init`` by the caller) is used as is.
    """
    ray = _ray()
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
    try:
        if address:
            ray.init(address=address, **options)
        else:
            # A Ray of this machine only: every process on the loopback interface.
            ray.init(
                num_cpus=workers, include_dashboard=False, _node_ip_address="127.0.0.1", **options
            )
    except ConnectionError as exc:
        raise ConfigError(
            f"cannot reach the Ray cluster: {exc}",
            where=address,
            hint="check --address (e.g. ray://HOST:10001)",
        ) from None
    return True


def extract_on_ray(
    papers: Iterable[Paper],
    *,
    workers: int = 1,
    batch_size: int = 64,
    model: str | None = None,
    address: str | None = None,
) -> Iterator[Extraction]:
    """Stream one `Extraction` per paper, in input order, from ``workers`` Ray actors."""
    ray = _ray()
    items = [{PAPER_COLUMN: paper.model_dump_json()} for paper in papers]
    if not items:
        return
    started = connect(address, workers)
    try:
        yield from _run(ray, items, workers, batch_size, model)
    except ray.exceptions.RayError as exc:
        raise ExtractionError(f"extraction on Ray failed: {_first_line(exc)}") from None
    finally:
        if started:
            ray.shutdown()


def _run(
    ray: Any, items: list[dict[str, Any]], workers: int, batch_size: int, model: str | None
) -> Iterator[Extraction]:
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # no per-run INFO lines
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # results in input order
    context.enable_progress_bars = False
    spacy_batch = batch_size  # the local engine's spaCy batch, inside each actor
    # A small input still reaches every actor: at least two batches each.
    batch_size = max(1, min(batch_size, -(-len(items) // (2 * workers))))
    dataset = ray.data.from_items(
        items, override_num_blocks=_blocks(len(items), workers, batch_size)
    )
    results = dataset.map_batches(
        PaperExtractor,
        fn_constructor_kwargs={"model": model, "batch_size": spacy_batch},
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )
    for batch in results.iter_batches(batch_size=None, batch_format="numpy"):
        for text in batch[RESULT_COLUMN]:
            yield Extraction.model_validate_json(text)


def _blocks(papers: int, workers: int, batch_size: int) -> int:
    """How many input blocks: blocks of BATCHES_PER_BLOCK batches, or 4 per actor."""
    batches = -(-papers // batch_size)
    return max(-(-batches // BATCHES_PER_BLOCK), min(batches, 4 * workers))


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__
