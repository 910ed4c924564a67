"""Property-based tests of extraction: whatever the title and abstract, extraction never
raises, every output validates against kg.models, every offset points at its mention in
Paper.text, and the same input gives the same output.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from kg.extraction import build_nlp, extract
from kg.extraction.knowledge import norm
from kg.models import Extraction, Paper

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The extraction pipeline, built once for the whole test session."""
    return build_nlp()


ODD = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "((",
    "]]",
    "«",
    "»",
    "—",
    "\u200b",
    "\u0301",
    "\ufeff",
    "\u202e",
    "\x00",
    "\r\n",
    "\t",
    "\n\n",
    "e.g.",
    "i.e.",
    "et al.",
    "%",
    "\\",
    "//",
    "🤗",
    "𝔸𝔹",
    "ﬁ",
    "İ",
    "ß",
    "Σ",
    "中文",
    "العربية",
    "a-",
    "-b",
    "'",
    '"',
    "`",
]
DOMAIN = [
    "BERT",
    "BERT-base",
    "LLaMA-2 7B",
    "GLUE",
    "SQuAD",
    "F1",
    "accuracy",
    "knowledge distillation",
    "We propose",
    "outperforms",
    "is evaluated on",
    "compresses",
    "based on",
    "(KD)",
    "question answering (QA)",
    "Transformer-XL",
    "GPT-4o",
    "ResNet-50",
    "ImageNet",
    "top-1",
    "BLEU",
    "we introduce",
    "named",
]
URLS = [
    "https://github.com/huggingface/transformers",
    "http://x.io/(a)[b]",
    "https://github.com/o'brien/{x}.",
    "github.com/a/b)",
    "https://huggingface.co/m/x?y=1#z",
    "www.example.org/a,b",
    "https://",
    "http://[::1]:80/",
]

words = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=1500),  # long token
    st.text(alphabet="abcXYZ0123-_./", min_size=500, max_size=3000),
    st.sampled_from(ODD),
    st.sampled_from(DOMAIN),
    st.sampled_from(URLS),
)
texts = st.lists(words, max_size=30).flatmap(
    lambda parts: st.sampled_from([" ", "", ". ", "\n"]).map(lambda sep: sep.join(parts))
)
papers = st.lists(
    st.builds(
        lambda i, t, a: Paper(id=f"h:{i}", title=t, abstract=a), st.integers(0, 10**6), texts, texts
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda p: p.id,
)


def check(paper: Paper, extraction: Extraction) -> None:
    assert Extraction.model_validate_json(extraction.model_dump_json()) == extraction
    assert (extraction.id, extraction.title, extraction.abstract) == (
        paper.id,
        paper.title,
        paper.abstract,
    )
    text = paper.text
    for entity in extraction.entities:
        assert entity.name.strip() and entity.mentions
        for ev in entity.mentions:
            assert 0 <= ev.start < ev.end <= len(text), (entity.name, ev)
            mention = text[ev.start : ev.end].strip()
            assert (
                mention == entity.name.strip()
                or mention in entity.aliases
                or norm(mention) == norm(entity.name)
            ), (mention, entity)
            assert mention in ev.sentence and ev.sentence in text
    for relation in extraction.relations:
        ev = relation.evidence
        assert 0 <= ev.start <= ev.end <= len(text), (relation, ev)
        assert text[ev.start : ev.end].strip() == ev.sentence


@SETTINGS
@given(papers)
def test_extraction_never_raises_validates_and_points_at_its_mentions(batch: list[Paper]):
    nlp = pipeline()
    first = list(extract(batch, nlp))
    assert [x.id for x in first] == [p.id for p in batch]
    for paper, extraction in zip(batch, first, strict=True):
        check(paper, extraction)
    again = list(extract(batch, nlp))
    assert [x.model_dump() for x in again] == [x.model_dump() for x in first]


@SETTINGS
@given(papers)
def test_extraction_is_the_same_alone_and_in_a_batch(batch: list[Paper]):
    nlp = pipeline()
    together = [x.model_dump() for x in extract(batch, nlp)]
    alone = [next(extract([paper], nlp)).model_dump() for paper in batch]
    assert together == alone
