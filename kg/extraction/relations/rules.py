"""Cue rules for the relation component, loaded from `extractors/relation_cues.json`.

The cues are data so that a domain expert can edit them without touching Python. This
module turns the JSON into compiled regular expressions and offers the small text tests
the rules share: whether a stretch of text only joins the items of a list, breaks a
clause, or sets a mention apart ("unlike X"). Where cues sit in a sentence is worked out
in `relation_text`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.extraction.relations.phrases import Phrases, compile_phrases, phrase_regex
from kg.resources import data_dir
from kg.types import EntityType, RelationType

__all__ = [
    "CueBook",
    "CueRule",
    "Phrases",
    "compile_phrases",
    "contrasted",
    "is_clause_break",
    "load_cue_book",
    "only_joins",
    "parse_cue_book",
    "phrase_regex",
]

CUES_FILE = "relation_cues.json"
SCOPES = ("after_cue", "before_cue", "sentence")
HEAD_MODES = ("nearest", "contribution")
DEFAULT_CONFIDENCE = 0.5  # of a rule whose cue file entry gives none


@dataclass(frozen=True)
class CueRule:
    """One rule of a relation type: cue phrases and how tails are found around them."""

    relation: RelationType
    scope: str  # "after_cue", "before_cue" or "sentence"
    cues: Phrases
    confidence: float
    tail_types: frozenset[EntityType] | None = None  # which mentions the rule relates
    head: str = "nearest"  # after_cue: "nearest" mention/self-reference, or "contribution"
    skip_contrasted: bool = False  # not for tails right after "unlike", "instead of", ...
    skip_examples: bool = False  # not for "such as A, B" lists in sentences not about the paper
    contribution_only: bool = False  # sentence scope: only in sentences about the paper
    needs_self_reference: bool = False  # sentence scope: only with "we", "our", ...
    in_background: bool = True  # sentence scope: also in background sentences
    title_is_cue: bool = False  # sentence scope: the title needs no cue word
    subject_heads: bool = False  # sentence scope: a named subject, not the paper, is the head
    max_gap: int | None = None  # around a cue: tokens allowed between cue and tail
    doc_gate: Phrases | None = None  # only in papers that say this of their own work
    blocked_by: Phrases | None = None  # around a cue: words between cue and tail that
    # make the tail something else ("quantized using X": X is the tool, not what is compressed)
    # sentence scope: (relation, phrases, phrases): the tail takes this relation when the last
    # of the first phrases before it comes after the last of the second ("trained on X")
    switch: tuple[RelationType, Phrases, Phrases] | None = None
    # no candidate when one of these phrases stands in the sentence before the tail (sentence
    # scope) or before the cue ("cannot outperform", "compared with", "scaling law")
    vetoed_by: Phrases | None = None
    in_title: bool = True  # sentence scope: also in the title ("From BERT to ChatGPT")
    skip_negated: bool = False  # not in a sentence negated or hedged before the cue/tail
    skip_after: Phrases | None = None  # around a cue: not when these end right before the cue
    # ("methods based on X": the head is those methods, not the paper)
    needs_subject: bool = False  # around a cue: the paper is the head only in its own sentences
    # cue matches inside one of these are no cue ("pruning-based metrics" prunes nothing)
    false_cues: Phrases | None = None
    # a mention followed by one of these (within `NOT_BEFORE_WINDOW` tokens) is not itself
    # the head or tail: "a Mamba-2 variant", "T5-based parsers", "distill X from Y"
    not_before: Phrases | None = None
    # around a cue: no tail when one of these stands between the cue and the FIRST tail
    # ("a variant of the model, RETRO++": the comma opens an apposition, the new model)
    first_blocked_by: Phrases | None = None
    # no candidate unless one of these stands in the sentence ("compared to X" compares
    # quality only in a sentence with a quality word)
    needs_any: Phrases | None = None
    # sentence scope: only mentions after the cue ("we use X", not "X, a method using ...")
    tails_after_cue: bool = False

    def name(self, cue_text: str) -> str:
        return f"{self.relation.value}/{self.scope}/{' '.join(cue_text.lower().split())}"


@dataclass(frozen=True)
class CueBook:
    """All cue rules plus the shared word lists."""

    rules: tuple[CueRule, ...]
    self_reference: Phrases
    background: Phrases
    clause_break: Phrases
    enumeration_gap: Phrases
    contrast: Phrases
    examples: Phrases
    anaphora: Phrases
    class_anaphora: Phrases
    negation: Phrases
    hedge: Phrases
    compared: Phrases
    not_secondary: Phrases  # before a proposed name: it is compared, not a part of the work
    secondary_variant: Phrases  # after a proposed name: it is a version of the main one
    contrast_window: int
    max_cue_gap: int
    class_gap: int
    subject_window: int
    priority: tuple[RelationType, ...]

    def rank(self, relation: RelationType) -> int:
        return self.priority.index(relation) if relation in self.priority else len(self.priority)


def _rule(relation: RelationType, spec: dict[str, Any], where: str) -> CueRule:
    scope = spec.get("scope")
    if scope not in SCOPES:
        raise ConfigError(
            f"scope must be one of {SCOPES}, not {scope!r}", where=where, hint="fix the cue file"
        )
    head = spec.get("head", "nearest")
    if head not in HEAD_MODES:
        raise ConfigError(
            f"head must be one of {HEAD_MODES}, not {head!r}", where=where, hint="fix the cue file"
        )
    tails = spec.get("tail_types")
    if scope == "sentence" and not tails:
        raise ConfigError(
            "a sentence-scope rule needs tail_types",
            where=where,
            hint='list the entity types the rule relates, e.g. ["Task"]',
        )
    try:
        tail_types = frozenset(EntityType(t) for t in tails) if tails else None
    except ValueError as err:
        raise ConfigError(str(err), where=where, hint="use an EntityType value") from err
    return CueRule(
        relation=relation,
        scope=scope,
        cues=compile_phrases(spec.get("cues", []), where),
        confidence=float(spec.get("confidence", DEFAULT_CONFIDENCE)),
        tail_types=tail_types,
        head=head,
        skip_contrasted=bool(spec.get("skip_contrasted", False)),
        skip_examples=bool(spec.get("skip_examples", False)),
        contribution_only=bool(spec.get("contribution_only", False)),
        needs_self_reference=bool(spec.get("needs_self_reference", False)),
        in_background=bool(spec.get("in_background", True)),
        title_is_cue=bool(spec.get("title_is_cue", False)),
        subject_heads=bool(spec.get("subject_heads", False)),
        max_gap=int(spec["max_gap"]) if "max_gap" in spec else None,
        doc_gate=compile_phrases(spec["doc_gate"], f"{where}.doc_gate")
        if "doc_gate" in spec
        else None,
        blocked_by=compile_phrases(spec["blocked_by"], f"{where}.blocked_by")
        if "blocked_by" in spec
        else None,
        switch=_switch(spec["switch"], f"{where}.switch") if "switch" in spec else None,
        vetoed_by=compile_phrases(spec["vetoed_by"], f"{where}.vetoed_by")
        if "vetoed_by" in spec
        else None,
        in_title=bool(spec.get("in_title", True)),
        skip_negated=bool(spec.get("skip_negated", False)),
        skip_after=compile_phrases(spec["skip_after"], f"{where}.skip_after")
        if "skip_after" in spec
        else None,
        needs_subject=bool(spec.get("needs_subject", False)),
        tails_after_cue=bool(spec.get("tails_after_cue", False)),
        **{name: _optional(spec, name, where) for name in _OPTIONAL_PHRASES},
    )


_OPTIONAL_PHRASES = ("false_cues", "not_before", "first_blocked_by", "needs_any")


def _optional(spec: dict[str, Any], name: str, where: str) -> Phrases | None:
    return compile_phrases(spec[name], f"{where}.{name}") if name in spec else None


def _switch(spec: Any, where: str) -> tuple[RelationType, Phrases, Phrases]:
    if not isinstance(spec, dict) or not {"relation", "after", "unless_after"} <= spec.keys():
        raise ConfigError(
            "switch needs relation, after and unless_after",
            where=where,
            hint='e.g. {"relation": "USES", "after": ["train*"], "unless_after": ["evaluat*"]}',
        )
    try:
        relation = RelationType(spec["relation"])
    except ValueError as err:
        raise ConfigError(str(err), where=where, hint="use a RelationType value") from err
    return (
        relation,
        compile_phrases(spec["after"], f"{where}.after"),
        compile_phrases(spec["unless_after"], f"{where}.unless_after"),
    )


def parse_cue_book(data: dict[str, Any], where: str) -> CueBook:
    """Validate and compile the JSON structure of a cue file."""
    rules = []
    for rel_name, specs in data.get("relations", {}).items():
        try:
            relation = RelationType(rel_name)
        except ValueError as err:
            raise ConfigError(
                f"unknown relation type {rel_name!r}",
                where=where,
                hint=f"use one of {[r.value for r in RelationType]}",
            ) from err
        for i, spec in enumerate(specs):
            rules.append(_rule(relation, spec, f"{where}: relations.{rel_name}[{i}]"))
    priority = tuple(RelationType(r) for r in data.get("priority", []))
    lists = {
        name: compile_phrases(data.get(name, []), f"{where}: {name}", optional=True)
        for name in (
            "self_reference",
            "background",
            "clause_break",
            "enumeration_gap",
            "contrast",
            "examples",
            "anaphora",
            "class_anaphora",
            "negation",
            "hedge",
            "compared",
            "not_secondary",
            "secondary_variant",
        )
    }
    return CueBook(
        rules=tuple(rules),
        **lists,
        contrast_window=int(data.get("contrast_window", 4)),
        max_cue_gap=int(data.get("max_cue_gap", 6)),
        class_gap=int(data.get("class_gap", 14)),
        subject_window=int(data.get("subject_window", 2)),
        priority=priority,
    )


@lru_cache(maxsize=8)
def load_cue_book(path: str | None = None) -> CueBook:
    """Read and compile a cue file (default: extractors/relation_cues.json)."""
    file = Path(path) if path else data_dir("extractors") / CUES_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(
            f"cannot read cue file: {err}",
            where=str(file),
            hint="check the path given as cues_path",
        ) from err
    except json.JSONDecodeError as err:
        raise ConfigError(
            f"cue file is not valid JSON: {err}",
            where=f"{file}:{err.lineno}",
            hint="fix the JSON syntax",
        ) from err
    return parse_cue_book(data, str(file))


def only_joins(text: str, book: CueBook) -> bool:
    """True when the text between two list items is only list glue (', and', ...)."""
    return not book.enumeration_gap.sub(" ", text).strip()


def contrasted(before: str, book: CueBook) -> bool:
    """True when the words just before a mention set it apart ("unlike X", "instead of X")."""
    return book.contrast.found(before)


def is_clause_break(text: str, book: CueBook) -> bool:
    return book.clause_break.found(text)
