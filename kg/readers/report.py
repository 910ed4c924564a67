"""What a read did: entries read, items skipped and why, notes that skipped nothing."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kg.models import Skip


class Note(BaseModel):
    """A warning about input that was still read (e.g. decoded as Windows-1252)."""

    where: str
    message: str


class ReadReport(BaseModel):
    """Filled in by `read_papers` while it streams; complete once the iterator is exhausted.

    `skips` holds one entry per skipped file or record, with where="file:line",
    "file#record" or "file" and a reason that starts with its kind ("malformed JSON: ...").
    `skipped_by_kind` counts the skips by that kind.
    """

    entries: int = 0
    files_read: int = 0
    skips: list[Skip] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    skipped_by_kind: dict[str, int] = Field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return len(self.skips)

    def skip(self, where: str, kind: str, detail: str | None = None) -> None:
        reason = f"{kind}: {detail}" if detail else kind
        self.skips.append(Skip(where=where, reason=reason))
        self.skipped_by_kind[kind] = self.skipped_by_kind.get(kind, 0) + 1

    def note(self, where: str, message: str) -> None:
        self.notes.append(Note(where=where, message=message))
