"""kg_phrases: unlisted multi-word terms found by their head word.

"structural regularization", "hypernymy detection", "gated multi-hop attention": a
head word from extractors/heads.json (its type decides the entity type) with one to
three modifiers before it. Modifiers are words that are not in
extractors/modifier_stoplist.txt (function words, evaluative adjectives, verbs, and
-s words the lexicons do not use: "simulates multi-step reasoning"); capitalized
modifiers only in title-case phrases. Task phrases lose leading how-words
("supervised", "neural", "X-based"), and a nominal phrase before "task"/"problem" is a
Task even when its head word is not listed ("the hypernym discovery task"). These
candidates rank below every listed name (lexicon, abbreviation, name shape) of the same length.
A Method head may also end a two-part hyphen compound ("weight-sharing", "gated-attention";
not "semi-supervision", `compound_start`).

Metric phrases ("request accuracy", "parsing speed", "training costs") count only where
the text measures with them: a number or a change word before them, "in terms of", or a
number after them (`measuring`); their heads are the Metric heads of heads.json and its
"Metric where measured" list. Two clean-ups of the listed candidates: "F1 score" is
named F1 (`name_measures`), and a listed task "text classification tasks" loses its
trailing "tasks" (`trim_task_words`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

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
from kg.extraction.knowledge_files import load_json, load_lines
from kg.types import EntityType

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_NAME_LIKE = re.compile(r"[A-Z].*[A-Z0-9]|\d")
_MAX_MODIFIERS = 3
_GLUE = frozenset("0123456789.'\u2019")  # "3.5times", "LLM's": not a word of its own
_PHRASE_TYPES = {EntityType.METHOD, EntityType.TASK}
_METRIC_HEADS = {"latency", "throughput", "rate"}  # "query latency", "completion rate"
# Other metric phrases only where the text measures something (see measuring()): free
# "slight accuracy", "at training time" were mostly noise.
_CONTEXT_KEY = "Metric where measured"
_MEASURE_BEFORE = re.compile(
    r"(?:\b(?:in\s+terms\s+of|metrics?|measures?)(?:\s+(?:such\s+as|like|including))?"
    r"(?:\s+[\w-]+(?:\s+[\w-]+){0,3}(?:,|,?\s+and|,?\s+or)){0,4}"
    r"|\b(?:measured|evaluated|assessed)\s+(?:by|in|with|using)"
    r"|\b(?:improv|increas|reduc|boost|lower|decreas|sav|cut|halv|doubl|accelerat)\w*"
    r"|\b(?:gains?|drops?|losses|degradation|reductions?|improvements?|increases?)\s+(?:in|of|on)"
    r"|\b(?:higher|lower|better|faster|fewer|less|comparable|competitive|superior|improved)"
    r"|\d(?:\.\d+)?\s*(?:%|x|\u00d7|times|points?|pp|percent)?)"
    r"\s+(?:the\s+|its\s+|their\s+|our\s+)?$",
    re.I,
)
_MEASURE_AFTER = re.compile(
    r"\s*(?:\(|of|by|to|from|at|=|:|is|was|reaches|reached|drops|improves)?\s*"
    r"(?:only\s+|about\s+|around\s+|nearly\s+|up\s+to\s+|over\s+|~|\u2248)?\d",
    re.I,
)


def measuring(text: str, start: int, end: int) -> bool:
    """Does the text measure with the phrase text[start:end]: a number or a change word
    before it ("97.1% request accuracy", "improves parsing accuracy"), "in terms of" or
    "metrics such as" before it or before the list it ends ("in terms of accuracy, memory
    footprint and parsing speed"), or a number after it ("top-10 accuracy of 73.2%")?"""
    return bool(
        _MEASURE_BEFORE.search(text[max(0, start - 80) : start]) or _MEASURE_AFTER.match(text, end)
    )


# A Task head after a training-objective word names a technique: "masked language
# modeling" and "autoregressive generation" are Methods, "language modeling" a Task.
_TECHNIQUE = re.compile(r"(?:auto-?regressive|masked|contrastive|denoising)\b", re.I)
_NOT_VERB_S = ("ss", "us", "is", "ics", "ous", "ys", "ps", "ts", "'s")
# "gated-attention": one word, then a hyphen right before the head
_COMPOUND = re.compile(r"(?<![\w-])([A-Za-z][a-z]+)-$")
_PREFIXES = frozenset(
    ["co", "semi", "multi", "non", "un", "re", "pre", "post", "sub", "inter", "intra"]
    + ["over", "under", "de", "anti", "mis"]
)
_NAMED = {EntityType.MODEL, EntityType.DATASET}  # listed names that never serve as a modifier
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
    lines = load_lines(extractors_dir(folder) / "modifier_stoplist.txt")
    return frozenset(w.lower() for line in lines for w in line.split())


@functools.cache
def context_heads(folder: str | None = None) -> frozenset[str]:
    """Metric head words whose phrases count only where measured: the Metric heads of
    extractors/heads.json and its "Metric where measured" list ("speed", "time")."""
    data = load_json(extractors_dir(folder) / "heads.json")
    listed = {h for h, t in head_words(folder).items() if t == EntityType.METRIC}
    return frozenset(listed | {w.lower() for w in data.get(_CONTEXT_KEY, [])}) - _METRIC_HEADS


@functools.cache
def head_pattern(folder: str | None = None) -> re.Pattern[str]:
    wanted = [h for h, t in head_words(folder).items() if t in _PHRASE_TYPES or h in _METRIC_HEADS]
    wanted += context_heads(folder)
    heads = {h.lower() for h in wanted if " " not in h}
    return re.compile(r"\b(" + trie_alternation(heads) + r")(?:s|es)?\b", re.I)


_Trie = dict[str, "_Trie"]


def trie_alternation(words: Iterable[str]) -> str:
    """An alternation of the words as a character trie: "net(?:work)?" for "net" and
    "network". It matches what the longest-first list "network|net" matches, in the same
    order of preference (greedy: longer first), several times faster over long lists."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(root)


@functools.cache
def lexicon_words(folder: str | None = None) -> frozenset[str]:
    """Words of the listed names: the -ing/-ed words a modifier may be ("masked", "gated")."""
    words: set[str] = set()
    for row in lexicon_patterns(folder):
        words.update(w.lower() for w in _WORD.findall(row["pattern"]))
    return frozenset(words)


def modifier_ok(word: str, stop: frozenset[str], known: frozenset[str]) -> bool:
    """Function words, adverbs and most verb forms are not part of a term."""
    low = word.lower()
    if low in stop or low.endswith("ly"):
        return False
    if low.endswith("s") and not low.endswith(_NOT_VERB_S) and low not in known:
        return False  # "simulates multi-step reasoning": a verb (or a plural), no modifier
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
    for _name_start, name_end in names:
        if start < name_end <= head_start:  # also a name the modifiers begin inside
            start = max(start, name_end)
    return start


# "the hypernym discovery task", "a slot filling problem": a nominal phrase before
# "task"/"problem" names a task even when its head word is not listed.
_TASK_BEFORE = re.compile(
    r"\b((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*(?:ion|ing|ment|sis|ness|ery|ance))\s+(?:tasks?|problems?)\b"
)
_TASK_WORD_AFTER = re.compile(r"\s+(?:tasks?|problems?)\b")


def _run_start(text: str, end: int) -> int:
    """Start of the run of lower-case letters, hyphens and spaces that ends at `end`."""
    i = end
    while i > 0 and (("a" <= text[i - 1] <= "z") or text[i - 1] == "-" or text[i - 1].isspace()):
        i -= 1
    return i


def task_matches(text: str) -> Iterator[re.Match[str]]:
    """`_TASK_BEFORE.finditer(text)`, faster: a match is lower-case words, hyphens and
    spaces up to "task"/"problem", so the search starts where such a run before the
    next "task" begins, and skips the text before it."""
    pos = 0
    while (word := _TASK_WORD_AFTER.search(text, pos)) is not None:
        m = _TASK_BEFORE.search(text, max(pos, _run_start(text, word.start())))
        if m is None:
            return
        yield m
        pos = m.end()


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


_MEASURE_WORD = re.compile(r"[\s-]+(?:scores?|metrics?|values?|measures?)$", re.I)


def name_measures(doc: Doc, out: list[Candidate]) -> None:
    """Metric candidates made of a listed metric and a measure word ("F1 score", "BLEU
    scores", "ROUGE metric") take that metric's id, so their mentions merge with the bare
    name and the entity is named by it (papers write both; the gold names the short one)."""
    inner = {
        (c.start, c.end): c.cid or span_text(doc, c.start, c.end)
        for c in out
        if c.label == EntityType.METRIC and c.rule == "lexicon"
    }
    for i, c in enumerate(out):
        if c.label != EntityType.METRIC or c.end - c.start < 2:
            continue
        m = _MEASURE_WORD.search(span_text(doc, c.start, c.end))
        if m is None:
            continue
        for end in range(c.end - 1, c.start, -1):
            cid = inner.get((c.start, end))
            if cid is not None and not _MEASURE_WORD.search(cid):
                out[i] = replace(c, cid=cid)
                break


_TASK_WORD = re.compile(r"(?:tasks?|problems?)$", re.I)


def trim_task_words(doc: Doc, out: list[Candidate]) -> None:
    """A listed task "text classification tasks" names the task "text classification": the
    trailing "task(s)"/"problem(s)" is left out of the mention (task lists hold both)."""
    for i, c in enumerate(out):
        if (
            c.label == EntityType.TASK
            and c.end - c.start > 1
            and _TASK_WORD.fullmatch(doc[c.end - 1].text)
        ):
            cid = None if c.cid and _TASK_WORD.search(c.cid) else c.cid
            out[i] = replace(c, end=c.end - 1, cid=cid)


class PhraseFinder:
    def __init__(self, folder: str | None = None):
        self.heads = head_words(folder)
        self.pattern = head_pattern(folder)
        self.mod_stop = modifier_stoplist(folder)
        self.stop = stoplist(folder)
        self.known = lexicon_words(folder)
        self.measured = context_heads(folder)

    def __call__(self, doc: Doc) -> Doc:
        out = candidates_of(doc)
        name_measures(doc, out)
        trim_task_words(doc, out)
        listed = {
            c.end: c.start
            for c in sorted(out, key=lambda c: c.start, reverse=True)
            if c.rule != "head-phrase"
        }
        names = [(c.start, c.end) for c in out if c.rule == "lexicon" and c.label in _NAMED]
        # a metric phrase does not swallow the task it is measured on ("QA Test F1")
        named = names + [
            (c.start, c.end) for c in out if c.rule == "lexicon" and c.label == EntityType.TASK
        ]
        text = text_of(doc)
        for m in self.pattern.finditer(text):
            head = m.group(0)
            title_case = head[0].isupper()
            start = modifiers_before(text, m.start(), self.mod_stop, title_case, self.known)
            if start is None:
                start = self.compound_start(text, m)
            if start is None:
                continue
            phrase = text[start : m.end()]
            if canon_key(phrase) in self.stop or phrase.isupper():
                continue
            label = self.heads.get(m.group(1).lower(), EntityType.METHOD)
            if m.group(1).lower() in self.measured:
                if not measuring(text, start, m.end()):
                    continue
                label = EntityType.METRIC
            if label == EntityType.TASK and _TECHNIQUE.match(text, start):
                label = EntityType.METHOD
            elif label == EntityType.TASK:
                while (how := _HOW.match(text, start, m.start())) is not None:
                    start = how.end()
                if start >= m.start():
                    continue
            span = doc.char_span(start, m.end(), alignment_mode="expand")
            head_span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or head_span is None:
                continue
            first = after_names(
                span.start, head_span.start, named if label == EntityType.METRIC else names
            )
            measured = label == EntityType.METRIC and m.group(1).lower() not in _METRIC_HEADS
            if first < head_span.start and self.adds_terms(doc, first, span.end, listed, measured):
                out.append(Candidate(first, span.end, label, None, "head-phrase", 0.5, 30))
        self.task_phrases(doc, text)
        return doc

    def compound_start(self, text: str, m: re.Match[str]) -> int | None:
        """Start of a two-part hyphen compound ending in a Method head ("gated-attention",
        "weight-sharing"); prefixes ("semi-", "co-") and function words do not count."""
        if (
            self.heads.get(m.group(1).lower()) != EntityType.METHOD
            or text[m.end() : m.end() + 1] == "-"
        ):
            return None
        first = _COMPOUND.search(text, max(0, m.start() - 40), m.start())
        if first is None or first.group(1).lower() in _PREFIXES:
            return None
        if not modifier_ok(first.group(1), self.mod_stop, self.known):
            return None
        return first.start(1)

    def task_phrases(self, doc: Doc, text: str) -> None:
        out = candidates_of(doc)
        for m in task_matches(text):
            start = task_phrase_start(text, m, self.mod_stop)
            if start is None:
                continue
            span = doc.char_span(start, m.end(1), alignment_mode="expand")
            if span is not None and canon_key(span.text) not in self.stop:
                out.append(
                    Candidate(span.start, span.end, EntityType.TASK, None, "head-phrase", 0.5, 30)
                )

    def adds_terms(
        self, doc: Doc, start: int, end: int, listed: dict[int, int], measured: bool = False
    ) -> bool:
        """A phrase may extend a listed name ending at its head ("top-1 accuracy") only with
        words the lexicons use, not with any adjective ("slight accuracy"); a metric phrase
        the text measures with ("97.1% request accuracy") with any modifier."""
        inner = listed.get(end)
        if inner is None:
            return True
        if inner <= start:
            return False
        if measured:
            return True
        words = _WORD.findall(span_text(doc, start, inner))
        return all(w.lower() in self.known for w in words)


@Language.factory("kg_phrases", default_config={"folder": None})
def make_phrases(nlp: Language, name: str, folder: str | None) -> PhraseFinder:
    return PhraseFinder(folder)
