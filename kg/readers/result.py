"""Reading for the API and the CLI: every input read, the same paper merged, one report."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.models import Paper, Skip
from kg.readers.dispatch import read_papers
from kg.readers.merge import merge_papers
from kg.readers.report import ReadReport

PathLike = str | os.PathLike[str]
Inputs = PathLike | Iterable[PathLike]
"""Files or folders to read papers from (one path or several)."""


@dataclass
class ReadResult:
    """The papers read (duplicates merged) and what reading reported."""

    papers: list[Paper]
    report: ReadReport
    inputs: list[PathLike] = field(default_factory=list)

    @property
    def skips(self) -> list[Skip]:
        return self.report.skips

    @property
    def duplicates(self) -> int:
        return self.report.entries - len(self.papers)

    def require_papers(self) -> None:
        """Raise InputError when the inputs gave no paper at all."""
        if self.report.entries == 0:
            raise InputError(
                "no papers could be read",
                where=", ".join(map(str, self.inputs)),
                hint="supported formats are listed in `kg papers --help`; "
                f"{self.report.skipped} skipped",
            )


def as_paths(inputs: Inputs) -> list[PathLike]:
    if isinstance(inputs, str | os.PathLike):
        return [inputs]
    return list(inputs)


def read_merged(inputs: Inputs, progress: Callable[[int], None] | None = None) -> ReadResult:
    """Read every input and merge duplicates; `progress` gets the entries read so far."""
    paths = as_paths(inputs)
    report = ReadReport()
    stream = read_papers(paths, report)
    if progress:
        stream = _counted(stream, progress)
    return ReadResult(merge_papers(stream), report, paths)


def _counted(papers: Iterable[Paper], progress: Callable[[int], None]) -> Iterator[Paper]:
    for done, paper in enumerate(papers, start=1):
        progress(done)
        yield paper


def read_once(inputs: Inputs | ReadResult) -> ReadResult:
    """What `inputs` hold, read now unless `read` already did; it must hold a paper."""
    result = inputs if isinstance(inputs, ReadResult) else read_merged(inputs)
    result.require_papers()
    return result
