"""Unit tests of the extraction components on short texts written for these tests."""

from __future__ import annotations

import spacy

from kg.extraction import build_nlp, extract
from kg.extraction.abbreviations import abbreviation_pairs
from kg.extraction.convert import family_of
from kg.extraction.knowledge import canon_key
from kg.extraction.urls import find_urls
from kg.models import Paper


def paper(title: str, abstract: str, pid: str = "p1") -> Paper:
    return Paper(id=pid, title=title, abstract=abstract)


def rules_only(nlp):
    """These tests check the rule components: the learned kg_entity_classifier, which
    may drop or retype what they find, has its own tests (test_extraction_classifier.py)."""
    return nlp.select_pipes(disable=["kg_entity_classifier"])


def entities(nlp, title: str, abstract: str) -> dict[str, str]:
    with rules_only(nlp):
        (result,) = extract([paper(title, abstract)], nlp)
    return {e.name: e.type.value for e in result.entities}


def test_title_is_its_own_sentence(kg_nlp):
    doc = kg_nlp(
        "Zorblat: Fast Things for Slow Data\n\nWe study stuff. It works (see Fig. 2). Done."
    )
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Zorblat: Fast Things for Slow Data"
    assert sents[1:] == ["We study stuff.", "It works (see Fig. 2).", "Done."]


def test_lexicon_types_known_names_and_respects_case(kg_nlp):
    found = entities(
        kg_nlp,
        "A study",
        "We fine-tune RoBERTa on SuperGLUE and report accuracy "
        "for machine translation; the glue dries.",
    )
    assert found["RoBERTa"] == "Model"
    assert found["SuperGLUE"] == "Dataset"
    assert found["accuracy"] == "Metric"
    assert found["machine translation"] == "Task"
    assert "glue" not in {n.lower() for n in found if n != "SuperGLUE"}


def test_generic_classes_are_not_models(kg_nlp):
    found = entities(
        kg_nlp,
        "On models",
        "Transformers and LLMs such as pre-trained language "
        "models are strong; our approach uses a framework.",
    )
    names = {n.lower() for n in found}
    assert not names & {
        "transformers",
        "llms",
        "pre-trained language models",
        "approach",
        "framework",
    }


def test_schwartz_hearst_pairs():
    nlp = spacy.blank("en")
    doc = nlp(
        "We train a Gated Recurrent Quux Network (GRQN) and a memory-augmented "
        "sampler (MAS) on data (e.g. 5%)."
    )
    pairs = [(lf.text, sf.text) for lf, sf in abbreviation_pairs(doc)]
    assert ("Gated Recurrent Quux Network", "GRQN") in pairs
    assert ("memory-augmented sampler", "MAS") in pairs
    assert all(sf != "e.g. 5%" for _, sf in pairs)


def test_long_forms_never_reach_past_another_parenthesis():
    nlp = spacy.blank("en")
    doc = nlp("We study text grading (TG), and sheep counting (TSC), and quick quantiles (QQ).")
    pairs = {sf.text: lf.text for lf, sf in abbreviation_pairs(doc)}
    assert pairs.get("QQ") == "quick quantiles"
    assert "TSC" not in pairs  # "TG), and sheep counting" is not its long form


def test_abbreviation_and_long_form_are_one_entity(kg_nlp):
    (result,) = extract(
        [
            paper(
                "Blue sky", "We propose Gated Recurrent Quux Networks (GRQN). GRQN beats baselines."
            )
        ],
        kg_nlp,
    )
    grqn = [e for e in result.entities if e.name == "GRQN"]
    assert len(grqn) == 1
    assert "Gated Recurrent Quux Networks" in grqn[0].aliases
    assert grqn[0].type.value == "Model"
    assert "GRQN" in result.proposes


def test_name_shapes_and_size_variants(kg_nlp):
    with rules_only(kg_nlp):
        (result,) = extract(
            [
                paper(
                    "Tests",
                    "We compare Zeta-7 and Q9Flux with FooLM-2 13B and "
                    "BarBERT-large on the Wumpus dataset.",
                )
            ],
            kg_nlp,
        )
    by_name = {e.name: e for e in result.entities}
    assert by_name["FooLM-2 13B"].type.value == "Model"
    assert by_name["FooLM-2 13B"].family == "FooLM-2"
    assert by_name["BarBERT-large"].family == "BarBERT"
    assert by_name["Wumpus"].type.value == "Dataset"
    assert "Q9Flux" in by_name


def test_family_of():
    assert family_of("BERT-base") == "BERT"
    assert family_of("LLaMA-2 7B") == "LLaMA-2"
    assert family_of("GPT-4") is None


def test_head_word_phrases(kg_nlp):
    found = entities(
        kg_nlp,
        "Notes",
        "We apply layer-wise spectral regularization to improve hypernymy detection.",
    )
    assert found.get("layer-wise spectral regularization") == "Method"
    assert found.get("hypernymy detection") == "Task"


def test_head_phrases_keep_listed_models_and_skip_glued_words(kg_nlp):
    found = entities(
        kg_nlp,
        "Notes",
        "We study RoBERTa prefix tuning with a zorp loss. It reaches a 3.5times compression "
        "ratio, and we replace the model's softmax attentions.",
    )
    assert found.get("RoBERTa") == "Model"
    assert found.get("prefix tuning") == "Method"
    assert found.get("zorp loss") == "Method"
    assert not any(name.startswith(("times", "s ", "'s")) for name in found)


def test_training_objective_words_make_a_task_phrase_a_method(kg_nlp):
    found = entities(
        kg_nlp,
        "Notes",
        "We pretrain with masked glyph modeling and autoregressive glyph generation, "
        "then test on glyph classification.",
    )
    assert found.get("masked glyph modeling") == "Method"
    assert found.get("autoregressive glyph generation") == "Method"
    assert found.get("glyph classification") == "Task"


def test_task_phrases_drop_how_words_and_come_from_task_nouns(kg_nlp):
    found = entities(
        kg_nlp,
        "Notes",
        "We study supervised glyph extraction and the glyph discovery task, "
        "with joint modeling of strokes.",
    )
    assert found.get("glyph extraction") == "Task"
    assert "supervised glyph extraction" not in found
    assert found.get("glyph discovery") == "Task"
    assert "joint modeling" not in found


def test_vague_stages_and_metric_changes_are_not_entities(kg_nlp):
    found = entities(
        kg_nlp,
        "Notes",
        "After fine-tuning, the model size shrinks with a slight accuracy loss and a 2x "
        "speed-up in runtime.",
    )
    assert "fine-tuning" not in found and "model size" not in found
    assert "accuracy loss" not in found
    assert found.get("accuracy") == "Metric"
    assert found.get("speed-up") == "Metric" or found.get("speedup") == "Metric"
    assert found.get("runtime") == "Metric"


def test_unknown_names_typed_by_morpheme(kg_nlp):
    found = entities(
        kg_nlp, "Notes", "We compare ZorpGAN-v2 and Quux-VAE by their gFID and ROUGE-Z scores."
    )
    assert found.get("ZorpGAN-v2") == "Model"
    assert found.get("Quux-VAE") == "Model"
    assert found.get("gFID") == "Metric"
    assert found.get("ROUGE-Z") == "Metric"
    shared = entities(kg_nlp, "Notes", "The data came from the 2024 ZQ4H shared tasks.")
    assert shared.get("ZQ4H") == "Dataset"
    campaigns = entities(
        kg_nlp, "Notes", "Trained with ZorpNorm, it reaches 91 F1 with SemEval-2031 and DSTC9."
    )
    assert campaigns.get("SemEval-2031") == "Dataset"
    assert campaigns.get("DSTC9") == "Dataset"
    assert campaigns.get("ZorpNorm") == "Method"


def test_names_drop_a_kept_full_stop(kg_nlp):
    found = entities(kg_nlp, "Notes", "We compare with Quux-9B.")
    assert "Quux-9B" in found and "Quux-9B." not in found


def test_listed_learning_paradigms_are_methods():
    from kg.extraction.lexicon import pattern_label

    assert pattern_label({"label": "Task", "pattern": "Few-Shot Learning"}) == "Method"
    assert pattern_label({"label": "Task", "pattern": "text normalization"}) == "Task"
    curated = {"label": "Task", "pattern": "Zorp Learning", "curated": True}
    assert pattern_label(curated) == "Task"


def test_contribution_from_title_colon_and_called(kg_nlp):
    (a,) = extract(
        [
            paper(
                "Flarp: A Network for Counting Sheep",
                "Flarp is a new neural network that counts sheep.",
            )
        ],
        kg_nlp,
    )
    assert a.proposes == ["Flarp"]
    assert {e.name: e.type.value for e in a.entities}["Flarp"] == "Model"
    (b,) = extract(
        [
            paper(
                "Counting sheep quickly",
                "We present a training recipe, dubbed SheepCount, that halves the cost.",
            )
        ],
        kg_nlp,
    )
    assert b.proposes == ["SheepCount"]
    assert {e.name: e.type.value for e in b.entities}["SheepCount"] == "Method"
    (c,) = extract([paper("WoolBench: A Benchmark for Sheep", "We release WoolBench.")], kg_nlp)
    assert {e.name: e.type.value for e in c.entities}["WoolBench"] == "Dataset"


def test_no_contribution_without_a_name(kg_nlp):
    (result,) = extract(
        [
            paper(
                "On the difficulty of counting",
                "We propose a simple method that counts sheep better.",
            )
        ],
        kg_nlp,
    )
    assert result.proposes == []


def proposes_of(nlp, title: str, abstract: str) -> tuple[list[str], dict[str, str]]:
    (result,) = extract([paper(title, abstract)], nlp)
    return result.proposes, {e.name: e.type.value for e in result.entities}


def test_contributions_listed_after_a_cue(kg_nlp):
    named, _ = proposes_of(
        kg_nlp, "Small counters", "We pretrained two Quux models (named Quux8L and Quux16L)."
    )
    assert named == ["Quux8L", "Quux16L"]
    dashed, types = proposes_of(
        kg_nlp,
        "Quiet sheep",
        "Hence we propose two simple modifications to the pooling layer - spiky pooling "
        "and damped gating. Both help.",
    )
    assert dashed == ["spiky pooling", "damped gating"]
    assert types["spiky pooling"] == "Method"
    data, types = proposes_of(
        kg_nlp,
        "Quiet sheep",
        "We have created a suite of counting datasets: 5M Sheep-Pretrain, Sheep-Eval for "
        "testing recall, and Sheep-Chat.",
    )
    assert data == ["Sheep-Pretrain", "Sheep-Eval", "Sheep-Chat"]
    assert {types[n] for n in data} == {"Dataset"}
    task, types = proposes_of(
        kg_nlp, "Shearing", "We propose a new task - fleece expansion - to address this."
    )
    assert task == ["fleece expansion"] and types["fleece expansion"] == "Task"


def test_coined_lower_case_contributions(kg_nlp):
    formal, _ = proposes_of(
        kg_nlp,
        "Do sheep plan?",
        "We train without looking back, a scheme we formalize as woolly training. It helps.",
    )
    assert formal == ["woolly training"]
    novel, _ = proposes_of(
        kg_nlp, "Counting", "We introduce a novel sliding fleece estimator and employ it."
    )
    assert novel == ["sliding fleece estimator"]
    titled, _ = proposes_of(
        kg_nlp,
        "Global Fleece Encoding for Sheep Counting",
        "We propose a global fleece encoding framework, which counts sheep.",
    )
    assert titled == ["global fleece encoding"]


def test_acronyms_of_the_title_are_contributions(kg_nlp):
    initials, types = proposes_of(
        kg_nlp, "Woolly Annotated Sheep Trackers for Field Work", "Herds are large. WAST counts."
    )
    assert initials == ["WAST"] and types["WAST"] == "Model"
    spelled, _ = proposes_of(
        kg_nlp,
        "Fleece Supervised Llama Finetuning",
        "We evaluate this approach with Fleece Supervised Llama (FS-Llama), which counts.",
    )
    assert spelled == ["FS-Llama"]
    known, _ = proposes_of(
        kg_nlp,
        "How does attention work in Vision Transformers?",
        "Vision transformer (ViT) splits images. We probe ViTs.",
    )
    assert known == []


def test_generic_and_partial_names_are_not_contributions(kg_nlp):
    for title, abstract, expected in [
        ("Counting", "We present a direct comparison between Quux and Zorb.", []),
        ("Counting", "We propose a novel framework to count sheep.", []),
        ("Herds", "We weigh herds with an additional metric termed the fleece score.", []),
        ("Herds", "Large models are capable of so-called in-context shearing.", []),
        (
            "Quux: small counters",
            "We propose Quux, an architecture composed of multi-layer perceptron (MLP) modules.",
            ["Quux"],
        ),
        (
            "Shearing",
            "We propose Woolly Sheep Tallying (WST) for named entity recognition (NER).",
            ["WST"],
        ),
        ("Herds", "We introduce WoolSet, a dataset of 5k sheep photos.", ["WoolSet"]),
    ]:
        assert proposes_of(kg_nlp, title, abstract)[0] == expected, abstract


def test_variants_merge_into_one_entity(kg_nlp):
    (result,) = extract(
        [
            paper(
                "Notes",
                "Knowledge distillation helps. Knowledge-distillation "
                "variants and knowledge distillations differ.",
            )
        ],
        kg_nlp,
    )
    names = [e.name for e in result.entities if canon_key(e.name).startswith("knowledgedistil")]
    assert len(names) == 1


def test_urls():
    text = "Code: https://github.com/acme/flarp. Also see github.com/acme/sheep, and www.x.org/a)."
    assert find_urls(text) == [
        "https://github.com/acme/flarp",
        "https://github.com/acme/sheep",
        "https://www.x.org/a",
    ]


def test_evidence_offsets_index_paper_text(kg_nlp):
    p = paper(
        "Flarp: Counting",
        "We distill RoBERTa into Flarp on SuperGLUE. See https://github.com/acme/flarp.",
    )
    (result,) = extract([p], kg_nlp)
    assert result.urls == ["https://github.com/acme/flarp"]
    for ent in result.entities:
        for m in ent.mentions:
            assert m.paper_id == "p1" and m.rule and 0 < m.confidence <= 1
            surface = p.text[m.start : m.end]
            assert surface in m.sentence
            assert canon_key(surface) in {canon_key(ent.name), *map(canon_key, ent.aliases)}


def test_extract_is_deterministic_and_keeps_ids(kg_nlp):
    papers = [
        paper("Flarp: Counting", "We distill RoBERTa into Flarp.", pid=f"id-{i}") for i in range(3)
    ]
    first = [e.model_dump() for e in extract(papers, kg_nlp, batch_size=2)]
    second = [e.model_dump() for e in extract(papers, kg_nlp)]
    assert first == second
    assert [e["id"] for e in first] == ["id-0", "id-1", "id-2"]


def test_components_work_in_a_users_own_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in ("kg_lexicon", "kg_abbreviations", "kg_names", "kg_entities"):
        nlp.add_pipe(name)
    doc = nlp("We evaluate T5 on SQuAD.")
    assert {(e.text, e.label_) for e in doc.ents} == {("T5", "Model"), ("SQuAD", "Dataset")}


def test_trained_pipeline_path_gives_the_same_entities(kg_nlp):
    nlp = build_nlp("en_core_web_sm")
    assert "parser" in nlp.pipe_names and "kg_entities" in nlp.pipe_names
    text = (
        "Flarp: A Network for Counting Sheep",
        "We distill RoBERTa into Flarp and evaluate it on SuperGLUE with accuracy.",
    )
    assert entities(nlp, *text) == entities(kg_nlp, *text)


def test_a_name_glued_to_the_word_before_its_parenthesis_is_its_own_token(kg_nlp):
    doc = kg_nlp.make_doc("Sheep Counting Networks(SCN) and exp(x) and language(s)")
    words = [t.text for t in doc]
    assert words[:6] == ["Sheep", "Counting", "Networks", "(", "SCN", ")"]
    assert "exp(x" in words and "language(s" in words


def test_an_adjective_made_from_a_name_is_not_an_entity(kg_nlp):
    (result,) = extract(
        [
            paper(
                "Counting",
                "We compare QuuxNet-based counters with ZorbLM-like models and BERT-style heads.",
            )
        ],
        kg_nlp,
    )
    names = {e.name for e in result.entities}
    assert not any(n.endswith(("-based", "-like", "-style")) for n in names), names
    assert "BERT" in names
