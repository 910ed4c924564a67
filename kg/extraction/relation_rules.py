"""Cue rules for the relation component, loaded from `extractors/relation_cues.json`.

The cues are data so that a domain expert can edit them without touching Python. This
module turns the JSON into compiled regular expressions and offers the token-level
helpers the component needs: where the cues of a sentence are, which mentions follow a
cue (expanding enumerations such as "on GLUE, SQuAD and MNLI"), and whether a stretch of
tokens only joins the items of a list.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.resources import data_dir
from kg.types import EntityType, RelationType

CUES_FILE = "relation_cues.json"
SCOPES = ("after_cue", "before_cue", "sentence")
HEAD_MODES = ("nearest", "contribution")


@dataclass(frozen=True)
class CueRule:
    """One rule of a relation type: cue phrases and how tails are found around them."""

    relation: RelationType
    scope: str  # "after_cue", "before_cue" or "sentence"
    cues: re.Pattern[str]
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
    doc_gate: re.Pattern[str] | None = None  # only in papers that say this of their own work
    blocked_by: re.Pattern[str] | None = None  # around a cue: words between cue and tail that
    # make the tail something else ("quantized using X": X is the tool, not what is compressed)
    # sentence scope: (relation, phrases, phrases): the tail takes this relation when the last
    # of the first phrases before it comes after the last of the second ("trained on X")
    switch: tuple[RelationType, re.Pattern[str], re.Pattern[str]] | None = None

    def name(self, cue_text: str) -> str:
        return f"{self.relation.value}/{self.scope}/{' '.join(cue_text.lower().split())}"


@dataclass(frozen=True)
class CueBook:
    """All cue rules plus the shared word lists."""

    rules: tuple[CueRule, ...]
    self_reference: re.Pattern[str]
    background: re.Pattern[str]
    clause_break: re.Pattern[str]
    enumeration_gap: re.Pattern[str]
    contrast: re.Pattern[str]
    examples: re.Pattern[str]
    anaphora: re.Pattern[str]
    class_anaphora: re.Pattern[str]
    contrast_window: int
    max_cue_gap: int
    class_gap: int
    subject_window: int
    priority: tuple[RelationType, ...]

    def rank(self, relation: RelationType) -> int:
        return self.priority.index(relation) if relation in self.priority else len(self.priority)


def phrase_regex(phrase: str, bounded: bool = True) -> str:
    """Regex source for one cue phrase (see the syntax in the JSON file's `_about`)."""
    words = []
    for word in phrase.split():
        star = word.endswith("*")
        parts = [re.escape(p) for p in word.rstrip("*").split("-")]
        src = r"[-\s]?".join(parts) + (r"[\w-]*" if star else "")
        words.append(src)
    body = r"\s+".join(words)
    start = r"(?<![\w-])" if bounded and re.match(r"\w", phrase) else ""
    end = r"(?![\w])" if re.search(r"[\w*]$", phrase) else ""
    return start + body + end


NEVER = re.compile(r"(?!)")


def compile_phrases(phrases: list[str], where: str, optional: bool = False) -> re.Pattern[str]:
    """One pattern for a list of cue phrases; an optional list may be empty (never matches)."""
    if optional and isinstance(phrases, list) and not phrases:
        return NEVER
    if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ConfigError("expected a non-empty list of cue phrases",
                          where=where, hint="see _about in the cue file")
    longest_first = sorted((p.lower() for p in phrases), key=len, reverse=True)
    words = [phrase_regex(p, bounded=False) for p in longest_first if re.match(r"\w", p)]
    others = [phrase_regex(p) for p in longest_first if not re.match(r"\w", p)]
    parts = ([r"(?<![\w-])(?:" + "|".join(words) + ")"] if words else []) + others
    return re.compile("|".join(parts))  # matched against lower-cased text


def _rule(relation: RelationType, spec: dict[str, Any], where: str) -> CueRule:
    scope = spec.get("scope")
    if scope not in SCOPES:
        raise ConfigError(f"scope must be one of {SCOPES}, not {scope!r}",
                          where=where, hint="fix the cue file")
    head = spec.get("head", "nearest")
    if head not in HEAD_MODES:
        raise ConfigError(f"head must be one of {HEAD_MODES}, not {head!r}",
                          where=where, hint="fix the cue file")
    tails = spec.get("tail_types")
    if scope == "sentence" and not tails:
        raise ConfigError("a sentence-scope rule needs tail_types", where=where,
                          hint="list the entity types the rule relates, e.g. [\"Task\"]")
    try:
        tail_types = frozenset(EntityType(t) for t in tails) if tails else None
    except ValueError as err:
        raise ConfigError(str(err), where=where, hint="use an EntityType value") from err
    return CueRule(
        relation=relation,
        scope=scope,
        cues=compile_phrases(spec.get("cues", []), where),
        confidence=float(spec.get("confidence", 0.5)),
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
        doc_gate=compile_phrases(spec["doc_gate"], f"{where}.doc_gate") if "doc_gate" in spec
        else None,
        blocked_by=compile_phrases(spec["blocked_by"], f"{where}.blocked_by")
        if "blocked_by" in spec else None,
        switch=_switch(spec["switch"], f"{where}.switch") if "switch" in spec else None,
    )


def _switch(spec: Any, where: str) -> tuple[RelationType, re.Pattern[str], re.Pattern[str]]:
    if not isinstance(spec, dict) or not {"relation", "after", "unless_after"} <= spec.keys():
        raise ConfigError("switch needs relation, after and unless_after", where=where,
                          hint='e.g. {"relation": "USES", "after": ["train*"], '
                               '"unless_after": ["evaluat*"]}')
    try:
        relation = RelationType(spec["relation"])
    except ValueError as err:
        raise ConfigError(str(err), where=where, hint="use a RelationType value") from err
    return (relation, compile_phrases(spec["after"], f"{where}.after"),
            compile_phrases(spec["unless_after"], f"{where}.unless_after"))


def parse_cue_book(data: dict[str, Any], where: str) -> CueBook:
    """Validate and compile the JSON structure of a cue file."""
    rules = []
    for rel_name, specs in data.get("relations", {}).items():
        try:
            relation = RelationType(rel_name)
        except ValueError as err:
            raise ConfigError(f"unknown relation type {rel_name!r}", where=where,
                              hint=f"use one of {[r.value for r in RelationType]}") from err
        for i, spec in enumerate(specs):
            rules.append(_rule(relation, spec, f"{where}: relations.{rel_name}[{i}]"))
    priority = tuple(RelationType(r) for r in data.get("priority", []))
    lists = {name: compile_phrases(data.get(name, []), f"{where}: {name}", optional=True)
             for name in ("self_reference", "background", "clause_break", "enumeration_gap",
                          "contrast", "examples", "anaphora", "class_anaphora")}
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
        raise ConfigError(f"cannot read cue file: {err}", where=str(file),
                          hint="check the path given as cues_path") from err
    except json.JSONDecodeError as err:
        raise ConfigError(f"cue file is not valid JSON: {err}", where=f"{file}:{err.lineno}",
                          hint="fix the JSON syntax") from err
    return parse_cue_book(data, str(file))


class DocText:
    """A doc's text and token offsets, read once (Span.text and token objects are slow)."""

    def __init__(self, doc: Doc):
        arr = doc.to_array(["IDX", "LENGTH"]) if len(doc) else []
        self.idx = [int(r[0]) for r in arr]
        self.ends = [int(r[0] + r[1]) for r in arr]
        self.text = doc.text

    def is_line_break(self, i: int) -> bool:
        return "\n" in self.text[self.idx[i]:self.ends[i]]


class SentenceText:
    """A sentence's lower-cased text with its token offsets: matches map to tokens cheaply."""

    def __init__(self, dt: DocText, start: int, end: int):
        self.first = start
        base = dt.idx[start]
        self.text = dt.text[base:dt.ends[end - 1]].lower()  # the cue patterns are lower case
        self.starts = [i - base for i in dt.idx[start:end]]
        self.ends = [e - base for e in dt.ends[start:end]]

    def hits(self, pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
        """(first token, end token, matched text) of every match, in doc token indices."""
        out = []
        for m in pattern.finditer(self.text):
            a = max(bisect_right(self.starts, m.start()) - 1, 0)
            b = max(bisect_left(self.starts, m.end()), a + 1)
            out.append((self.first + a, self.first + b, m.group(0)))
        return out

    def first_hit(self, pattern: re.Pattern[str]) -> str | None:
        m = pattern.search(self.text)
        return m.group(0) if m else None

    def between(self, start: int, end: int) -> str:
        """Text of the doc tokens [start, end) of this sentence."""
        if end <= start:
            return ""
        return self.text[self.starts[start - self.first]:self.ends[end - 1 - self.first]]


def only_joins(text: str, book: CueBook) -> bool:
    """True when the text between two list items is only list glue (', and', ...)."""
    return not book.enumeration_gap.sub(" ", text).strip()


def contrasted(before: str, book: CueBook) -> bool:
    """True when the words just before a mention set it apart ("unlike X", "instead of X")."""
    return bool(book.contrast.search(before))


def is_clause_break(text: str, book: CueBook) -> bool:
    return bool(book.clause_break.search(text))
