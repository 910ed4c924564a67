"""Rules added for issue #12 (extraction that holds up on unseen abstracts), each on
sentences written for these tests: named contributions in titles and abstracts, spans
inside hyphenated words, HTML character references in the input."""

from __future__ import annotations

import pytest

from kg.extraction import extract
from kg.models import Paper, Source
from kg.readers.records import make_paper


def extraction(nlp, title: str, abstract: str):
    (result,) = extract([Paper(id="p1", title=title, abstract=abstract)], nlp)
    return result


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # two names before the title's colon
        (
            "Farm-Longwool and Farm-Merino: Encoders for sheep records",
            "We pre-train two encoders on shearing logs.",
            ["Farm-Longwool", "Farm-Merino"],
        ),
        # "namely X and Y" after the cue
        (
            "Encoders for sheep records",
            "We introduce two domain adapted language models, namely Ovi-Roberta and "
            "Ovi-Electra, which are pre-trained on shearing logs.",
            ["Ovi-Roberta", "Ovi-Electra"],
        ),
        # "our Long Form (SHORT)" names the paper's own system
        (
            "Faster fleece sorting",
            "We study sorting. Our Gradient-Boosted Fleece Sorter (GBFS) beats every "
            "baseline on the Shearling dataset.",
            ["GBFS"],
        ),
        # "called" a lower-case phrase, ending before its verb
        (
            "Shrinking sheep counters",
            "We transfer knowledge between counters. Our approach called fleece grafting "
            "speeds up the training of small counters.",
            ["fleece grafting"],
        ),
        # "we call the technique X"
        (
            "Initialising sheep counters",
            'As this mimics trained counters, we call the technique "woolly initialization". '
            "It helps on every farm.",
            ["woolly initialization"],
        ),
    ],
)
def test_named_contributions(kg_nlp, title, abstract, expected):
    assert extraction(kg_nlp, title, abstract).proposes == expected


def test_an_existing_model_after_namely_is_not_the_paper_s_own(kg_nlp):
    abstract = "We build on top of one such model, namely Ovi-Roberta, and add a pooling layer."
    assert extraction(kg_nlp, "Pooling for sheep records", abstract).proposes == []


def test_no_entity_inside_a_hyphenated_word(kg_nlp):
    result = extraction(
        kg_nlp, "Sheep records", "We compare Farm-BERT with non-BERT baselines on sheep records."
    )
    names = {e.name for e in result.entities}
    assert "BERT" not in names and "non-BERT" not in names


def test_html_character_references_are_decoded_on_input():
    source = Source(path="papers.jsonl", line=1)
    paper = make_paper(
        title="Sheep &amp; Goats", abstract="Counting 1&#x2013;10 sheep&nbsp;fast.", source=source
    )
    assert paper.title == "Sheep & Goats"
    assert paper.abstract == "Counting 1\u201310 sheep fast."


def test_a_metric_is_named_without_a_trailing_score(kg_nlp):
    result = extraction(
        kg_nlp, "Sheep translation", "Our shepherd model raises BLEU scores and accuracies."
    )
    metrics = {e.name for e in result.entities if e.type.value == "Metric"}
    assert {"BLEU", "accuracy"} <= metrics
    assert not {"BLEU scores", "accuracies"} & metrics


def test_a_listed_metric_used_as_a_training_method_is_a_method(kg_nlp):
    result = extraction(
        kg_nlp, "Sheep images", "MAE pre-training helps counters learn sheep from photographs."
    )
    assert {e.name: e.type.value for e in result.entities}.get("MAE") == "Method"
