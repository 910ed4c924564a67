"""What the API's long operations did: the reports of `kg.extract_to_file` and `kg.build`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.models import Skip


@dataclass
class ExtractReport:
    """What `extract_to_file` wrote, and the input items it skipped."""

    output: Path
    papers: int = 0
    entities: int = 0
    relations: int = 0
    seconds: float = 0.0  # extraction time, pipeline load excluded
    skips: list[Skip] = field(default_factory=list)

    @property
    def papers_per_second(self) -> float:
        return self.papers / self.seconds if self.seconds else 0.0


@dataclass
class BuildReport:
    """What one build did. ``skipped`` input items are listed in ``skips``."""

    entries_read: int = 0
    papers: int = 0  # distinct papers after merging duplicates
    extracted: int = 0  # new or changed papers that went through extraction
    unchanged: int = 0  # papers whose stored extraction was still valid
    skips: list[Skip] = field(default_factory=list)
    in_store: int = 0
    pruned: dict[str, int] = field(default_factory=dict)  # in the extracted papers, by reason

    @property
    def skipped(self) -> int:
        return len(self.skips)

    @property
    def duplicates(self) -> int:
        return self.entries_read - self.papers
