"""Method phrases found by their head word (kg/extraction/phrases.py) on short texts
written for these tests.

Made-up modifiers ("zorp-sharing", "glorp routing") keep the lexicons out of the way:
only the phrase rules can find them. The heads used here are not listed names of their
own (a listed name is extended only with lexicon words).
"""

from __future__ import annotations

import pytest

from kg.extraction import extract
from kg.models import Paper


def entities(nlp, abstract: str) -> dict[str, str]:
    """Entity name -> type from the rule components alone (the learned classifier has its
    own tests)."""
    with nlp.select_pipes(disable=["kg_entity_classifier"]):
        (result,) = extract([Paper(id="p1", title="Notes", abstract=abstract)], nlp)
    return {e.name: e.type.value for e in result.entities}


def test_modifier_phrase_is_a_method(kg_nlp):
    found = entities(kg_nlp, "We train the tagger with glorp routing on news text.")
    assert found.get("glorp routing") == "Method"


@pytest.mark.parametrize("compound", ["zorp-sharing", "glorp-routing"])
def test_hyphen_compound_before_a_method_head_is_a_method(kg_nlp, compound):
    found = entities(kg_nlp, f"The encoder layers use {compound} to save memory.")
    assert found.get(compound) == "Method"


@pytest.mark.parametrize("compound", ["co-routing", "semi-sharing", "the-routing"])
def test_prefix_or_function_word_compounds_are_no_method(kg_nlp, compound):
    found = entities(kg_nlp, f"The encoder layers use {compound} to save memory.")
    assert compound not in found


def test_longer_hyphen_chains_and_compound_modifiers_are_left_alone(kg_nlp):
    found = entities(kg_nlp, "It adds zorp-over-routing and glorp-routing-based layers.")
    assert "zorp-over-routing" not in found
    assert "over-routing" not in found
    assert "glorp-routing" not in found
