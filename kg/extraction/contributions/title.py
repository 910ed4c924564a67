"""Title rules of kg_contributions: the name a paper gives itself in its title.

"Wool-T: Scaling up ..." (the name before the colon), a model the title's head or its
"with / via / using / by" phrase names ("Neural Turing Machines", "... Summarization with
Pointer-Generator Networks", "... via Bi-directional LSTM-CNNs-CRF"), and an acronym of the
title's head ("Neural Semantic Encoders" -> NSE) or of a long form the title spells out.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from kg.extraction.coinage import (
    NAMEISH,
    TITLE_LEAD,
    acronym_hits,
    common_name,
    common_terms,
    norm_acronym,
    title_acronyms,
    title_head,
    title_key,
)
from kg.extraction.contributions.context import (
    RULE_ACRONYM,
    RULE_TITLE,
    Context,
    add,
    add_phrase,
    phrase_type,
)
from kg.extraction.extensions import Candidate, candidates_of, span_text, text_of
from kg.extraction.knowledge import canon_key, type_by_head
from kg.extraction.phrases import modifier_stoplist
from kg.types import EntityType

# PDF front matter some titles keep ("Published as a conference paper at ICLR 2017 ...")
_HEADER = re.compile(r"Published as (?:a )?conference paper at [A-Z]+ \d{4}\s+", re.I)
_ARTICLE = re.compile(r"(?:The\s+)?", re.I)
_PHRASE_CUE = re.compile(r"\s(?:with|via|using|by|through)\s+(?:(?:a|an|the)\s+)?", re.I)
_PHRASE_END = re.compile(
    r"\s+(?:for|with|via|in|on|using|of|to|from|through|by|towards?|over|under|at|without|"
    r"and|as|is|are)\s|\s*[:?!(,*]|\s*$",
    re.I,
)
_AT_VENUE = re.compile(r"(\S+(?: \S+)?) at [A-Z][\w-]*[- ]?\d{4}\b")
_SYSTEM = r"(?<!team )\b{}\b(?!'s)"  # "we describe Chrono", not "team Turing's submission"
_USED = r"\b(?:use|uses|used|using|employ|employs|adopt|adopts|apply|applies)\s+(?:the\s+|a\s+)?{}"
_VERB_LIST = re.compile(r"[A-Z][a-z]+(?:, [A-Z][a-z]+)+,? (?:and|&) [A-Z][a-z]+")
_INTRODUCED = r"\b(?:an?|our)\s+(?P<new>novel\s+|new\s+|proposed\s+)?"
_NAME_PAIR = re.compile(r"(\S+) (?:and|&) (\S+):")
# A capitalised hyphenated name ("Clinical-Longformer", "Bio-Electra")
HYPHENATED_NAME = re.compile(r"[A-Z][\w+]*(?:-[\w+]+)+")
_ONE_WORD = re.compile(r"[A-Za-z][\w+-]{4,}")
_GENERIC_HEAD = re.compile(r"\s+(?:model|architecture|network|framework|system)s?$", re.I)


def title_phrases(title: str) -> list[tuple[int, str, bool]]:
    """(start, text, opens the title) of the noun phrases where a title may name the
    paper's model: its head, unless "A / An" opens it ("A Joint Model for ..." describes),
    and each phrase after "with / via / using / by / through"."""
    header = _HEADER.match(title)
    base = header.end() if header else 0
    phrases = []
    if not re.match(r"An?\s", title[base:]):
        start = _ARTICLE.match(title, base).end()
        phrases.append((start, title[start : _PHRASE_END.search(title, start).start()], True))
    for m in _PHRASE_CUE.finditer(title, base):
        end = _PHRASE_END.search(title, m.end()).start()
        phrases.append((m.end(), title[m.end() : end], False))
    return [phrase for phrase in phrases if phrase[1]]


def abbreviates(short: str, long: str) -> bool:
    """Schwartz-Hearst: the short form's letters and digits appear in order in the long
    form, the first one opening a word ("VD-CNN" of "Very Deep Convolutional Networks")."""
    chars = re.sub(r"[^a-z0-9]", "", short.lower()).removesuffix("s")
    long = long.lower()
    if len(chars) < 2 or not re.match(r"[a-z0-9]", long) or long[0] != chars[0]:
        return False
    at = 1
    for ch in chars[1:]:
        at = long.find(ch, at) + 1
        if not at:
            return False
    return True


@functools.lru_cache(maxsize=1024)
def introduced_pattern(words: tuple[str, ...]) -> re.Pattern:
    """ "a / an / our [novel] W1 W2 [head]": the title phrase's words introduced in the text."""
    spelled = r"\W+".join(re.escape(w) for w in words) + r"s?\b"
    return re.compile(_INTRODUCED + "(?P<name>" + spelled + r")(?:\s+(?P<head>[a-z]+))?", re.I)


def title_shaped_name(phrase: str) -> str | None:
    """A name-shaped phrase of up to three words ("Bi-directional LSTM-CNNs-CRF"), a
    trailing generic head dropped ("a Meta-BiLSTM Model" -> Meta-BiLSTM), or a capitalized
    phrase holding a name before a generic head ("Hierarchical BiLSTM Max Pooling
    Architecture" -> Hierarchical BiLSTM Max Pooling)."""
    name = _GENERIC_HEAD.sub("", phrase)
    words = name.split()
    if not words or not all(w[0].isupper() for w in words):
        return None
    if len(words) <= 3 and NAMEISH.fullmatch(words[-1]):
        return name
    headed = name != phrase and len(words) <= 5 and not re.search(r"(?i)networks?$", phrase)
    return name if headed and any(NAMEISH.fullmatch(w) for w in words) else None


def pair_with_long_form(doc: Doc, short: Candidate) -> None:
    """An acronym the paper never defines in brackets ("... we propose Recurrent Highway
    Networks ... RHNs outperform") still names the contribution it abbreviates: record
    the pair in `doc._.abbreviations`, so that kg_entities merges the two mentions."""
    short_span = doc[short.start : short.end]
    for c in list(candidates_of(doc)):
        if c.rule.startswith("contribution") and c.end - c.start > 1:
            long_span = doc[c.start : c.end]
            if " " in long_span.text and abbreviates(short_span.text, long_span.text):
                doc._.abbreviations = [*(doc._.abbreviations or ()), (long_span, short_span)]
                return


def title_name(title: str) -> str | None:
    """The name before the title's colon, when that part looks like a name."""
    head, colon, _rest = title.partition(":")
    head = re.sub(r"'s\b.*", "", head).strip()
    if not colon or not head:
        return None
    words = head.split()
    if len(words) == 1 and re.fullmatch(r"[A-Z][\w+.-]*", head):
        return head
    if 1 < len(words) <= 3 and NAMEISH.match(words[0]):
        return head
    if _VERB_LIST.fullmatch(head):  # "Compare, Compress and Propagate: ..."
        return head
    return None


def title_names(ctx: Context) -> None:
    """The name before the colon, or the system a shared-task paper names first
    ("Chrono at SemEval-2018 Task 6: ...") when the abstract names it too."""
    pair = _NAME_PAIR.match(ctx.title)  # "Clinical-Longformer and Clinical-BigBird: ..."
    if pair and all(NAMEISH.fullmatch(n) or HYPHENATED_NAME.fullmatch(n) for n in pair.groups()):
        for k in (1, 2):
            add(ctx, pair.start(k), pair.group(k), ctx.title[pair.end() :], RULE_TITLE, 0.9)
        return
    name = title_name(ctx.title)
    if name:
        colon = ctx.title.index(":")
        add(ctx, ctx.title.index(name), name, ctx.title[colon + 1 :], RULE_TITLE, 0.9)
        return
    venue = _AT_VENUE.match(ctx.title)
    text = text_of(ctx.doc)
    if venue and re.search(_SYSTEM.format(re.escape(venue.group(1))), text[len(ctx.title) :]):
        add(ctx, 0, venue.group(1), ctx.title, RULE_TITLE, 0.8, EntityType.METHOD)
    # "HYPERNETWORKS" (not "Herds"), repeated in the abstract
    one_word = _ONE_WORD.fullmatch(ctx.title) and (
        ctx.title.isupper() or NAMEISH.fullmatch(ctx.title)
    )
    if one_word and re.search(rf"\b{re.escape(ctx.title)}\b", text[len(ctx.title) :], re.I):
        add(ctx, 0, ctx.title, text[len(ctx.title) :], RULE_TITLE, 0.8)


def title_models(ctx: Context) -> None:
    """A model the title names in its head or after "with / via / using / by" that no
    lexicon knows, the abstract does not say it uses, and no other contribution spells
    already."""
    if title_name(ctx.title):
        return
    venue = _AT_VENUE.match(ctx.title)  # "Turing at SemEval...": a team, not a model
    header = _HEADER.match(ctx.title)
    shouting = ctx.title[header.end() if header else 0 :].isupper()  # all words look like names
    body = re.sub(r"\s*\([^)]*\)", "", text_of(ctx.doc)[len(ctx.title) :])
    for start, phrase, opens in title_phrases(ctx.title):
        if opens and venue:
            continue
        before_colon = ctx.title[start + len(phrase) :].startswith(":")
        found = None if shouting else title_shaped_name(phrase)
        if found and not own_shaped_name(ctx, found, opens, body):
            continue
        found = found or title_model(ctx, phrase, opens and not before_colon and "verb", body)
        if (
            found
            and canon_key(found) not in common_terms(ctx.doc)
            and not spelled_already(ctx, found)
        ):
            label = phrase_type(ctx, found, "") or EntityType.MODEL
            at = start + phrase.index(found)
            add(ctx, at, found, phrase, RULE_TITLE, 0.75, label)
        elif not found and not opens:
            title_technique(ctx, phrase, len(ctx.title))


def title_technique(ctx: Context, phrase: str, body_start: int) -> None:
    """A title's "with / via / using" phrase the abstract introduces as new or as a
    component ("... using Inconsistency Loss": "a novel inconsistency loss function";
    "... with Delayed Memory Update": "a delayed memory update mechanism")."""
    words = re.findall(r"[A-Za-z0-9]+", phrase)
    if (
        not 2 <= len(words) <= 5
        or type_by_head(phrase) == EntityType.TASK
        or class_only(ctx, words)
    ):
        return
    if words[0].lower() not in text_of(ctx.doc)[body_start:].lower():
        return
    for m in introduced_pattern(tuple(words)).finditer(text_of(ctx.doc), body_start):
        named = m["new"] or (m["head"] or "") in ctx.cues.get("component_heads", ())
        if named and canon_key(m["name"]) not in common_terms(ctx.doc):
            add_phrase(ctx, m.start("name"), m["name"], phrase, 0.6)
            return


def own_shaped_name(ctx: Context, name: str, opens: bool, body: str) -> bool:
    """Not "Sequence-to-sequence RNNs" (a class of models), "Count Your SHEEP" (a
    description), "Scaling FleeceNet" (a verb), or a name the abstract says it uses
    ("We use Stack-LSTMs")."""
    words = name.split()
    return not (
        class_only(ctx, words)
        or described(ctx, words[:-1])
        or (opens and words[0].lower().endswith("ing"))
        or re.search(_USED.format(re.escape(name)), body)
    )


def title_model(ctx: Context, phrase: str, opens: str | bool, body: str) -> str | None:
    """ "Recurrent Highway Networks", "Attention Sum Reader": two to six words that end
    in a model's head word, not all of them words for a class of models ("Deep Recurrent
    Neural Networks"); a plain two-word phrase only when the abstract repeats it."""
    words = phrase.split()
    heads = ctx.cues.get("model_heads", frozenset())
    coined = "-" in words[0] and not class_only(ctx, words[:1])  # "Task-Aware ... Model"
    if not 2 <= len(words) <= 6 or not (
        words[-1].lower() in heads or (coined and words[-1].lower() == "model")
    ):
        return None
    if opens == "verb" and words[0].lower().endswith("ing"):  # "Accelerating FleeceNets"
        return None
    if class_only(ctx, words[:-1]) or described(ctx, words[:-1]):
        return None
    if len(words) == 2 and "-" not in words[0]:  # "Ruminating Reader", not "Frozen
        repeated = title_key(phrase).rstrip("s ") in title_key(body)  # Transformers"
        return phrase if repeated and not words[-1].endswith("s") else None
    return phrase


def described(ctx: Context, words: list[str]) -> bool:
    """An evaluative or function word among the first modifiers ("Efficient Long-Range
    ...", "Ultra Fast ...", "From LoRA"): a description, not a name. Later words may be
    part of a name ("... Long Short-Term Memory Networks")."""
    stop = modifier_stoplist(ctx.folder)
    return any(w.lower() in stop for w in words[:2])


def class_only(ctx: Context, words: list[str]) -> bool:
    """Words that all name a class of models ("Deep Recurrent Neural", "LSTM")."""
    classes = ctx.cues.get("class_words", frozenset())
    return all(w.lower() in classes for w in words)


def spelled_already(ctx: Context, phrase: str) -> bool:
    """Another contribution names the same thing: its short form ("VD-CNN" for "Very
    Deep Convolutional Networks"), the same first two words ("deep pyramid CNN" for
    "Deep Pyramid Convolutional Neural Networks"), or the same first letter and last
    word ("F2F-Net" for "Fleece-to-Fleece Net")."""
    key = title_key(phrase).split()
    for c in candidates_of(ctx.doc):
        if not c.rule.startswith("contribution"):
            continue
        other = span_text(ctx.doc, c.start, c.end)
        words = title_key(other).split()
        if not words or (" " not in other and abbreviates(other, phrase)):
            return True
        if words[:2] == key[:2] or (words[-1] == key[-1] and words[0][0] == key[0][0]):
            return True
    return False


def title_abbreviations(ctx: Context) -> None:
    """An acronym of the title's head ("Neural Semantic Encoders" -> NSE), or the short
    form of a long form the title spells out, is the paper's own name."""
    text = text_of(ctx.doc)
    acronyms = title_acronyms(ctx.title)
    head = title_key(ctx.title.partition(":")[0])
    for long_span, short_span in ctx.doc._.abbreviations or ():
        if (
            len(short_span.text) > 2
            and " " in long_span.text
            and type_by_head(long_span.text) != EntityType.TASK  # "Dialogue Act Recognition (DAR)"
            and TITLE_LEAD.search(head, title_key(long_span.text))
        ):
            acronyms.add(norm_acronym(short_span.text))
    if not acronyms:
        return
    hits = [
        m
        for m in acronym_hits(frozenset(acronyms), text)
        if sum(ch.isupper() for ch in m.group(0)) >= 2 and m.start() not in ctx.listed
    ]
    if not hits:
        return
    acronyms -= {  # "Vision Transformers" in a title does not make ViT the paper's own
        norm_acronym(span_text(ctx.doc, c.start, c.end))
        for c in candidates_of(ctx.doc)
        if common_name(c)
    }
    label = phrase_type(ctx, title_head(ctx.title), "")
    for m in hits:
        if norm_acronym(m.group(0)) in acronyms:
            if add(ctx, m.start(), m.group(0), "", RULE_ACRONYM, 0.7, label):
                pair_with_long_form(ctx.doc, candidates_of(ctx.doc)[-1])
            acronyms.discard(norm_acronym(m.group(0)))
