"""Relations a reader would sign (issue 16, part 3): invented abstracts, one rule each.

Each test pairs a sentence that must give nothing with a control that must give the
relation, so the rule is shown to act and the test can fail. The rules are tested alone
(`weights_path="none"`) and with the shipped relation classifier.
"""

from __future__ import annotations

from test_extraction_relations import INVENTED_MODELS as MODELS
from test_extraction_relations import annotate, triples

import kg.extraction.relations  # noqa: F401  (registers the kg_relations factory)
from kg.types import PAPER_HEAD


def test_negated_comparison_is_no_outperforms(rel_pipelines):
    negated = annotate(
        rel_pipelines,
        "Earlier studies found that Zebranet cannot outperform Quokka-L in tests.",
        MODELS,
    )
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(negated))
    plain = annotate(
        rel_pipelines, "Zebranet clearly outperforms Quokka-L on every benchmark.", MODELS
    )
    assert ("Zebranet", "OUTPERFORMS", "Quokka-L") in triples(plain)


def test_hedged_comparison_is_no_outperforms(rel_pipelines):
    hedged = annotate(
        rel_pipelines, "We ask whether Zebranet may outperform Quokka-L at scale.", MODELS
    )
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(hedged))


def test_instruction_tuned_models_that_cannot_outperform_give_no_based_on(rel_pipelines):
    text = "We find that instruction-tuned models cannot outperform Quokka-L on labels."
    assert not any(
        t in ("BASED_ON", "OUTPERFORMS")
        for _, t, _ in triples(annotate(rel_pipelines, text, MODELS))
    )


def test_evaluated_models_of_a_compression_paper_are_not_compressed(rel_pipelines):
    text = (
        "Yakprune: pruning language models\n\nWe prune Zebranet to half its size. "
        "We also evaluate our pruning scheme against Quokka-L and Yakformer."
    )
    found = triples(annotate(rel_pipelines, text, MODELS, proposes=("Yakprune",)))
    assert (PAPER_HEAD, "COMPRESSES", "Zebranet") in found
    assert not any(t == "COMPRESSES" and x in ("Quokka-L", "Yakformer") for _, t, x in found)


def test_survey_title_is_no_compression(rel_pipelines):
    text = (
        "A History of Pretrained Models from Quokka-L to Yakformer\n\n"
        "We survey how pretrained models are distilled and compressed."
    )
    found = triples(annotate(rel_pipelines, text, MODELS))
    assert not any(t == "COMPRESSES" for _, t, _ in found)


def test_modifying_a_scaling_law_is_no_compression(rel_pipelines):
    text = (
        "Yakprune: sparse models\n\nWe modify the scaling law of Quokka-L "
        "to account for sparsity and pruning."
    )
    found = triples(annotate(rel_pipelines, text, MODELS, proposes=("Yakprune",)))
    assert not any(t == "COMPRESSES" for _, t, _ in found)


def test_background_sentence_is_not_credited_to_the_paper(rel_pipelines):
    ents = {"Vexbench": ("Dataset", "Vexbench"), "widget parsing": ("Task", "widget parsing")}
    background = annotate(
        rel_pipelines, "Previous work has shown strong results on Vexbench.", ents
    )
    assert not any(h == PAPER_HEAD for h, _, _ in triples(background))
    recently = annotate(
        rel_pipelines,
        "Recently, large models have achieved strong results on Vexbench "
        "for widget parsing, prompting us to look closer.",
        ents,
    )
    assert not any(h == PAPER_HEAD for h, _, _ in triples(recently))
    ours = annotate(rel_pipelines, "We report strong results on Vexbench.", ents)
    assert (PAPER_HEAD, "EVALUATED_ON", "Vexbench") in triples(ours)


def test_no_relation_from_the_paper_to_its_own_contribution(rel_pipelines):
    ents = {"Yakattention": ("Method", "Yakattention"), "Zebranet": ("Model", "Zebranet")}
    text = "In this paper, we introduce Yakattention, a novel attention scheme."
    found = triples(annotate(rel_pipelines, text, ents))
    assert not any(x == "Yakattention" for _, _, x in found)
    proposed = triples(
        annotate(
            rel_pipelines,
            "We present Zebranet, which is based on Yakattention.",
            ents,
            proposes=("Zebranet",),
        )
    )
    assert not any(x == "Zebranet" for _, _, x in proposed)
    assert (PAPER_HEAD, "BASED_ON", "Yakattention") in proposed


def test_compared_with_is_no_based_on(rel_pipelines):
    text = "Our model extends the decoder, compared with Quokka-L and Yakformer."
    found = triples(annotate(rel_pipelines, text, MODELS))
    assert not any(t == "BASED_ON" for _, t, _ in found)
    control = triples(
        annotate(rel_pipelines, "Our model extends Quokka-L with a longer context.", MODELS)
    )
    assert (PAPER_HEAD, "BASED_ON", "Quokka-L") in control


def test_the_far_side_of_a_comparison_is_no_subject(rel_pipelines):
    text = "We show that Zebranet is faster than Quokka-L and more accurate than Yakformer."
    found = triples(annotate(rel_pipelines, text, MODELS))
    assert ("Quokka-L", "OUTPERFORMS", "Yakformer") not in found
    assert ("Zebranet", "OUTPERFORMS", "Yakformer") in found
