"""Typed records handed from stage to stage: readers -> extraction -> graph -> stores.

Paper identity (documented in the README): an `id` given in the input is kept; else the
arXiv id where known (`arxiv:2106.09685`, version suffix dropped); else `t:` plus the
first 16 hex digits of the SHA-256 of the normalized title (lowercased, every run of
non-alphanumerics collapsed to one space, trimmed).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kg.types import EntityType, RelationType, ResultKind


class Source(BaseModel):
    """Where a paper was read from: a file and a line (text formats) or record number."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int | None = None
    record: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.record is not None:
            return f"{self.path}#{self.record}"
        return self.path


class Paper(BaseModel):
    id: str
    title: str
    abstract: str
    url: str | None = None
    arxiv_id: str | None = None
    date: str | None = None
    authors: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The text extraction reads; evidence offsets index into it."""
        return f"{self.title}\n\n{self.abstract}"


class Skip(BaseModel):
    """An input item that was not read, and why. Counted, never dropped silently."""

    where: str
    reason: str


class Evidence(BaseModel):
    """Provenance of a mention or relation."""

    paper_id: str
    sentence: str
    start: int  # character offsets into Paper.text
    end: int
    rule: str  # the component or rule that found it
    confidence: float = Field(ge=0.0, le=1.0)


class Entity(BaseModel):
    """One canonical entity of one paper."""

    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    family: str | None = None  # for size/version variants: "BERT" for "BERT-base"
    mentions: list[Evidence] = Field(default_factory=list)


class Relation(BaseModel):
    head: str  # an entity name of the same paper, or "@paper"
    type: RelationType
    tail: str
    evidence: Evidence


class Result(BaseModel):
    """A figure the paper reports (GUIDELINES "Results"): a score reached (absolute) or a
    gain, reduction or ratio against something (relative)."""

    subject: str  # an entity name of the same paper, or "@paper"
    metric: str | None = None
    dataset: str | None = None
    task: str | None = None
    value: str  # as written, without sign or unit; a range gives its upper end
    unit: str | None = None  # "%", "x", "points", "ms", ...
    kind: ResultKind
    compared_to: str | None = None  # relative results: the baseline, if named
    evidence: Evidence  # the sentence; start/end: the figure's offsets in Paper.text


class Extraction(BaseModel):
    """What extraction found in one paper; one line of `kg extract` output."""

    id: str
    title: str
    abstract: str = ""
    entities: list[Entity] = Field(default_factory=list)
    proposes: list[str] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    pruned: dict[str, int] = Field(default_factory=dict)
    """What extraction found and then dropped or retyped, counted by reason (schema
    pruning of relations, the entity classifier): shown by `kg build` and `kg stats`."""
