"""kg_contributions: what the paper itself introduces (PROPOSES).

Cues: the name before the title's colon ("XLM-T: Scaling up ..."), "we propose /
introduce / present X", and "called / dubbed / named / termed X". The name is a Model
when the paper presents it as a model or network, a Dataset when it is a dataset or
benchmark, otherwise a Method (GUIDELINES.md). Candidates go to `doc._.candidates`
with a `contribution:*` rule; kg_entities turns them into `doc._.proposes`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.coinage import (
    TITLE_LEAD,
    acronym_pattern,
    coined_phrase,
    common_name,
    contribution_cues,
    known_terms,
    norm_acronym,
    plausible_term,
    title_acronyms,
    title_head,
    title_key,
)
from kg.extraction.extensions import Candidate, candidates_of, char_offsets, span_text, text_of
from kg.extraction.knowledge import canon_key, stoplist, type_by_head
from kg.extraction.names import _MODEL_MORPHEME, SIZE, SIZED

NAME = r"[A-Za-z][\w+]*(?:[-.][\w+]+)*" + SIZE + "?"
_NAMEISH = re.compile(
    r"(?=[\w+.-]*(?:[A-Z][\w+]*[A-Z0-9]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]))" + NAME
)
_PROPOSE = re.compile(
    r"(?:\b(?:we|We|paper|work)\s+(?:\w+\s+){0,2}?(?:propose|introduce|present|develop|release|"
    r"design|build|create|open-source|contribute|describe|construct|curate|collect)"
    r"|\band\s+(?:further\s+|also\s+)?(?:propose|introduce|present))[sd]?\s+([^.;:]*)"
)
_LEAD_NAME = re.compile(r"((?:[\w'-]+\s+){0,8}?)\(?(" + NAME + r")(?=[\s,.;:()]|$)")
_PAREN_NAME = re.compile(r"\((" + NAME + r")\)")
_CALLED = re.compile(
    r"\b(?:called|dubbed|named|termed|coined|we call|we term|we name|we dub|name it|call it|"
    r"referred to as|denoted as|formali[sz]ed? as|"
    r"resulting (?:model|network|method|system|dataset|benchmark),?)"
    r"\s+[`'\"\u201c\u2018]?(" + NAME + r")(?=[\s,.;:)'\u201d\u2019])"
)
_COORDINATED = re.compile(r"(?:,\s*|,?\s+and\s+|,?\s+or\s+)(" + NAME + r")(?=[\s,.;:()]|$)")
_COINING = re.compile(  # cues that coin a lower-case term ("named entity" does not)
    r"(?:called|dubbed|termed|coined|we call|we term|call it|formali[sz]ed? as|referred to as)"
    r"\s+[`'\"\u201c\u2018]?"
)
_TITLE_RUN = re.compile(r"(?:\s+[A-Z][\w+-]*){1,4}")
_NOVEL_TERM = re.compile(r"(?:(?:a|an|the|novel|new|simple|two|our)\s+){0,3}")
_TASK_WORDS = re.compile(r"\b(?:task|problem)s?\b", re.I)
_HEAD_AFTER = re.compile(r"\)?\s+([a-z]+)\b")
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


_TYPE_WORDS = (("Dataset", _DATASET_WORDS), ("Model", _MODEL_WORDS), ("Method", _METHOD_WORDS))


def _first_type(context: str) -> str | None:
    found = [(m.start(), label) for label, rx in _TYPE_WORDS if (m := rx.search(context))]
    return min(found)[1] if found else None


def _last_type(context: str) -> str | None:
    """The type of the last type word: "LM training and evaluation datasets:" -> Dataset."""
    found = [
        (m.start(), label)
        for label, rx in (*_TYPE_WORDS, ("Task", _TASK_WORDS))
        for m in rx.finditer(context)
    ]
    return max(found)[1] if found else None


def contribution_type(name: str, context: str, text: str = "") -> str:
    """Model, Dataset or Method: how the paper describes the name ("X, a new model",
    "X is a benchmark"), else its morphemes, else the words around the cue."""
    described = re.escape(name) + r"\)?(?:,| is| as)\s+(?:a|an|the)\s+([^.;:]{0,60})"
    for m in re.finditer(described, text):
        label = _first_type(m.group(1))
        if label:
            return label
    if _MODEL_MORPHEME.search(name) or SIZED.search(name):
        return "Model"
    return _first_type(context) or "Method"


def title_name(title: str) -> str | None:
    """The name before the title's colon, when that part looks like a name."""
    head, colon, _rest = title.partition(":")
    head = re.sub(r"'s\b.*", "", head).strip()
    if not colon or not head:
        return None
    words = head.split()
    if len(words) == 1 and re.fullmatch(r"[A-Z][\w+.-]*", head):
        return head
    if 1 < len(words) <= 3 and _NAMEISH.match(words[0]):
        return head
    return None


_LIST_CUE = re.compile(
    r"\b(?:we|We|paper|work|to|and)\s+(?:\w+\s+){0,2}?"
    r"(?:propose|introduce|present|create|develop|design|release)[sd]?\s+"
    r"[^.;:]{0,120}?(?:\s[-\u2013\u2014]+\s|:\s)"
)
_LIST_END = re.compile(r"[.;]\s|\s[-\u2013\u2014]+\s|\)|$")
_LIST_SEP = re.compile(r"\s*(?:,\s*and|,\s*or|,|\s+and|\s+or)\s+")
_LEAD_SIZE = re.compile(r"(?:\d+(?:\.\d+)?[BMKT]\s+)?")
_PAREN_PREFIX = re.compile(r"[^,;()]{0,120}")
_NP_BREAK = re.compile(
    r"(?<![\w-])(?:for|with|by|from|on|in|to|using|via|based|that|which|composed|consisting)(?![\w-])"
)
_CAPITAL_COMPOUND = re.compile(r"[A-Z][\w+]*(?:-[\w+]+)+")
_ADJECTIVE_END = re.compile(r"(?:al|ive|ous|ic|-based)$")
_NAME_FOLLOWS = re.compile(r"^,?\s*\(|\b(?:called|named|dubbed|termed|i\.e\.)\s")


class ContributionFinder:
    def __init__(self, folder: str | None = None):
        self.stop = stoplist(folder)
        self.cues = contribution_cues(folder)

    def add(
        self,
        doc: Doc,
        start: int,
        name: str,
        context: str,
        rule: str,
        conf: float,
        label: str | None = None,
    ) -> bool:
        if canon_key(name) in self.stop or len(name) < 2:
            return False
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        if span is None:
            return False
        text = text_of(doc)
        if label is None:  # "the X (XY) model": the head after the name decides
            head = _HEAD_AFTER.match(text, start + len(name))
            label = _first_type(head.group(1)) if head else None
        if label is None:
            label = self.phrase_type(self.long_form(doc, name), "")
        if label in (None, "Task"):
            label = contribution_type(name, context, text_of(doc))
        candidates_of(doc).append(Candidate(span.start, span.end, label, name, rule, conf, 90))
        return True

    @staticmethod
    def long_form(doc: Doc, short: str) -> str:
        for long_span, short_span in doc._.abbreviations or ():
            if short_span.text == short:
                return long_span.text
        return ""

    def phrase_type(self, phrase: str, context: str) -> str | None:
        """The type a coined phrase's head implies: a "... Reader" or "... agents" is a
        Model, a "... modeling" a Method unless the paper calls it a task."""
        if not phrase:
            return None
        last = phrase.lower().split()[-1]
        if last in self.cues.get("model_heads", frozenset()):
            return "Model"
        label = type_by_head(phrase)
        if label == "Task" and not re.search(r"\btasks?\b", context):
            return "Method"
        return label

    def add_phrase(
        self, doc: Doc, start: int, name: str, context: str, conf: float, label: str | None = None
    ) -> bool:
        """A coined lower-case phrase: typed by its head word, else by its context."""
        if name.lower() in self.cues.get("generic", frozenset()):
            return False
        span = doc.char_span(start, start + len(name), alignment_mode="strict")
        if span is None or canon_key(name) in self.stop or canon_key(name) in known_terms(doc):
            return False
        label = label or self.phrase_type(name, context) or contribution_type(name, context)
        candidates_of(doc).append(
            Candidate(span.start, span.end, label, name, "contribution:coined", conf, 90)
        )
        return True

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        title_end = text.find("\n\n")
        title = text[:title_end] if title_end >= 0 else ""
        name = title_name(title)
        if name:
            colon = title.index(":")
            self.add(doc, title.index(name), name, title[colon + 1 :], "contribution:title", 0.9)
        listed = self.listed_starts(doc)
        for m in _PROPOSE.finditer(text):
            clause, pos = m.group(1), m.start(1)
            found = self.propose_clause(doc, clause, pos, listed)
            if not found and not self.coined(doc, pos, title):
                self.new_term(doc, pos)
        self.listed_items(doc)
        self.called(doc)
        self.title_abbreviations(doc, title, listed)
        return doc

    def propose_clause(self, doc: Doc, clause: str, base: int, listed: set[int]) -> bool:
        """ "we propose X (and Y)": the lead name and names coordinated with it, and a
        "(SHORT)" that ends the clause's first noun phrase ("a ... network (SAN)")."""
        found = False
        lead = _LEAD_NAME.match(clause)
        if lead and _NAMEISH.fullmatch(lead.group(2)) and not re.search(r"[,;]", lead.group(1)):
            found = self.add(
                doc, base + lead.start(2), lead.group(2), clause, "contribution:propose", 0.8
            )
            pos = lead.end(2)  # "X8L and X16L": coordinated names are contributions too
            while (co := _COORDINATED.match(clause, pos)) and _NAMEISH.fullmatch(co.group(1)):
                self.add(doc, base + co.start(1), co.group(1), clause, "contribution:propose", 0.7)
                pos = co.end(1)
        for p in _PAREN_NAME.finditer(clause):
            prefix = clause[: p.start()]
            if (
                _NAMEISH.fullmatch(p.group(1))
                and _PAREN_PREFIX.fullmatch(prefix)
                and not _NP_BREAK.search(prefix)
                and base + p.start(1) not in listed
            ):
                found |= self.add(
                    doc, base + p.start(1), p.group(1), clause, "contribution:propose", 0.75
                )
        return found

    def coined(self, doc: Doc, pos: int, title: str) -> bool:
        """ "we propose a novel X Y" or "we present X Y" with X Y in the title: the phrase
        coined by the paper, generic trailing heads dropped ("X Y method" -> "X Y")."""
        text = text_of(doc)
        words, novel = coined_phrase(text, pos, self.cues)
        drop, generic = self.cues.get("drop_heads", frozenset()), self.cues.get("generic", ())
        while words and text[words[-1][0] : words[-1][1]].lower() in drop:
            words.pop()
            if words and _ADJECTIVE_END.search(text[words[-1][0] : words[-1][1]]):
                return False  # "a supervised distributional framework": the head was needed
        if novel and len(words) == 2 and text[words[1][0] : words[1][1]].lower() in generic:
            novel = False  # "a novel normalization model": a description, not a name
        after = text[words[-1][1] : text.find(".", words[-1][1])] if words else ""
        if _NAME_FOLLOWS.search(after[:60]):  # "a new metric called TF-KLD": the name is it
            return True
        key = title_key(title)
        for k in range(len(words), 1, -1):
            phrase = text[words[0][0] : words[k - 1][1]]
            rest = {text[a:b].lower() for a, b in words[k:]}
            if (
                title_key(phrase) in key
                and rest <= generic
                and plausible_term(text, words[:k], self.cues)
                and (novel or self.fresh_title_term(doc, phrase))
            ):
                return self.add_phrase(doc, words[0][0], phrase, text[pos - 40 : pos], 0.65)
        if novel and plausible_term(text, words, self.cues):
            phrase = text[words[0][0] : words[-1][1]]
            return self.add_phrase(doc, words[0][0], phrase, text[pos - 40 : pos], 0.6)
        return False

    @staticmethod
    def fresh_title_term(doc: Doc, phrase: str) -> bool:
        """A title phrase the paper did not call new is its own unless it opens with a
        verb ("Guiding Generation for ...") or names a task ("Story Comprehension")."""
        return not phrase.split()[0].endswith("ing") and type_by_head(phrase) != "Task"

    def listed_items(self, doc: Doc) -> None:
        """ "we propose two modifications - A and B", "we created datasets: 7M X, Y and Z":
        each short item of the list after the dash or colon is a contribution."""
        text = text_of(doc)
        body = max(text.find("\n\n"), 0)
        if not any(mark in text[body:] for mark in (": ", " - ", " -- ", "\u2013", "\u2014")):
            return
        for m in _LIST_CUE.finditer(text, body):
            end = _LIST_END.search(text, m.end())
            items = _LIST_SEP.split(text[m.end() : end.start() if end else len(text)])
            dashed = m.group(0).rstrip()[-1] in "-\u2013\u2014" and end and "-" in end.group(0)
            if len(items) > 6 or (len(items) < 2 and not dashed):  # one item: "task - X -"
                continue
            if any(len(item.split()) > 6 for item in items):  # a sentence, not a list of names
                continue
            pos = m.end()
            for item in items:
                at = text.index(item, pos)
                pos = at + len(item)
                self.list_item(doc, at + _LEAD_SIZE.match(item).end(), m.group(0))

    def list_item(self, doc: Doc, at: int, context: str) -> None:
        text = text_of(doc)
        label = _last_type(context)
        name = _NAMEISH.match(text, at) or _CAPITAL_COMPOUND.match(text, at)
        if name and re.match(r"[\s,]|$", text[name.end() : name.end() + 1]):
            self.add(doc, at, name.group(0), context, "contribution:list", 0.7, label)
            return
        words, _novel = coined_phrase(text, at, self.cues)
        if 1 <= len(words) <= 4 and plausible_term(text, words, self.cues):
            phrase = text[words[0][0] : words[-1][1]]
            self.add_phrase(doc, words[0][0], phrase, context, 0.6, label)

    def called(self, doc: Doc) -> None:
        """ "called / dubbed / named X (and Y)", "a scheme we formalize as myopic training"."""
        text = text_of(doc)
        for m in _CALLED.finditer(text):
            name = m.group(1)
            before = text[max(0, m.start() - 60) : m.start()]
            if not _NAMEISH.fullmatch(name) and name[0].isupper():  # "called Future Token X"
                run = _TITLE_RUN.match(text, m.end(1))
                name += run.group(0) if run else ""
            if _NAMEISH.fullmatch(name) or name[0].isupper():
                self.add(doc, m.start(1), name, before, "contribution:called", 0.8)
                pos = m.start(1) + len(name)
                while (co := _COORDINATED.match(text, pos)) and _NAMEISH.fullmatch(co.group(1)):
                    self.add(doc, co.start(1), co.group(1), before, "contribution:called", 0.7)
                    pos = co.end(1)
            elif (
                name.islower()
                and name not in self.cues.get("lead", ())
                and _COINING.fullmatch(m.group(0)[: m.start(1) - m.start()])
                and text[m.start() - 3 : m.start()] != "so-"
            ):
                words, _novel = coined_phrase(text, m.start(1), self.cues)
                if len(words) <= 4 and plausible_term(text, words, self.cues):
                    phrase = text[words[0][0] : words[-1][1]]
                    self.add_phrase(doc, words[0][0], phrase, before, 0.6)

    def title_abbreviations(self, doc: Doc, title: str, listed: set[int]) -> None:
        """An acronym of the title's head ("Neural Semantic Encoders" -> NSE), or the short
        form of a long form the title spells out, is the paper's own name."""
        text = text_of(doc)
        acronyms = title_acronyms(title)
        head = title_key(title.partition(":")[0])
        for long_span, short_span in doc._.abbreviations or ():
            if (
                len(short_span.text) > 2
                and " " in long_span.text
                and type_by_head(long_span.text) != "Task"  # "Dialogue Act Recognition (DAR)"
                and TITLE_LEAD.search(head, title_key(long_span.text))
            ):
                acronyms.add(norm_acronym(short_span.text))
        if not acronyms:
            return
        hits = [
            m
            for m in acronym_pattern(frozenset(acronyms)).finditer(text)
            if sum(ch.isupper() for ch in m.group(0)) >= 2 and m.start() not in listed
        ]
        if not hits:
            return
        acronyms -= {  # "Vision Transformers" in a title does not make ViT the paper's own
            norm_acronym(span_text(doc, c.start, c.end))
            for c in candidates_of(doc)
            if common_name(c)
        }
        label = self.phrase_type(title_head(title), "")
        for m in hits:
            if norm_acronym(m.group(0)) in acronyms:
                self.add(doc, m.start(), m.group(0), "", "contribution:acronym", 0.7, label)
                acronyms.discard(norm_acronym(m.group(0)))

    @staticmethod
    def listed_starts(doc: Doc) -> set[int]:
        """Character starts of common names: a curated name ("RNN") or a listed task or
        metric ("NER") is nobody's contribution. Generated lexicons also list names papers
        coined (from leaderboards), so they do not count."""
        starts, _ends = char_offsets(doc)
        return {starts[c.start] for c in candidates_of(doc) if common_name(c)}

    def new_term(self, doc: Doc, pos: int) -> None:
        """ "we propose [a novel] <unlisted term>": a head-word phrase no lexicon knows that
        starts the clause (e.g. "we introduce gated spectral pooling")."""
        text = text_of(doc)
        starts, _ends = char_offsets(doc)
        lead = _NOVEL_TERM.match(text, pos)
        at = lead.end() if lead else pos
        for c in candidates_of(doc):
            if c.rule == "head-phrase" and c.label == "Method" and starts[c.start] == at:
                name = span_text(doc, c.start, c.end)
                candidates_of(doc).append(
                    Candidate(c.start, c.end, "Method", name, "contribution:propose", 0.6, 90)
                )
                return


@Language.factory("kg_contributions", default_config={"folder": None})
def make_contributions(nlp: Language, name: str, folder: str | None) -> ContributionFinder:
    return ContributionFinder(folder)
