"""The speed-ups of extraction give the same output as the plain way of doing each step."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.extraction import pipeline
from kg.extraction.convert import _sentence_text, doc_to_extraction
from kg.extraction.sentences import _BOUNDARY
from kg.extraction.urls import find_urls
from kg.models import Paper

GOLD = Path(__file__).parent / "data" / "gold_dev.jsonl"


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()[:12]]
    return [Paper(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in rows]


def test_memory_zones_do_not_change_output(kg_nlp, papers, monkeypatch):
    """Papers extracted inside spaCy memory zones give the same records as outside."""
    monkeypatch.setattr(pipeline, "WARM_PAPERS", 10**9)
    plain = [ex.model_dump_json() for ex in pipeline.extract(papers, kg_nlp, batch_size=4)]
    monkeypatch.setattr(pipeline, "WARM_PAPERS", 3)
    zoned = [ex.model_dump_json() for ex in pipeline.extract(papers * 2, kg_nlp, batch_size=2)]
    assert zoned == plain * 2
    assert any('"entities":[{' in line for line in plain)


def test_sentence_text_and_unvalidated_records_match_spacy(kg_nlp, papers):
    for paper in papers:
        doc = kg_nlp(paper.text)
        for span in doc.ents:
            assert _sentence_text(doc, span) == span.sent.text.strip()
        fast = doc_to_extraction(doc, paper)
        # model_construct skipped validation: validating the same data changes nothing
        assert type(fast).model_validate(fast.model_dump()) == fast


OLD_BOUNDARY = re.compile(  # the look-behinds before the punctuation: slow, same matches
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bvs)(?<!\bcf)(?<!\bFig)(?<!\bEq)(?<!\bSec)"
    r"[.!?][\"')\]]*\s+(?=[A-Z0-9(\"'])"
    r"|\n\s*\n\s*"
)


@pytest.mark.parametrize(
    "text",
    [
        "We use BERT, e.g. in tests. It works! See Fig. 3. Results (Sec. 4) hold.",
        "Title\n\nAbstract et al. Show. 'Quoted.' Next? (Yes.) \"Done.\" 5 more",
        "cf. Eq. 2 vs. 3. i.e. A. e.g.\tB!) C",
    ],
)
def test_sentence_boundaries_unchanged(text):
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [
        m.span() for m in OLD_BOUNDARY.finditer(text)
    ]


def test_url_precheck_keeps_every_url():
    assert find_urls("Code at GitHub.com/a/b and WWW.x.org.") == [
        "https://GitHub.com/a/b",
        "https://WWW.x.org",
    ]
    assert find_urls("no links here, only http-like words: httpd") == []
    assert find_urls("bitbuc\u212aet.org/x") == ["https://bitbuc\u212aet.org/x"]  # Kelvin sign


def test_records_match_model_construct():
    """convert.record() builds the very instance pydantic's model_construct would."""
    from kg.extraction.convert import record
    from kg.models import Entity, Evidence, Extraction, Relation
    from kg.types import EntityType, RelationType

    ev = {
        "paper_id": "p",
        "sentence": "We use BERT.",
        "start": 7,
        "end": 11,
        "rule": "lexicon",
        "confidence": 0.9,
    }
    samples = [
        (Evidence, ev),
        (
            Entity,
            {
                "name": "BERT",
                "type": EntityType.MODEL,
                "aliases": ["bert"],
                "family": None,
                "mentions": [Evidence.model_construct(**ev)],
            },
        ),
        (
            Relation,
            {
                "head": "@paper",
                "type": RelationType.USES,
                "tail": "BERT",
                "evidence": Evidence.model_construct(**ev),
            },
        ),
        (
            Extraction,
            {
                "id": "p",
                "title": "T",
                "abstract": "A",
                "entities": [],
                "proposes": ["X"],
                "relations": [],
                "urls": [],
            },
        ),
    ]
    for cls, values in samples:
        fast, slow = record(cls)(**values), cls.model_construct(**values)
        assert fast == slow and list(vars(fast)) == list(vars(slow))
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.model_dump_json() == slow.model_dump_json()
    partial = record(Extraction)(id="p", title="T")  # defaults come from pydantic
    assert partial == Extraction.model_construct(id="p", title="T") and partial.entities == []


def test_pipeline_tokenizer_is_spacys(kg_nlp):
    """The cache reset in build_nlp (tokenizer.rules set again) keeps every special case."""
    import spacy

    text = "We don't re-train it, e.g. BERT-base (Devlin et al., 2019) gets 91.2% F1 :) U.S."
    blank = spacy.blank("en")
    assert [t.text for t in kg_nlp.make_doc(text)] == [t.text for t in blank.make_doc(text)]
    assert "n't" in [t.text for t in kg_nlp.make_doc(text)]


def test_candidates_are_the_doc_extension(kg_nlp):
    """candidates_of reads spaCy's storage of `doc._.candidates` directly: the same list."""
    from kg.extraction.extensions import candidates_of

    doc = kg_nlp("FooNet: fast BERT-base\n\nWe propose FooNet and test it on GLUE.")
    assert doc._.candidates is candidates_of(doc)
    assert any(c.rule.startswith("contribution") for c in doc._.candidates)


def test_head_trie_matches_the_longest_first_alternation():
    from kg.extraction.phrases import trie_alternation

    words = ["net", "network", "networking", "tagging", "tag", "a+b", "x.y"]
    plain = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?:s|es)?\b",
        re.I,
    )
    trie = re.compile(r"\b(" + trie_alternation(words) + r")(?:s|es)?\b", re.I)
    text = "Networks, a network, NETworking nets tag-tagging tags taggings a+bs x.y netw ne"
    assert [(m.span(), m.group(1)) for m in trie.finditer(text)] == [
        (m.span(), m.group(1)) for m in plain.finditer(text)
    ]


@pytest.mark.parametrize("name", ["X", "FooNet", "a", "aa", "F1"])
def test_name_then_matches_finditer(name):
    from kg.extraction.coinage import name_then

    tail = re.compile(r"\)?(?:,| is)\s+(?:a|the)\s+(\w+)")
    text = "FooNet, a model. X is the X, a XX, a x. aaa, a b. F1 is a metric; F1, the score"
    expected = [m.group(1) for m in re.finditer(re.escape(name) + tail.pattern, text)]
    assert [m.group(1) for m in name_then(name, text, tail)] == expected


def test_entity_key_ascii_fast_path_matches_the_general_rule():
    import unicodedata

    from kg.keys import entity_key

    for name in ["BERT-base", "C++ Transformer", "GPT-4o mini", " ", "", "a_b~c", "X²", "ＢＥＲＴ"]:
        text = unicodedata.normalize("NFKC", name).casefold().replace("+", "plus")
        assert entity_key(name) == "".join(ch for ch in text if ch.isalnum())


def test_task_matches_equal_finditer(papers):
    from kg.extraction.phrases import _TASK_BEFORE, task_matches

    texts = [p.text for p in papers] + [
        "the hypernym discovery task and a slot filling problem; X-ray detection tasks",
        "multi-step reasoning-based question answering  tasks, Tasks task problems",
        "the text classification task task classification tasks",
    ]
    for text in texts:
        assert [m.span() for m in task_matches(text)] == [
            m.span() for m in _TASK_BEFORE.finditer(text)
        ]


def test_acronym_hits_equal_the_compiled_pattern(papers):
    from kg.extraction.coinage import acronym_hits, acronym_pattern

    texts = [p.text for p in papers] + [
        "FS-RNN, fs-rnns and F-S-RNN; FS--RNN, -FSRNN, FSRNN- x.FSRNN a/FSRNN FSRNN/b",
        "NSEs NSE-s NSÉ NSE_1 ŅSE NſE nse. (NSE) T5 t-5 T5s ΚNSE",
    ]
    for acronyms in ({"fsrnn", "nse", "t5"}, {"nse"}, {"fsrnn", ""}):
        key = frozenset(acronyms)
        for text in texts:
            assert [m.span() for m in acronym_hits(key, text)] == [
                m.span() for m in acronym_pattern(key).finditer(text)
            ], (acronyms, text)
