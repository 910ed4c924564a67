"""Tests of the entity typing rules (kg/extraction/typing_rules.py) on texts written for
these tests: contributions typed by their description, names built on a model family,
lower-case model classes."""

from __future__ import annotations

from kg.extraction import extract
from kg.extraction.extensions import Candidate
from kg.extraction.typing_rules import (
    described_type,
    family_member,
    followed_by_head,
    model_families,
    refine_label,
    typing_words,
)
from kg.models import Paper

FAMILIES = frozenset({"bert", "llama", "rnng", "clip"})
HEADS = frozenset({"parser", "reader", "tagger"})


def cand(label: str, rule: str, priority: int = 40) -> Candidate:
    return Candidate(0, 1, label, None, rule, 0.5, priority)


def entities(nlp, title: str, abstract: str) -> dict[str, str]:
    with nlp.select_pipes(disable=["kg_entity_classifier"]):
        (result,) = extract([Paper(id="p1", title=title, abstract=abstract)], nlp)
    return {e.name: e.type.value for e in result.entities}


def test_family_parts_and_affixes_make_models():
    assert family_member("Zork-LLaMA", FAMILIES, set())
    assert family_member("LLaMA-Zork", FAMILIES, set())
    assert family_member("ZorkBERT", FAMILIES, set())
    assert family_member("GA-RNNG", frozenset(), {"rnng"})  # a Model of the same paper
    assert not family_member("Zorkbert", FAMILIES, set())  # no capitals: not the family
    assert not family_member("Zork-clip", FAMILIES, set())  # lower-case part: a word
    assert not family_member("ZorkNet", FAMILIES, set())


def test_description_decides_a_contribution():
    text = "We propose Zorblat: a normalization model. Quxify, an effective training method."
    assert described_type("Zorblat", text) == "Model"
    assert described_type("Quxify", text) == "Method"
    assert described_type("Blorp", text) is None
    parser = "This paper describes ZAMR, the transition-based parser we use."
    assert described_type("ZAMR", parser, HEADS) == "Model"
    assert described_type("ZAMR", parser) is None


def test_name_before_a_model_head():
    assert followed_by_head("ZAMR", "improvements to the ZAMR parser", HEADS)
    assert not followed_by_head("ZAMR", "improvements to the ZAMR results", HEADS)


def test_refine_label_rules():
    contribution = cand("Method", "contribution:propose", 90)
    lexicon_model = cand("Model", "lexicon", 60)
    text = "We introduce Zorblat Reader for reading. Tri-zorking works."
    assert (
        refine_label(
            "Zorblat Reader", "Method", [contribution, lexicon_model], text, FAMILIES, set()
        )
        == "Model"
    )
    # a technique word at the end keeps the Method despite a lexicon Model entry
    assert (
        refine_label(
            "asymmetric tri-zorking", "Method", [contribution, lexicon_model], text, FAMILIES, set()
        )
        == "Method"
    )
    # a lower-case model class that the paper does not propose is a Method
    phrase = cand("Model", "head-phrase", 30)
    assert (
        refine_label("recurrent zork network", "Model", [phrase], text, FAMILIES, set()) == "Method"
    )
    assert (
        refine_label("Zork-LLaMA", "Method", [cand("Method", "name-shape")], text, FAMILIES, set())
        == "Model"
    )
    # a listed Method keeps its type even when it looks like a family member
    listed = cand("Method", "lexicon", 70)
    assert refine_label("Zork-LLaMA", "Method", [listed], text, FAMILIES, set()) == "Method"


def test_data_files_load():
    assert "parser" in typing_words()["model_heads"]
    families = model_families()
    assert "bert" in families and "llama" in families


def test_pipeline_types_contributions_and_family_names(kg_nlp):
    found = entities(
        kg_nlp,
        "Zorblat: Fast Adapters",
        "We propose Zorblat: a lightweight language model. We compare it with ZK-Chinchilla "
        "and a recurrent neural network on question answering.",
    )
    assert found.get("Zorblat") == "Model"  # described as a model after the colon
    assert found.get("ZK-Chinchilla") == "Model"  # built on a listed model
    assert found.get("recurrent neural network", "Method") == "Method"


def test_list_type_passes_down_a_coordination(kg_nlp):
    found = entities(
        kg_nlp,
        "Fast Things for Slow Data",
        "We train language models on ZorkLM-1, QuuxCorp and SQuAD, and report accuracy.",
    )
    # "ZorkLM-1" looks like a model name, but it stands in a list of data sets
    assert found.get("ZorkLM-1") == "Dataset"
    assert found.get("QuuxCorp") == "Dataset"


def test_a_listed_model_class_is_no_coined_model():
    coined = cand("Model", "contribution:coined", 90)
    listed = cand("Method", "lexicon", 60)
    text = "We build a zork network with a new reader."
    args = (text, FAMILIES, set())
    assert refine_label("zork network", "Model", [coined, listed], *args) == "Method"
    assert refine_label("zork network", "Model", [coined], *args) == "Model"
