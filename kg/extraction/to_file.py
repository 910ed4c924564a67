"""`kg extract`: papers in, one JSON object a paper out (re-exported by kg.api)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.readers import Inputs, ReadResult
from kg.readers.result import read_once
from kg.reports import ExtractReport

PathLike = str | os.PathLike[str]


def extract_to_file(
    inputs: Inputs | ReadResult,
    output: PathLike,
    *,
    model: str | None = None,
    processes: int = 1,
    batch_size: int = 64,
    nlp: Any = None,
    engine: str = "local",
    address: str | None = None,
) -> ExtractReport:
    """Read papers, extract them, write one JSON object a paper to ``output`` (JSONL).

    ``inputs`` are paths, or what `read` returned. Raises InputError (before writing
    anything) when no paper could be read, ConfigError when ``output`` cannot be written.
    ``engine`` and ``address`` as in `build`.
    """
    from kg.extraction import build_nlp
    from kg.extraction.engines import check_engine, run_extraction

    check_engine(engine, address)
    result = read_once(inputs)
    report = ExtractReport(Path(output), papers=len(result.papers), skips=list(result.skips))
    try:
        sink = report.output.open("w", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot write: {exc.strerror}", where=str(output), hint="choose a writable path for -o"
        ) from None
    with sink:
        if nlp is None and processes == 1 and engine == "local":
            nlp = build_nlp(model)  # workers (processes or Ray actors) load their own
        started = time.perf_counter()
        for extraction in run_extraction(
            result.papers,
            engine=engine,
            nlp=nlp,
            workers=processes,
            batch_size=batch_size,
            model=model,
            address=address,
        ):
            report.entities += len(extraction.entities)
            report.relations += len(extraction.relations)
            sink.write(extraction.model_dump_json() + "\n")
        report.seconds = time.perf_counter() - started
    return report
