"""Relations a reader would sign, round 2 (issue 16, part 3): invented abstracts.

Each test pairs text that must not give a relation with a control that must, so the cue
file option under test is shown to act: distillation direction (`not_before`, `blocked_by`),
analysis papers (`false_cues`, `vetoed_by`), the paper's own new model (`first_blocked_by`,
no relation from the paper to what it proposes), cost-only comparisons (`needs_any`,
`vetoed_by`), hedges, and mentions that name something else ("a Quokka-L variant").
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_extraction_relations import INVENTED_MODELS as MODELS
from test_extraction_relations import annotate, triples

import kg.extraction.relations  # noqa: F401  (registers the kg_relations factory)
from kg.types import PAPER_HEAD


def compressed(rel_pipelines: Language, text: str) -> set[str]:
    found = triples(
        annotate(
            rel_pipelines, "Yakdistil: small models\n\n" + text, MODELS, proposes=("Yakdistil",)
        )
    )
    return {x for _, t, x in found if t == "COMPRESSES"}


def test_distilled_student_is_not_compressed(rel_pipelines):
    assert "Yakformer" not in compressed(
        rel_pipelines, "We distill Quokka-L into a student Yakformer."
    )
    assert "Quokka-L" in compressed(rel_pipelines, "We distill Quokka-L into a student Yakformer.")
    from_teacher = compressed(
        rel_pipelines, "We distill Yakformer from the teacher Quokka-L first."
    )
    assert "Yakformer" not in from_teacher
    assert "Quokka-L" in from_teacher


def test_sparsity_phenomenon_is_no_compression(rel_pipelines):
    text = (
        "We present the phenomenon of abrupt sparsification during the pre-training of "
        "Zebranet, i.e., Zebranet suddenly becomes sparse."
    )
    assert compressed(rel_pipelines, text) == set()
    assert "Zebranet" in compressed(rel_pipelines, "We sparsify Zebranet by half.")


def test_new_variant_in_apposition_is_no_base(rel_pipelines):
    text = "Furthermore, we introduce a simple variant of the model, Zebranet, which is fast."
    assert not any(t == "BASED_ON" for _, t, _ in triples(annotate(rel_pipelines, text, MODELS)))
    control = "Zebranet, a simple variant of Quokka-L, is fast."
    assert ("Zebranet", "BASED_ON", "Quokka-L") in triples(annotate(rel_pipelines, control, MODELS))


def test_the_paper_does_not_build_on_what_it_proposes(rel_pipelines):
    ents = {**MODELS, "Yaknet": ("Model", "Yaknet")}
    text = "Yaknet: a backbone\n\nBuilding upon this foundation, we introduce Zebranet."
    found = triples(annotate(rel_pipelines, text, ents, proposes=("Yaknet", "Zebranet")))
    assert not any(t == "BASED_ON" and x == "Zebranet" for _, t, x in found)
    control = triples(
        annotate(
            rel_pipelines,
            "Yaknet: a backbone\n\nBuilding upon Zebranet, we go on.",
            ents,
            proposes=("Yaknet",),
        )
    )
    assert (PAPER_HEAD, "BASED_ON", "Zebranet") in control


def test_a_variant_named_by_its_base_is_no_head(rel_pipelines):
    text = "Our method trains a Zebranet variant based on Quokka-L quickly."
    assert not any(t == "BASED_ON" for _, t, _ in triples(annotate(rel_pipelines, text, MODELS)))
    control = "Yakformer is based on Quokka-L and trained quickly."
    assert ("Yakformer", "BASED_ON", "Quokka-L") in triples(
        annotate(rel_pipelines, control, MODELS)
    )


def test_generalizing_to_or_listing_modifications_is_no_base(rel_pipelines):
    ents = {**MODELS, "gated attention": ("Method", "gated attention")}
    text = "Yakformer generalizes to languages unseen in Zebranet pretraining."
    assert not any(t == "BASED_ON" for _, t, _ in triples(annotate(rel_pipelines, text, ents)))
    listed = "We make modifications that include gated attention and more."
    assert not any(t == "BASED_ON" for _, t, _ in triples(annotate(rel_pipelines, listed, ents)))
    control = "We propose a modification to gated attention for long inputs."
    assert (PAPER_HEAD, "BASED_ON", "gated attention") in triples(
        annotate(rel_pipelines, control, ents)
    )


@pytest.mark.parametrize(
    "cost",
    [
        "Zebranet needs 40% fewer parameters compared to Quokka-L while reaching higher accuracy.",
        "Zebranet reduces training steps by 80% compared to Quokka-L with the best FID.",
        "Zebranet is much cheaper than Quokka-L in use.",
        "Zebranet runs faster than Quokka-L in use.",
    ],
)
def test_cost_only_comparison_is_no_outperforms(rel_pipelines, cost):
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(annotate(rel_pipelines, cost, MODELS)))


def test_quality_comparison_is_outperforms(rel_pipelines):
    text = "Zebranet achieves higher accuracy compared to Quokka-L on every test."
    assert ("Zebranet", "OUTPERFORMS", "Quokka-L") in triples(annotate(rel_pipelines, text, MODELS))


def test_potential_to_outperform_is_a_hedge(rel_pipelines):
    text = "Zebranet has the potential to outperform Quokka-L on long inputs."
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(annotate(rel_pipelines, text, MODELS)))
    control = "Zebranet is shown to outperform Quokka-L on long inputs."
    assert ("Zebranet", "OUTPERFORMS", "Quokka-L") in triples(
        annotate(rel_pipelines, control, MODELS)
    )


def test_models_based_on_a_name_are_not_that_name(rel_pipelines):
    text = "Zebranet surpasses all other Yakformer-based parsers by a wide margin."
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(annotate(rel_pipelines, text, MODELS)))
    control = "Zebranet surpasses Yakformer by a wide margin."
    assert ("Zebranet", "OUTPERFORMS", "Yakformer") in triples(
        annotate(rel_pipelines, control, MODELS)
    )


def test_examples_of_another_class_are_not_referred_to(rel_pipelines):
    text = (
        "Fast sequence models such as Zebranet are popular. We distill pretrained "
        "language models into them."
    )
    assert "Zebranet" not in compressed(rel_pipelines, text)
    control = (
        "Pretrained language models such as Zebranet are large. We distill pretrained "
        "language models into small ones."
    )
    assert "Zebranet" in compressed(rel_pipelines, control)


def test_these_alone_refers_to_no_model(rel_pipelines):
    text = "Zebranet has outliers. We quantize activations and show that these scales are cheap."
    assert "Zebranet" not in compressed(rel_pipelines, text)
    control = "Zebranet has outliers. We quantize these models and show that scales are cheap."
    assert "Zebranet" in compressed(rel_pipelines, control)


def test_observations_and_tools_are_not_compressed(rel_pipelines):
    text = "Our observations indicate that Zebranet condenses knowledge in fewer parameters."
    assert compressed(rel_pipelines, text) == set()
    tool = "We propose to utilize a frozen Zebranet for history compression."
    assert compressed(rel_pipelines, tool) == set()
    control = "We show that our compressed Zebranet needs fewer parameters."
    assert "Zebranet" in compressed(rel_pipelines, control)


def test_compression_gains_are_a_cost(rel_pipelines):
    ents = {**MODELS, "rounding": ("Method", "rounding")}
    text = "Zebranet doubles the compression gains relative to rounding, preserving accuracy."
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(annotate(rel_pipelines, text, ents)))
    control = "Zebranet doubles the accuracy gains relative to rounding on every test."
    assert ("Zebranet", "OUTPERFORMS", "rounding") in triples(
        annotate(rel_pipelines, control, ents)
    )


def test_an_example_is_no_subject_after_our(rel_pipelines):
    ents = {**MODELS, "rounding": ("Method", "rounding")}
    text = "Our method compresses models such as Zebranet, outperforming rounding by far."
    found = triples(annotate(rel_pipelines, text, ents))
    assert ("Zebranet", "OUTPERFORMS", "rounding") not in found
    assert (PAPER_HEAD, "OUTPERFORMS", "rounding") in found


def test_modified_and_generalization_as_nouns_are_no_base(rel_pipelines):
    ents = {**MODELS, "attention": ("Method", "attention")}
    for text in (
        "We show that this modified law fits Zebranet well in all runs.",
        "We study the learning and generalization of attention in theory.",
        "We consider a generalized Zebranet setting in theory.",
    ):
        assert not any(t == "BASED_ON" for _, t, _ in triples(annotate(rel_pipelines, text, ents)))
    control = "Our method generalizes attention to long inputs."
    assert (PAPER_HEAD, "BASED_ON", "attention") in triples(annotate(rel_pipelines, control, ents))


def test_a_proposed_variant_or_a_named_cue_compresses_nothing(rel_pipelines):
    ents = {**MODELS, "Compressed Norm": ("Method", "Compressed Norm")}
    text = "We propose Compressed Norm and a Zebranet block for stable training."
    found = triples(
        annotate(rel_pipelines, "Yakdistil: small models\n\n" + text, ents, proposes=("Yakdistil",))
    )
    assert not any(t == "COMPRESSES" for _, t, _ in found)
    hybrid = "Our method can distill a hybrid variant of the Quokka-L family (Zebranet) cheaply."
    assert "Zebranet" not in compressed(rel_pipelines, hybrid)
    control = "In our experiments, Zebranet is distilled to half its size."
    assert "Zebranet" in compressed(rel_pipelines, control)


METHODS = {
    "Yakloss": ("Method", "Yakloss"),
    "Yakprop": ("Method", "Yakprop"),
    "speedup": ("Metric", "speedup"),
}


def uses(rel_pipelines: Language, text: str) -> set[str]:
    return {x for _, t, x in triples(annotate(rel_pipelines, text, METHODS)) if t == "USES"}


def test_measured_by_or_proposed_by_is_no_use(rel_pipelines):
    assert (
        uses(rel_pipelines, "Our layers vary smoothly, as measured by Yakloss between tokens.")
        == set()
    )
    assert uses(rel_pipelines, "We revisit the scheme proposed by Yakprop in detail.") == set()
    assert "Yakloss" in uses(rel_pipelines, "We align our layers by Yakloss between tokens.")


def test_a_possible_gain_is_no_measure(rel_pipelines):
    def measured(text: str) -> set[str]:
        return {
            x for _, t, x in triples(annotate(rel_pipelines, text, METHODS)) if t == "MEASURED_BY"
        }

    assert measured("We find that our kernel leads to possible algorithmic speedup.") == set()
    assert "speedup" in measured("We find that our kernel achieves a 2x algorithmic speedup.")


def test_widely_adopted_or_their_tools_are_not_the_papers(rel_pipelines):
    assert (
        uses(rel_pipelines, "Widely adopted Yakprop settings are inefficient, as we show.") == set()
    )
    assert uses(rel_pipelines, "In particular, these models employ Yakprop to split text.") == set()
    assert "Yakprop" in uses(
        rel_pipelines, "In particular, our models employ Yakprop to split text."
    )


def test_the_effect_of_a_measure_is_no_measure(rel_pipelines):
    ents = {"model capacity": ("Metric", "model capacity")}
    text = "This study explores the effect of model capacity on our results."
    assert not any(t == "MEASURED_BY" for _, t, _ in triples(annotate(rel_pipelines, text, ents)))
    control = "Our method achieves a higher model capacity on our results."
    assert (PAPER_HEAD, "MEASURED_BY", "model capacity") in triples(
        annotate(rel_pipelines, control, ents)
    )


# (what finds it, text that must give nothing, control, the tail the control must give)
NOTHING_VS_CONTROL = [
    # the distilled variant is the student
    (
        "compressed",
        "Our method can distill a Zebranet variant based on Quokka-L in one day.",
        "Our method can distill Zebranet in one day.",
        "Zebranet",
    ),
    # pruning-based metrics compress nothing
    (
        "compressed",
        "We find which heads matter in Zebranet by introducing pruning-based metrics.",
        "We prune Zebranet by introducing new metrics.",
        "Zebranet",
    ),
    # progress made elsewhere is no use of the paper
    (
        "uses",
        "Video generation has made remarkable advancements through Yakprop lately.",
        "Our generator is trained through Yakprop lately.",
        "Yakprop",
    ),
    # proposing a benchmark whose tasks include X uses nothing
    (
        "uses",
        "We introduce a benchmark of many tasks, including Yakprop and others.",
        "We show that our approach uses Yakprop and others.",
        "Yakprop",
    ),
]


@pytest.mark.parametrize(("finder", "nothing", "control", "tail"), NOTHING_VS_CONTROL)
def test_nothing_versus_control(rel_pipelines, finder, nothing, control, tail):
    find = compressed if finder == "compressed" else uses
    assert find(rel_pipelines, nothing) == set()
    assert tail in find(rel_pipelines, control)


def test_a_compression_paper_compresses_the_models_of_its_own_experiments(rel_pipelines):
    ents = {**MODELS, "Yakprune": ("Method", "Yakprune")}
    title = "Yakprune: pruning transformers\n\n"
    text = "Extensive experiments on Quokka-L and Zebranet show that our method keeps accuracy."
    found = triples(annotate(rel_pipelines, title + text, ents, proposes=("Yakprune",)))
    assert {(PAPER_HEAD, "COMPRESSES", m) for m in ("Quokka-L", "Zebranet")} <= found
    # the same sentence in a paper that compresses nothing of its own
    plain = triples(annotate(rel_pipelines, "Yakprune: better transformers\n\n" + text, ents))
    assert not any(t == "COMPRESSES" for _, t, _ in plain)
    # comparisons, examples and analyses in a compression paper name no compressed model
    for other in (
        "Our pruned model outperforms Quokka-L on Zebranet tasks.",
        "We observe this pattern in many models such as Quokka-L and Zebranet.",
        "Through case studies on Quokka-L, we deepen our understanding of heads.",
    ):
        got = triples(annotate(rel_pipelines, title + other, ents, proposes=("Yakprune",)))
        assert not any(t == "COMPRESSES" for _, t, _ in got), other


def test_trained_on_reaches_only_a_near_tail(rel_pipelines):
    ents = {"in-context learning": ("Method", "in-context learning")}
    far = "Models trained on diverse tasks exhibit remarkable in-context learning abilities."
    assert not any(t == "USES" for _, t, _ in triples(annotate(rel_pipelines, far, ents)))
    near = "Our model is trained on in-context learning episodes."
    assert (PAPER_HEAD, "USES", "in-context learning") in triples(
        annotate(rel_pipelines, near, ents)
    )


def test_uses_takes_what_comes_after_its_cue_not_the_host_or_the_subject(rel_pipelines):
    ents = {
        **MODELS,
        "gating": ("Method", "gating"),
        "Yakattention": ("Method", "Yakattention"),
    }
    # a sentence rule: what the sentence names before "using" is described, not used
    before = "We study Yakattention, an approach using the whole sequence."
    assert (PAPER_HEAD, "USES", "Yakattention") not in triples(
        annotate(rel_pipelines, before, ents)
    )
    after = "We train the encoder using gating."
    assert (PAPER_HEAD, "USES", "gating") in triples(annotate(rel_pipelines, after, ents))
    # "incorporated into X": X is the host, not a part of the method
    host = "Our layer can be incorporated into Quokka-L with little cost."
    assert (PAPER_HEAD, "USES", "Quokka-L") not in triples(annotate(rel_pipelines, host, ents))


def test_a_compared_name_is_no_secondary_contribution(rel_pipelines):
    ents = {**MODELS, "Yakdistil": ("Model", "Yakdistil")}
    proposes = ("Yakdistil", "Quokka-L")
    compared = "Yakdistil: small models\n\nWe compare ours with an approach called Quokka-L here."
    found = triples(annotate(rel_pipelines, compared, ents, proposes=proposes))
    assert (PAPER_HEAD, "USES", "Quokka-L") not in found
    control = "Yakdistil: small models\n\nWe also introduce Quokka-L, a small tokenizer."
    assert (PAPER_HEAD, "USES", "Quokka-L") in triples(
        annotate(rel_pipelines, control, ents, proposes=proposes)
    )


def test_a_version_of_the_main_contribution_is_no_part_of_it(rel_pipelines):
    # "Hnet" is the surface, "Yakdistil-H" the canonical name: one name holds the other
    ents = {**MODELS, "Yakdistil": ("Model", "Yakdistil"), "Hnet": ("Model", "Yakdistil-H")}
    title = "Yakdistil: small models\n\n"
    for text, second in (
        ("We also propose a hybrid Hnet for long inputs.", "Yakdistil-H"),
        ("We also introduce Quokka-L, a quantized version of our model.", "Quokka-L"),
    ):
        found = triples(annotate(rel_pipelines, title + text, ents, proposes=("Yakdistil", second)))
        assert (PAPER_HEAD, "USES", second) not in found, text
    control = "We also introduce Quokka-L, a small tokenizer."
    found = triples(
        annotate(rel_pipelines, title + control, ents, proposes=("Yakdistil", "Quokka-L"))
    )
    assert (PAPER_HEAD, "USES", "Quokka-L") in found


def test_what_the_method_does_not_rely_on_or_a_cost_it_is_measured_against_is_not_used(
    rel_pipelines,
):
    ents = {**MODELS, "distillation": ("Method", "distillation")}
    negated = "Unlike earlier systems, our model does not rely on distillation at all."
    assert (PAPER_HEAD, "USES", "distillation") not in triples(
        annotate(rel_pipelines, negated, ents)
    )
    control = "Our model relies on distillation at every layer."
    assert (PAPER_HEAD, "USES", "distillation") in triples(annotate(rel_pipelines, control, ents))
    cost = "Our model beats Quokka-L using half the memory of Quokka-L overall."
    assert (PAPER_HEAD, "USES", "Quokka-L") not in triples(annotate(rel_pipelines, cost, ents))
