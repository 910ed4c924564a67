"""What every contribution rule works on: one paper's Doc, its text and title, and the
cue data, in an explicit `Context`; and the two ways a rule records a name it found
(`add` for a name, `add_phrase` for a coined lower-case phrase).

Rule names and the priority a contribution candidate gets are named here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extraction.coinage import common_name, contribution_type, first_type, known_terms
from kg.extraction.extensions import Candidate, candidates_of, char_offsets, text_of
from kg.extraction.knowledge import canon_key, type_by_head
from kg.types import EntityType

RULE_TITLE = "contribution:title"  # the title's own name
RULE_PROPOSE = "contribution:propose"  # "we propose X", "X, a novel ..."
RULE_CALLED = "contribution:called"  # "called / dubbed / named X"
RULE_LIST = "contribution:list"  # "we propose two modifications - A and B"
RULE_ACRONYM = "contribution:acronym"  # an acronym of the title's head
RULE_COINED = "contribution:coined"  # a coined lower-case phrase
PRIORITY = 90  # over lexicon and head-word candidates of the same tokens

_HEAD_AFTER = re.compile(r"\)?\s+([a-z]+)\b")


@dataclass
class Context:
    """One paper as the contribution rules see it."""

    doc: Doc
    folder: str | None
    stop: frozenset[str]
    cues: dict
    text: str = ""
    title: str = ""
    listed: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Doc, folder: str | None, stop: frozenset[str], cues: dict) -> Context:
        text = text_of(doc)
        end = text.find("\n\n")
        return cls(doc, folder, stop, cues, text, text[:end] if end >= 0 else "")


def add(
    ctx: Context,
    start: int,
    name: str,
    context: str,
    rule: str,
    conf: float,
    label: str | None = None,
) -> bool:
    """A contribution candidate for the name at `start`, typed by the head word after
    it, its long form's head, how the paper describes it, or the cue's context."""
    if canon_key(name) in ctx.stop or len(name) < 2:
        return False
    span = ctx.doc.char_span(start, start + len(name), alignment_mode="expand")
    if span is None:
        return False
    text = ctx.text
    outside = text[span.start_char : start] + text[start + len(name) : span.end_char]
    if re.search(r"[^\W_]", outside):  # one token "Networks(Att-BLSTM)": no clean span
        return False
    if label is None:  # "the X (XY) model": the head after the name decides
        head = _HEAD_AFTER.match(text, start + len(name))
        label = first_type(head.group(1)) if head else None
    if label is None:
        label = phrase_type(ctx, long_form(ctx, name), "")
    if label in (None, EntityType.TASK):
        label = contribution_type(name, context, text)
    candidates_of(ctx.doc).append(
        Candidate(span.start, span.end, label, name, rule, conf, PRIORITY)
    )
    return True


def long_form(ctx: Context, short: str) -> str:
    for long_span, short_span in ctx.doc._.abbreviations or ():
        if short_span.text == short:
            return long_span.text
    return ""


def phrase_type(ctx: Context, phrase: str, context: str) -> str | None:
    """The type a coined phrase's head implies: a "... Reader" or "... agents" is a
    Model, a "... modeling" a Method unless the paper calls it a task."""
    if not phrase:
        return None
    last = phrase.lower().split()[-1]
    if last in ctx.cues.get("model_heads", frozenset()):
        return EntityType.MODEL
    label = type_by_head(phrase)
    if label == EntityType.TASK and not re.search(r"\btasks?\b", context):
        return EntityType.METHOD
    return label


def add_phrase(
    ctx: Context, start: int, name: str, context: str, conf: float, label: str | None = None
) -> bool:
    """A coined lower-case phrase: typed by its head word, else by its context."""
    if name.lower() in ctx.cues.get("generic", frozenset()):
        return False
    span = ctx.doc.char_span(start, start + len(name), alignment_mode="strict")
    if span is None or canon_key(name) in ctx.stop or canon_key(name) in known_terms(ctx.doc):
        return False
    label = label or phrase_type(ctx, name, context) or contribution_type(name, context)
    candidates_of(ctx.doc).append(
        Candidate(span.start, span.end, label, name, RULE_COINED, conf, PRIORITY)
    )
    return True


def listed_starts(ctx: Context) -> set[int]:
    """Character starts of common names: a curated name ("RNN") or a listed task or
    metric ("NER") is nobody's contribution. Generated lexicons also list names papers
    coined (from leaderboards), so they do not count."""
    starts, _ends = char_offsets(ctx.doc)
    return {starts[c.start] for c in candidates_of(ctx.doc) if common_name(c)}
