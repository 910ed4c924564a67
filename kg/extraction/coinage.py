"""Helpers of kg_contributions for the names a paper coins: the shape of a name, lower-case
phrases ("a novel sliding window estimator"), the title's head and its acronym ("Count Only
Sheep (Almost) Once" -> COSO), the type words that make a contribution a Model, Dataset or
Method, and the cue words of extractors/contribution_cues.json."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc

from kg.extraction.extensions import Candidate, candidates_of, span_text
from kg.extraction.knowledge import canon_key, extractors_dir, type_by_head
from kg.extraction.knowledge_files import load_json
from kg.extraction.names import _MODEL_MORPHEME, SIZE, SIZED
from kg.types import EntityType

NAME = r"[A-Za-z][\w+]*(?:[-.][\w+]+)*" + SIZE + "?"
NAMEISH = re.compile(  # a name's shape: inner capitals or digits ("SQLNet", "GPT-2", "mLSTM")
    r"(?=[\w+.-]*(?:[A-Z][\w+]*[A-Z0-9]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]))" + NAME
)
_TASK_WORDS = re.compile(r"\b(?:task|problem)s?\b", re.I)
_DATASET_WORDS = re.compile(
    r"\b(?:dataset|data set|benchmark|corpus|treebank|test suite)s?\b", re.I
)
_MODEL_WORDS = re.compile(
    r"\b(?:model|network|LLM|language model|transformer|architecture|backbone|encoder|"
    r"checkpoint|chatbot|assistant|agent)s?\b",
    re.I,
)
_METHOD_WORDS = re.compile(
    r"\b(?:method|approach|technique|framework|algorithm|strategy|procedure|recipe|scheme|"
    r"objective|loss|mechanism|training|tuning|attention|pruning|distillation|quantization|"
    r"system|library|toolkit|protocol|paradigm)s?\b",
    re.I,
)
_TYPE_WORDS = (
    (EntityType.DATASET, _DATASET_WORDS),
    (EntityType.MODEL, _MODEL_WORDS),
    (EntityType.METHOD, _METHOD_WORDS),
)


def name_then(name: str, text: str, tail: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of `re.finditer(re.escape(name) + tail.pattern, text)`, each as the
    match of `tail` after the name (same groups), without compiling a pattern per name."""
    if not name:
        yield from tail.finditer(text)
        return
    at = text.find(name)
    while at >= 0:
        m = tail.match(text, at + len(name))
        if m is None:
            at = text.find(name, at + 1)
        else:
            yield m
            at = text.find(name, m.end())


def first_type(context: str) -> str | None:
    """The type of the first type word in `context` ("a new model for ..." -> Model)."""
    found = [(m.start(), label) for label, rx in _TYPE_WORDS if (m := rx.search(context))]
    return min(found)[1] if found else None


def last_type(context: str) -> str | None:
    """The type of the last type word: "LM training and evaluation datasets:" -> Dataset."""
    found = [
        (m.start(), label)
        for label, rx in (*_TYPE_WORDS, (EntityType.TASK, _TASK_WORDS))
        for m in rx.finditer(context)
    ]
    return max(found)[1] if found else None


_DESCRIBED_AS = re.compile(r"\)?(?:,| is| as)\s+(?:a|an|the)\s+([^.;:]{0,60})")


def contribution_type(name: str, context: str, text: str = "") -> str:
    """Model, Dataset or Method: how the paper describes the name ("X, a new model",
    "X is a benchmark"), else its morphemes, else the words around the cue."""
    for m in name_then(name, text, _DESCRIBED_AS):
        label = first_type(m.group(1))
        if label:
            return label
    if _MODEL_MORPHEME.search(name) or SIZED.search(name):
        return EntityType.MODEL
    return first_type(context) or EntityType.METHOD


@functools.cache
def contribution_cues(folder: str | None = None) -> dict[str, frozenset[str]]:
    """extractors/contribution_cues.json: word lists for coined phrases (see its _comment)."""
    data = load_json(extractors_dir(folder) / "contribution_cues.json")
    return {k: frozenset(w.lower() for w in v) for k, v in data.items() if isinstance(v, list)}


_TOKEN = re.compile(r"[A-Za-z0-9][\w+]*(?:[-'][\w+]+)*|\S")
_KIND_OF = re.compile(r"(?:type|kind|class|family|form|variant|version)s?\s+of\s", re.I)
_KEY_WORD = re.compile(r"[a-z0-9]+")
# A present-tense verb after a coined name: "layer grafting speeds up training"
_VERB_AFTER = re.compile(r"[a-z]+[^s\W]s\s+(?:the|a|an|up|its|their|our|this|these|both|each)\b")
QUOTES = {'"', "'", "\u201c", "\u2018", "`"}
_HEAD_END = re.compile(r"\s+(?:for|with|via|in|on|using|of|to|from|through|by|towards?)\s", re.I)
_FUNCTION = {"of", "the", "a", "an", "and", "for", "with", "to", "in", "on"}


def title_key(text: str) -> str:
    """' word word ' with case, punctuation and plural -s dropped, for phrase lookup."""
    return " " + " ".join(w.rstrip("s") for w in _KEY_WORD.findall(text.lower())) + " "


def coined_phrase(
    text: str, pos: int, cues: dict[str, frozenset[str]]
) -> tuple[list[tuple[int, int]], bool]:
    """The word spans of the noun phrase starting at `pos` ("a novel X Y method" -> X Y
    method), lead words skipped, and whether a lead word marked it as new."""
    words: list[tuple[int, int]] = []
    novel = False
    lead, stop = cues.get("lead", frozenset()), cues.get("stop", frozenset())
    for m in _TOKEN.finditer(text, pos, min(len(text), pos + 160)):
        word = m.group(0)
        low = word.lower()
        if not words and (low in lead or low in QUOTES):
            novel = novel or low in cues.get("trigger", frozenset()) or low in QUOTES
            continue
        if not words and _KIND_OF.match(text, m.start()):  # "a new type of X": X is coined
            lead = lead | {"of"}
            continue
        if not (word[0].isalnum() and low not in stop) or len(words) == 6:
            break
        if words and low.endswith("ed") and "-" not in low:  # "a model focused on"
            break
        if len(words) >= 2 and _VERB_AFTER.match(text, m.start()):  # "X Y speeds up ..."
            break
        words.append(m.span())
    return words, novel


def plausible_term(text: str, words: list[tuple[int, int]], cues: dict[str, Any]) -> bool:
    """Two or more words, or one hyphenated word, not all generic, no digits alone."""
    parts = [text[a:b].lower() for a, b in words]
    if not parts or any(p.isdigit() for p in parts):
        return False
    if len(parts) == 1 and ("-" not in parts[0] or parts[0].endswith("-based")):
        return False
    return not all(p in cues.get("generic", frozenset()) for p in parts)


def title_head(title: str) -> str:
    """The title's leading noun phrase: before a colon, then before "for / with / via ..."."""
    head = title.partition(":")[0] if ":" in title else title
    return _HEAD_END.split(" " + re.sub(r"\([^)]*\)", " ", head) + " ", maxsplit=1)[0].strip()


def title_acronyms(title: str) -> set[str]:
    """Initials of the title's head ("You Only Sample (Almost) Once" -> yoso; hyphen
    parts count: "Fast-Slow Recurrent Neural Networks" -> fsrnn)."""
    head = title_head(title)
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", head) if w.lower() not in _FUNCTION]
    if (
        len(words) < 3 or type_by_head(head) == EntityType.TASK
    ):  # "Dialogue Act Recognition": a task
        return set()
    whole = "".join(w[0] for w in words).lower()
    parts = "".join(p[0] for w in words for p in w.split("-") if p).lower()
    return {whole, parts}


def common_name(c: Candidate) -> bool:
    """A lexicon match of a hand-curated name, or of a listed task or metric."""
    return c.rule == "lexicon" and (
        c.priority >= 70 or c.label in (EntityType.TASK, EntityType.METRIC)
    )


def known_terms(doc: Doc, every_type: bool = False) -> set[str]:
    """Keys of lexicon tasks, metrics and datasets in the doc (of every listed name with
    `every_type`): no paper coins "machine translation" again, even when its title names it."""
    slot = "kg_known_all" if every_type else "kg_known_terms"
    known = doc.user_data.get(slot)
    if known is None:
        types = (
            (
                EntityType.TASK,
                EntityType.METRIC,
                EntityType.DATASET,
                EntityType.MODEL,
                EntityType.METHOD,
            )
            if every_type
            else (EntityType.TASK, EntityType.METRIC, EntityType.DATASET)
        )
        known = doc.user_data[slot] = {
            canon_key(span_text(doc, c.start, c.end))
            for c in candidates_of(doc)
            if c.rule == "lexicon" and c.label in types
        }
    return known


def common_terms(doc: Doc) -> set[str]:
    """Keys of the common names in the doc (see common_name): nobody's contribution.
    Generated lexicons are left out: leaderboards also list the names papers coined."""
    known = doc.user_data.get("kg_common_terms")
    if known is None:
        known = doc.user_data["kg_common_terms"] = {
            canon_key(span_text(doc, c.start, c.end)) for c in candidates_of(doc) if common_name(c)
        }
    return known


class _TitleLead:
    """Does a long form open the title, or follow "with / via / using / on"? ("Fleece
    Supervised Wool Finetuning"; not "... for Abstract Meaning Representation parsing")."""

    @staticmethod
    def search(title_keyed: str, long_keyed: str) -> bool:
        at = title_keyed.find(long_keyed)
        if at < 0:
            return False
        before = title_keyed[:at].split()
        return not before or before[-1] in ("with", "via", "using", "on", "through")


TITLE_LEAD = _TitleLead()


@functools.lru_cache(maxsize=1024)
def acronym_pattern(acronyms: frozenset[str]) -> re.Pattern[str]:
    """Tokens spelling one of the acronyms, with any case and hyphens ("FS-RNN", "NSEs")."""
    spelled = "|".join("-?".join(map(re.escape, a)) for a in sorted(acronyms))
    return re.compile(r"(?<![\w/.-])(?:" + spelled + r")s?(?![\w/-])", re.I)


_WORD_RUN = re.compile(r"(?<![\w/.-])[\w-]+(?![\w/-])")


def acronym_hits(acronyms: frozenset[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `acronym_pattern(acronyms).finditer(text)` without compiling a
    pattern per paper: that pattern only matches a whole run of word characters and
    hyphens, so each run is checked against the acronyms (ASCII runs by their letters,
    others by the pattern itself)."""
    if "" in acronyms:
        yield from acronym_pattern(acronyms).finditer(text)
        return
    for m in _WORD_RUN.finditer(text):
        run = m.group(0)
        if run.isascii():
            low = run.lower()
            forms = (low, low[:-1]) if low.endswith("s") else (low,)
            if any(_spells(form, acronyms) for form in forms):
                yield m
        elif acronym_pattern(acronyms).fullmatch(run):
            yield m


def _spells(form: str, acronyms: frozenset[str]) -> bool:
    """ "fs-rnn" spells "fsrnn": at most one hyphen between letters, none at either end."""
    if not form or form[0] == "-" or form[-1] == "-" or "--" in form:
        return False
    return form.replace("-", "") in acronyms


def norm_acronym(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower()).removesuffix("s")
