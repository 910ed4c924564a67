"""kg_phrases: unlisted multi-word terms found by their head word.

"structural regularization", "hypernymy detection", "gated multi-hop attention": a
head word from extractors/heads.json (its type decides the entity type) with one to
three modifiers before it. Modifiers are words that are not in
extractors/modifier_stoplist.txt (function words, evaluative adjectives, verbs);
capitalized modifiers only in title-case phrases. Task phrases lose leading how-words
("supervised", "neural", "X-based"), and a nominal phrase before "task"/"problem" is a
Task even when its head word is not listed ("the hypernym discovery task"). These
candidates rank below every listed name (lexicon, abbreviation, name shape) of the same length.
"""

from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.extensions import Candidate, candidates_of, span_text, text_of
from kg.extraction.knowledge import (
    canon_key,
    extractors_dir,
    head_words,
    lexicon_patterns,
    stoplist,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_NAME_LIKE = re.compile(r"[A-Z].*[A-Z0-9]|\d")
_MAX_MODIFIERS = 3
_GLUE = frozenset("0123456789.'\u2019")  # "3.5times", "LLM's": not a word of its own
_PHRASE_TYPES = {"Method", "Task"}  # metric phrases were mostly "slight accuracy" noise
_METRIC_HEADS = {"latency", "throughput", "rate"}  # "query latency", "completion rate"
# A Task head after a training-objective word names a technique: "masked language
# modeling" and "autoregressive generation" are Methods, "language modeling" a Task.
_TECHNIQUE = re.compile(r"(?:auto-?regressive|masked|contrastive|denoising)\b", re.I)
_NAMED = {"Model", "Dataset"}  # listed names that never serve as a modifier
# Words that describe how a task is solved, not the task: "supervised relation
# extraction" and "neural summarization" name the task "relation extraction",
# "summarization"; "joint modeling" names none.
_HOW = re.compile(
    r"(?:(?:(?:semi|weakly|distantly|self|un)-?)?supervised|neural|deep|joint|explicit|successful"
    r"|solving|end-to-end|[\w-]+-(?:based|aware|driven))\s+",
    re.I,
)


@functools.cache
def modifier_stoplist(folder: str | None = None) -> frozenset[str]:
    text = (extractors_dir(folder) / "modifier_stoplist.txt").read_text(encoding="utf-8")
    return frozenset(w.lower() for line in text.splitlines() for w in line.split("#", 1)[0].split())


@functools.cache
def head_pattern(folder: str | None = None) -> re.Pattern[str]:
    wanted = [h for h, t in head_words(folder).items() if t in _PHRASE_TYPES or h in _METRIC_HEADS]
    heads = sorted(
        (h for h in wanted if " " not in h),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(" + "|".join(map(re.escape, heads)) + r")(?:s|es)?\b", re.I)


@functools.cache
def lexicon_words(folder: str | None = None) -> frozenset[str]:
    """Words of the listed names: the -ing/-ed words a modifier may be ("masked", "gated")."""
    words = set()
    for row in lexicon_patterns(folder):
        words.update(w.lower() for w in _WORD.findall(row["pattern"]))
    return frozenset(words)


def modifier_ok(word: str, stop: frozenset[str], known: frozenset[str]) -> bool:
    """Function words, adverbs and most verb forms are not part of a term."""
    low = word.lower()
    if low in stop or low.endswith("ly"):
        return False
    return not low.endswith(("ing", "ed", "er", "est")) or "-" in low or low in known


def modifiers_before(
    text: str,
    head_start: int,
    stop: frozenset[str],
    title_case: bool,
    known: frozenset[str] = frozenset(),
) -> int | None:
    """Start offset of the modifiers before a head word, or None if there are none."""
    window = text[max(0, head_start - 80) : head_start]
    base = head_start - len(window)
    words = list(_WORD.finditer(window))
    start = None
    expected_end = len(window)
    for m in reversed(words[-_MAX_MODIFIERS:]):
        gap = window[m.end() : expected_end]
        word = m.group(0)
        glued = m.start() > 0 and window[m.start() - 1] in _GLUE
        if gap.strip() or "\n" in gap or glued or not modifier_ok(word, stop, known):
            break
        if (
            word[0].isupper()
            and not _NAME_LIKE.search(word)
            and (not title_case or word.endswith("ing"))
        ):
            break
        start, expected_end = base + m.start(), m.start()
    return start


def after_names(start: int, head_start: int, names: list[tuple[int, int]]) -> int:
    """First token of the modifiers once listed model or dataset names are left out:
    "RoBERTa fine-tuning" keeps RoBERTa a Model, not a word of a Method phrase."""
    for s, e in names:
        if start <= s and e <= head_start:
            start = max(start, e)
    return start


# "the hypernym discovery task", "a slot filling problem": a nominal phrase before
# "task"/"problem" names a task even when its head word is not listed.
_TASK_BEFORE = re.compile(
    r"\b((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*(?:ion|ing|ment|sis|ness|ery|ance))\s+(?:tasks?|problems?)\b"
)
_NOT_TASK_HEAD = re.compile(r"(?:learning|processing|training|embedding|labelling|modell?ing)$")


def task_phrase_start(text: str, m: re.Match[str], stop: frozenset[str]) -> int | None:
    """Start of a "X task" phrase once function and how-words are left out, or None."""
    if _NOT_TASK_HEAD.search(m.group(1)):
        return None
    words = list(_WORD.finditer(text, m.start(1), m.end(1)))
    while words and (words[0].group(0).lower() in stop or _HOW.match(words[0].group(0) + " ")):
        words.pop(0)
    if len(words) < 2 or any(w.group(0).lower() in stop for w in words):
        return None
    return words[0].start()


class PhraseFinder:
    def __init__(self, folder: str | None = None):
        self.heads = head_words(folder)
        self.pattern = head_pattern(folder)
        self.mod_stop = modifier_stoplist(folder)
        self.stop = stoplist(folder)
        self.known = lexicon_words(folder)

    def __call__(self, doc: Doc) -> Doc:
        out = candidates_of(doc)
        listed = {
            c.end: c.start
            for c in sorted(out, key=lambda c: c.start, reverse=True)
            if c.rule != "head-phrase"
        }
        names = [(c.start, c.end) for c in out if c.rule == "lexicon" and c.label in _NAMED]
        text = text_of(doc)
        for m in self.pattern.finditer(text):
            head = m.group(0)
            title_case = head[0].isupper()
            start = modifiers_before(text, m.start(), self.mod_stop, title_case, self.known)
            if start is None:
                continue
            phrase = text[start : m.end()]
            if canon_key(phrase) in self.stop or phrase.isupper():
                continue
            label = self.heads.get(m.group(1).lower(), "Method")
            if label == "Task" and _TECHNIQUE.match(text, start):
                label = "Method"
            elif label == "Task":
                while (how := _HOW.match(text, start, m.start())) is not None:
                    start = how.end()
                if start >= m.start():
                    continue
            span = doc.char_span(start, m.end(), alignment_mode="expand")
            head = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or head is None:
                continue
            first = after_names(span.start, head.start, names)
            if first < head.start and self.adds_terms(doc, first, span.end, listed):
                out.append(Candidate(first, span.end, label, None, "head-phrase", 0.5, 30))
        self.task_phrases(doc, text)
        return doc

    def task_phrases(self, doc: Doc, text: str) -> None:
        out = candidates_of(doc)
        for m in _TASK_BEFORE.finditer(text):
            start = task_phrase_start(text, m, self.mod_stop)
            if start is None:
                continue
            span = doc.char_span(start, m.end(1), alignment_mode="expand")
            if span is not None and canon_key(span.text) not in self.stop:
                out.append(Candidate(span.start, span.end, "Task", None, "head-phrase", 0.5, 30))

    def adds_terms(self, doc: Doc, start: int, end: int, listed: dict[int, int]) -> bool:
        """A phrase may extend a listed name ending at its head ("top-1 accuracy") only with
        words the lexicons use, not with any adjective ("slight accuracy")."""
        inner = listed.get(end)
        if inner is None:
            return True
        if inner <= start:
            return False
        words = _WORD.findall(span_text(doc, start, inner))
        return all(w.lower() in self.known for w in words)


@Language.factory("kg_phrases", default_config={"folder": None})
def make_phrases(nlp: Language, name: str, folder: str | None) -> PhraseFinder:
    return PhraseFinder(folder)
