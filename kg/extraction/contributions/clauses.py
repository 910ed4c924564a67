"""Abstract cue rules of kg_contributions: the names the abstract introduces.

"we propose / introduce / present X (and Y)", "a ... network (SAN)", "called / dubbed /
named / termed X", "we propose two modifications - A and B" and coined lower-case phrases
("we propose a novel sliding window estimator").
"""

from __future__ import annotations

import re

from kg.extraction.coinage import (
    NAME,
    NAMEISH,
    coined_phrase,
    common_terms,
    known_terms,
    last_type,
    plausible_term,
    title_key,
)
from kg.extraction.contributions.context import (
    PRIORITY,
    RULE_CALLED,
    RULE_LIST,
    RULE_PROPOSE,
    Context,
    add,
    add_phrase,
)
from kg.extraction.contributions.title import HYPHENATED_NAME, abbreviates
from kg.extraction.extensions import Candidate, candidates_of, char_offsets, span_text, text_of
from kg.extraction.knowledge import canon_key, type_by_head
from kg.types import EntityType

PROPOSE = re.compile(
    r"(?:\b(?:we|We|paper|work)\s+(?:\w+\s+){0,2}?(?:propose|introduce|present|develop|release|"
    r"design|build|create|open-source|contribute|describe|construct|curate|collect)"
    r"|\band\s+(?:further\s+|also\s+)?(?:propose|introduce|present)"
    r"|\b(?:we|We)\s+(?:use|employ|adopt|apply|utili[sz]e|put forward)"
    r"(?=[sd]?\s+an?\s+(?:novel|new)\s))"
    r"[sd]?\s+([^.;:]*)"
)
# "a reattention mechanism is proposed to ...": the passive voice introduces it too
_PASSIVE_CUE = re.compile(
    r"\s(?:is|are)\s+(?:first\s+|then\s+|also\s+|further\s+)?(?:proposed|introduced|presented)\b"
)
_PASSIVE = re.compile(r"\b(?:an?|the)\s+((?:novel|new)\s+)?((?:[\w-]+\s+){0,4}?[\w-]+)$")
_LEAD_NAME = re.compile(r"((?:[\w'-]+\s+){0,8}?)\(?(" + NAME + r")(?=[\s,.;:()]|$)")
_PAREN_NAME = re.compile(r"\((" + NAME + r")\)")
# "we call the technique X", "we term this approach X"
_CALL_KIND = (
    r"(?:we call|we term|we name|we dub)\s+(?:the|this|our)\s+(?:new\s+)?"
    r"(?:technique|method|approach|model|framework|algorithm|architecture|procedure|strategy|"
    r"scheme|objective|mechanism|network|system|dataset|benchmark)"
)
# "we introduce two language models, namely X and Y": the names after "namely"
_NAMELY = re.compile(r"[^.;]{0,120}?,?\s+(?:namely|i\.e\.,?)\s+(" + NAME + r")(?=[\s,.;:()]|$)")
_EXISTING = re.compile(  # "we build on one such model, namely X": X is not new
    r"\b(?:such|existing|previous|prior|popular|standard|baseline|on top of|off-the-shelf)\b"
)
# "our Retrieval-Enhanced Transformer (RETRO)": a long form the paper calls its own
_OUR_LONG = re.compile(r"\b[Oo]ur\s+((?:[A-Z][\w+]*(?:-[\w+]+)*\s+){1,5})\((" + NAME + r")\)")
_CALLED = re.compile(
    r"\b(?:" + _CALL_KIND + r"|called|dubbed|named|termed|coined|we call|we term|we name|"
    r"we dub|name it|call it|"
    r"referred to as|denoted as|formali[sz]ed? as|"
    r"resulting (?:model|network|method|system|dataset|benchmark),?)"
    r"\s+[`'\"\u201c\u2018]?(" + NAME + r")(?=[\s,.;:)'\u201d\u2019])"
)
_COORDINATED = re.compile(r"(?:,\s*|,?\s+and\s+|,?\s+or\s+)(" + NAME + r")(?=[\s,.;:()]|$)")
_COINING = re.compile(  # cues that coin a lower-case term ("named entity" does not)
    r"(?:" + _CALL_KIND + r"|called|dubbed|termed|coined|we call|we term|call it|"
    r"formali[sz]ed? as|referred to as)"
    r"\s+[`'\"\u201c\u2018]?"
)
_TITLE_CASE_NAME = re.compile(
    r"(?:[Tt]he\s+)?((?:[A-Z][\w+]*(?:-[\w+]+)*\s+){0,3}[A-Z][\w+]*(?:-[\w+]+)*)"
    r"(?=\s*[,.;:(]|\s*$|\s+(?:which|that|to|for|with|as|and|in|on)\b)"
)
_LONG_FORM_RUN = re.compile(  # "called Multi-layer Embedding with Memory Network (MEMEN)"
    r"(?:\s+(?:(?:of|with|from|for|and|in|on|the)\s+)?[A-Z][\w+-]*){1,6}(?=\s*\()"
)
_LAST_PAREN = re.compile(r"\((" + NAME + r")$")
_NEW_APPOSITION = re.compile(r",\s+an?\s+(?:novel|new)\s")
_NAME_BEFORE = re.compile(r"(?<![\w+.-])(" + NAME + r")\)?$")
_TITLE_RUN = re.compile(r"(?:\s+[A-Z][\w+-]*){1,4}")
_NOVEL_TERM = re.compile(r"(?:(?:a|an|the|novel|new|simple|two|our)\s+){0,3}")
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
_ADJECTIVE_END = re.compile(r"(?:al|ive|ous|ic|-based)$")
_NAME_FOLLOWS = re.compile(r"^,?\s*\(|\b(?:called|named|dubbed|termed|i\.e\.)\s")


def proposed(ctx: Context) -> None:
    """Every "we propose / introduce ..." clause: its names, else the phrase it coins."""
    text = text_of(ctx.doc)
    for m in PROPOSE.finditer(text):
        clause, pos = m.group(1), m.start(1)
        found = propose_clause(ctx, clause, pos)
        if not found and not coined(ctx, pos):
            new_term(ctx, pos)
    for cue in _PASSIVE_CUE.finditer(text, max(text.find("\n\n"), 0)):
        at = max(0, cue.start() - 80)
        m = _PASSIVE.search(text, at, cue.start())
        if not m:
            continue
        words, _novel = coined_phrase(text, m.start(2), ctx.cues)
        if not words or words[-1][1] != m.end(2):
            continue
        drop = ctx.cues.get("drop_heads", frozenset())
        while len(words) > 2 and text[words[-1][0] : words[-1][1]].lower() in drop:
            words.pop()  # "a novel inconsistency loss function is introduced"
        if plausible_term(text, words, ctx.cues):
            name = text[words[0][0] : words[-1][1]]
            if m.group(1) or canon_key(name) not in known_terms(ctx.doc, every_type=True):
                add_phrase(ctx, words[0][0], name, text[m.start() : m.end()], 0.6)


def propose_clause(ctx: Context, clause: str, base: int) -> bool:
    """ "we propose X (and Y)": the lead name and names coordinated with it, and a
    "(SHORT)" that ends the clause's first noun phrase ("a ... network (SAN)")."""
    found = False
    lead = _LEAD_NAME.match(clause)
    if lead and NAMEISH.fullmatch(lead.group(2)) and not re.search(r"[,;]", lead.group(1)):
        found = add(ctx, base + lead.start(2), lead.group(2), clause, RULE_PROPOSE, 0.8)
        pos = lead.end(2)  # "X8L and X16L": coordinated names are contributions too
        while (co := _COORDINATED.match(clause, pos)) and NAMEISH.fullmatch(co.group(1)):
            add(ctx, base + co.start(1), co.group(1), clause, RULE_PROPOSE, 0.7)
            pos = co.end(1)
    namely = None if found else _NAMELY.match(clause)
    if namely and is_name(namely.group(1)) and not _EXISTING.search(clause[: namely.start(1)]):
        found = add_coordinated(ctx, base + namely.start(1), namely.group(1), clause, RULE_PROPOSE)
    run = None if found else _TITLE_CASE_NAME.match(clause)
    if run and "\n" not in run.group(1) and canon_key(run.group(1)) not in common_terms(ctx.doc):
        found = add(  # "we present Ruminating Reader.", "we propose Neural X, which"
            ctx,
            base + run.start(1),
            run.group(1),
            clause,
            RULE_PROPOSE,
            0.75,
        )
    for p in _PAREN_NAME.finditer(clause):
        prefix = clause[: p.start()]
        if (
            NAMEISH.fullmatch(p.group(1))
            and _PAREN_PREFIX.fullmatch(prefix)
            and not _NP_BREAK.search(prefix)
            and base + p.start(1) not in ctx.listed
        ):
            found |= add(ctx, base + p.start(1), p.group(1), clause, RULE_PROPOSE, 0.75)
    return found


def coined(ctx: Context, pos: int) -> bool:
    """ "we propose a novel X Y" or "we present X Y" with X Y in the title: the phrase
    coined by the paper, generic trailing heads dropped ("X Y method" -> "X Y")."""
    text = text_of(ctx.doc)
    words, novel = coined_phrase(text, pos, ctx.cues)
    drop, generic = ctx.cues.get("drop_heads", frozenset()), ctx.cues.get("generic", ())
    while words and text[words[-1][0] : words[-1][1]].lower() in drop:
        words.pop()
        if words and _ADJECTIVE_END.search(text[words[-1][0] : words[-1][1]]):
            return False  # "a supervised distributional framework": the head was needed
    if novel and len(words) >= 2 and {text[a:b].lower() for a, b in words[1:]} <= generic:
        novel = False  # "a novel normalization model": a description, not a name
    after = text[words[-1][1] : text.find(".", words[-1][1])] if words else ""
    if _NAME_FOLLOWS.search(after[:60]):  # "a new metric called TF-KLD": the name is it
        return True
    key = title_key(ctx.title)
    for k in range(len(words), 1, -1):
        phrase = text[words[0][0] : words[k - 1][1]]
        rest = {text[a:b].lower() for a, b in words[k:]}
        if (
            title_key(phrase) in key
            and rest <= generic
            and plausible_term(text, words[:k], ctx.cues)
            and (novel or fresh_title_term(ctx, phrase))
        ):
            return add_phrase(ctx, words[0][0], phrase, text[pos - 40 : pos], 0.65)
    if novel and plausible_term(text, words, ctx.cues):
        phrase = text[words[0][0] : words[-1][1]]
        return add_phrase(ctx, words[0][0], phrase, text[pos - 40 : pos], 0.6)
    return False


def fresh_title_term(ctx: Context, phrase: str) -> bool:
    """A title phrase the paper did not call new is its own unless it opens with a
    verb ("Guiding Generation for ...") or names a task ("Story Comprehension")."""
    return not phrase.split()[0].endswith("ing") and type_by_head(phrase) != EntityType.TASK


def listed_items(ctx: Context) -> None:
    """ "we propose two modifications - A and B", "we created datasets: 7M X, Y and Z":
    each short item of the list after the dash or colon is a contribution."""
    text = text_of(ctx.doc)
    body = max(text.find("\n\n"), 0)
    if not any(mark in text[body:] for mark in (": ", " - ", " -- ", "\u2013", "\u2014")):
        return
    for m in _LIST_CUE.finditer(text, body):
        end = _LIST_END.search(text, m.end())
        items = _LIST_SEP.split(text[m.end() : end.start() if end else len(text)])
        dashed = m.group(0).rstrip()[-1] in "-\u2013\u2014" and end and "-" in end.group(0)
        if len(items) == 1 and end and end.group(0) == ")":  # "proposes ...: Long (SHORT)"
            paren_item(ctx, m.end() + len(items[0]), m.group(0))
        if len(items) > 6 or (len(items) < 2 and not dashed):  # one item: "task - X -"
            continue
        if re.match(r"(?:an?|the)\s", items[0]):  # "We propose X: a model focused on ..."
            continue
        if any(len(item.split()) > 6 for item in items):  # a sentence, not a list of names
            continue
        pos = m.end()
        for item in items:
            at = text.index(item, pos)
            pos = at + len(item)
            list_item(ctx, at + _LEAD_SIZE.match(item).end(), m.group(0))


def paren_item(ctx: Context, end: int, context: str) -> None:
    """The short form closing the one item after "we propose ...:" ("... NER: Iterated
    Dilated Convolutional Neural Networks (ID-CNNs)")."""
    text = text_of(ctx.doc)
    short = _LAST_PAREN.search(text, max(0, end - 40), end)
    if short and NAMEISH.fullmatch(short.group(1)):
        add(ctx, short.start(1), short.group(1), context, RULE_LIST, 0.7)


def appositions(ctx: Context) -> None:
    """ "Max-Margin Markov Graph Models (M3GM), a novel extension of ...": a name the
    paper calls new in an apposition."""
    text = text_of(ctx.doc)
    for cue in _NEW_APPOSITION.finditer(text, max(text.find("\n\n"), 0)):
        m = _NAME_BEFORE.search(text, max(0, cue.start() - 60), cue.start())
        if m and NAMEISH.fullmatch(m.group(1)):
            add(ctx, m.start(1), m.group(1), cue.group(0), RULE_PROPOSE, 0.7)


def list_item(ctx: Context, at: int, context: str) -> None:
    text = text_of(ctx.doc)
    label = last_type(context)
    name = NAMEISH.match(text, at) or HYPHENATED_NAME.match(text, at)
    if name and re.match(r"[\s,]|$", text[name.end() : name.end() + 1]):
        add(ctx, at, name.group(0), context, RULE_LIST, 0.7, label)
        return
    words, _novel = coined_phrase(text, at, ctx.cues)
    if 1 <= len(words) <= 4 and plausible_term(text, words, ctx.cues):
        phrase = text[words[0][0] : words[-1][1]]
        add_phrase(ctx, words[0][0], phrase, context, 0.6, label)


def called(ctx: Context) -> None:
    """ "called / dubbed / named X (and Y)", "a scheme we formalize as woolly training"."""
    text = text_of(ctx.doc)
    for m in _CALLED.finditer(text):
        name = m.group(1)
        before = text[max(0, m.start() - 60) : m.start()]
        if not NAMEISH.fullmatch(name) and name[0].isupper():  # "called Future Token X"
            run = _LONG_FORM_RUN.match(text, m.end(1)) or _TITLE_RUN.match(text, m.end(1))
            name += run.group(0) if run else ""
        if NAMEISH.fullmatch(name) or name[0].isupper():
            add(ctx, m.start(1), name, before, RULE_CALLED, 0.8)
            pos = m.start(1) + len(name)
            while (co := _COORDINATED.match(text, pos)) and NAMEISH.fullmatch(co.group(1)):
                add(ctx, co.start(1), co.group(1), before, RULE_CALLED, 0.7)
                pos = co.end(1)
        elif (
            name.islower()
            and name not in ctx.cues.get("lead", ())
            and _COINING.fullmatch(m.group(0)[: m.start(1) - m.start()])
            and text[m.start() - 3 : m.start()] != "so-"
        ):
            words, _novel = coined_phrase(text, m.start(1), ctx.cues)
            if len(words) <= 4 and plausible_term(text, words, ctx.cues):
                phrase = text[words[0][0] : words[-1][1]]
                add_phrase(ctx, words[0][0], phrase, before, 0.6)


def new_term(ctx: Context, pos: int) -> None:
    """ "we propose [a novel] <unlisted term>": a head-word phrase no lexicon knows that
    starts the clause (e.g. "we introduce gated spectral pooling")."""
    text = text_of(ctx.doc)
    starts, _ends = char_offsets(ctx.doc)
    lead = _NOVEL_TERM.match(text, pos)
    at = lead.end() if lead else pos
    for c in candidates_of(ctx.doc):
        if c.rule == "head-phrase" and c.label == EntityType.METHOD and starts[c.start] == at:
            name = span_text(ctx.doc, c.start, c.end)
            candidates_of(ctx.doc).append(
                Candidate(c.start, c.end, EntityType.METHOD, name, RULE_PROPOSE, 0.6, PRIORITY)
            )
            return


def is_name(word: str) -> bool:
    return bool(NAMEISH.fullmatch(word) or HYPHENATED_NAME.fullmatch(word))


def add_coordinated(ctx: Context, at: int, name: str, context: str, rule: str) -> bool:
    """The name at `at` and the names coordinated with it ("X, Y and Z")."""
    found = add(ctx, at, name, context, rule, 0.8)
    pos = at + len(name)
    while (co := _COORDINATED.match(ctx.text, pos)) and is_name(co.group(1)):
        add(ctx, co.start(1), co.group(1), context, rule, 0.7)
        pos = co.end(1)
    return found


def our_long_forms(ctx: Context) -> None:
    """ "our Retrieval-Enhanced Transformer (RETRO) obtains ...": a short form whose long
    form the paper calls its own is a contribution (not a listed name)."""
    for m in _OUR_LONG.finditer(ctx.text, len(ctx.title)):
        short, long = m.group(2), m.group(1).strip()
        if (
            NAMEISH.fullmatch(short)
            and abbreviates(short, long)
            and m.start(2) not in ctx.listed
            and canon_key(short) not in common_terms(ctx.doc)
        ):
            add(ctx, m.start(2), short, m.group(0), RULE_PROPOSE, 0.75)
