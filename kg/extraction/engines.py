"""Where extraction runs: this machine's processes ("local") or a Ray cluster ("ray").

Both engines stream one `Extraction` per paper, in input order, and give the same
records: the Ray engine runs the local engine's worker code (one pipeline per actor).

    from kg.extraction.engines import run_extraction
    for extraction in run_extraction(papers, engine="ray", workers=2):
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.errors import ConfigError
from kg.models import Extraction, Paper

ENGINES = ("local", "ray")


def check_engine(engine: str, address: str | None = None) -> str:
    """The engine name, or a ConfigError naming the choices."""
    if engine not in ENGINES:
        raise ConfigError(
            f"unknown extraction engine {engine!r}",
            where="--engine",
            hint=f"choose one of: {', '.join(ENGINES)}",
        )
    if address is not None and engine != "ray":
        raise ConfigError(
            "an address is for the ray engine",
            where="--address",
            hint="add --engine ray, or drop --address",
        )
    return engine


def run_extraction(
    papers: Iterable[Paper],
    *,
    engine: str = "local",
    nlp: Any = None,
    workers: int = 1,
    batch_size: int = 64,
    model: str | None = None,
    address: str | None = None,
) -> Iterator[Extraction]:
    """Stream one `Extraction` per paper, in input order, on the chosen engine.

    ``workers`` is the number of processes (local) or actors (ray). ``nlp`` (a built
    pipeline) is used by the local engine in this process only; Ray actors build their
    own for ``model``. ``address`` names a running Ray cluster (``ray://host:10001`` or
    ``host:6379``); without it a Ray started here with ``workers`` CPUs is used.
    """
    check_engine(engine, address)
    if engine == "ray":
        from kg.extraction.ray_engine import extract_on_ray

        yield from extract_on_ray(
            papers, workers=workers, batch_size=batch_size, model=model, address=address
        )
        return
    from kg.extraction.pipeline import extract

    yield from extract(papers, nlp, batch_size=batch_size, n_process=workers, model=model)
