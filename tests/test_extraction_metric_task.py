"""Metric and Task phrases (kg/extraction/phrases.py) on short texts written for these tests.

Made-up head-word phrases ("glyph accuracy", "zorp speed") keep the lexicons out of the
way: only the phrase rules can find them.
"""

from __future__ import annotations

import pytest

from kg.extraction import extract
from kg.extraction.phrases import measuring
from kg.models import Paper


def entities(nlp, abstract: str) -> dict[str, str]:
    """Entity name -> type from the rule components alone (the learned classifier, which
    may drop or retype entities, has its own tests)."""
    with nlp.select_pipes(disable=["kg_entity_classifier"]):
        (result,) = extract([Paper(id="p1", title="Notes", abstract=abstract)], nlp)
    return {e.name: e.type.value for e in result.entities}


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("It obtains 97.1% glyph accuracy on WoZ.", "glyph accuracy", True),
        ("It reaches a top-7 glyph accuracy of 73.2% there.", "top-7 glyph accuracy", True),
        ("This improves glyph accuracy a lot.", "glyph accuracy", True),
        ("We compare them in terms of zorp speed and size.", "zorp speed", True),
        ("We compare in terms of accuracy, glyph size and zorp speed.", "zorp speed", True),
        ("We report metrics such as glyph accuracy.", "glyph accuracy", True),
        ("It runs at zorp speed without any tuning.", "zorp speed", False),
        ("Rare words seen at training time are kept.", "training time", False),
    ],
)
def test_measuring_context(text, phrase, expected):
    start = text.index(phrase)
    assert measuring(text, start, start + len(phrase)) is expected


def test_metric_phrases_only_where_measured(kg_nlp):
    found = entities(
        kg_nlp,
        "The tagger obtains 97.1% glyph accuracy and improves zorp speed by 3x. "
        "Glyph accuracy matters less than careful zorp speed design here.",
    )
    assert found.get("glyph accuracy") == "Metric"
    assert found.get("zorp speed") == "Metric"
    free = entities(kg_nlp, "Careful zorp speed design and plain glyph accuracy matter.")
    assert "zorp speed" not in free and "glyph accuracy" not in free


def test_metric_phrase_keeps_the_task_out(kg_nlp):
    found = entities(kg_nlp, "It lifts the question answering test glyph score to 93.2.")
    assert found.get("question answering") == "Task"
    assert "question answering test glyph score" not in found


def test_score_of_a_listed_metric_is_that_metric(kg_nlp):
    found = entities(
        kg_nlp, "We reach a BLEU score of 41.8 and F1 scores above 80; BLEU and F1 rise again."
    )
    assert found.get("BLEU") == "Metric"
    assert found.get("F1") == "Metric"
    assert not any(name.lower().endswith(("score", "scores")) for name in found)


def test_listed_task_loses_trailing_task_word(kg_nlp):
    found = entities(kg_nlp, "Results on text classification tasks improve.")
    assert found.get("text classification") == "Task"
    assert "text classification tasks" not in found


def test_new_task_heads_and_verbs_before_them(kg_nlp):
    found = entities(
        kg_nlp,
        "We study glyph reasoning, zorp categorization and zorp extrapolation. "
        "The model simulates multi-glyph reasoning.",
    )
    assert found.get("glyph reasoning") == "Task"
    assert found.get("zorp categorization") == "Task"
    assert found.get("zorp extrapolation") == "Task"
    assert not any(name.startswith("simulates") for name in found)


def test_systems_and_stores_are_not_tasks(kg_nlp):
    found = entities(kg_nlp, "We build spoken dialogue systems over knowledge graphs.")
    assert "spoken dialogue systems" not in found
    assert "knowledge graphs" not in found
