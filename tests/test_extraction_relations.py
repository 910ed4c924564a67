"""The relation component (kg_relations): unit tests on short texts of our own, and a
regression test of the whole extraction over the copy of the dev gold in tests/data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

import kg.extraction.relations  # noqa: F401  (registers the kg_relations factory)
from kg.errors import ConfigError
from kg.extraction.relations.rules import Phrases, compile_phrases, load_cue_book, phrase_regex
from kg.types import PAPER_HEAD

DATA = Path(__file__).parent / "data"
GOLD_DEV = DATA / "gold_dev.jsonl"
RELATION_F1_TARGET = 0.45  # issue 3; reached (0.49 on dev end to end)
RELATION_F1_FLOOR = 0.50  # what the pipeline reaches today, less a margin: a regression guard


# Invented model names shared by the "relations a reader would sign" tests.
INVENTED_MODELS = {
    "Quokka-L": ("Model", "Quokka-L"),
    "Yakformer": ("Model", "Yakformer"),
    "Zebranet": ("Model", "Zebranet"),
}


@pytest.fixture(scope="session")
def rel_nlp() -> Language:
    """Blank English + sentencizer + kg_relations: entities are set by hand in each test."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_relations")
    return nlp


def annotate(
    nlp: Language, text: str, ents: dict[str, tuple[str, str]], proposes: tuple[str, ...] = ()
) -> Doc:
    """Doc with `doc.ents` set from {surface: (type, canonical name)}, then the relation step."""
    doc = nlp.make_doc(text)
    spans = []
    for surface, (label, name) in ents.items():
        for m in re.finditer(re.escape(surface), text):
            span = doc.char_span(m.start(), m.end())
            assert span is not None, surface
            spans.append(Span(doc, span.start, span.end, label=label, span_id=name))
    doc.ents = sorted(spans, key=lambda s: s.start)
    doc._.proposes = list(proposes)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def triples(doc: Doc) -> set[tuple[str, str, str]]:
    return {(h.head, h.type.value, h.tail) for h in doc._.relations}


def test_named_model_outperforms_another(rel_nlp):
    doc = annotate(
        rel_nlp,
        "Zebranet clearly outperforms Quokka-L on the Vexbench suite.",
        {
            "Zebranet": ("Model", "Zebranet"),
            "Quokka-L": ("Model", "Quokka-L"),
            "Vexbench": ("Dataset", "Vexbench"),
        },
    )
    assert ("Zebranet", "OUTPERFORMS", "Quokka-L") in triples(doc)


def test_proposed_name_and_we_are_the_paper(rel_nlp):
    doc = annotate(
        rel_nlp,
        "Zebranet: fast widget parsing\n\nOur model beats Quokka-L by far.",
        {
            "Zebranet": ("Model", "Zebranet"),
            "Quokka-L": ("Model", "Quokka-L"),
            "widget parsing": ("Task", "widget parsing"),
        },
        proposes=("Zebranet",),
    )
    found = triples(doc)
    assert (PAPER_HEAD, "OUTPERFORMS", "Quokka-L") in found
    assert (PAPER_HEAD, "APPLIED_TO", "widget parsing") in found
    assert not any(h == "Zebranet" for h, _, _ in found)  # one head for the contribution


def test_contribution_head_can_be_the_proposed_name():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_relations", config={"contribution_head": "name"})
    doc = annotate(
        nlp,
        "We distill Quokka-L into Zebranet.",
        {"Zebranet": ("Model", "Zebranet"), "Quokka-L": ("Model", "Quokka-L")},
        proposes=("Zebranet",),
    )
    assert ("Zebranet", "COMPRESSES", "Quokka-L") in triples(doc)


def test_compression_cues(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L"), "Quokka-XL": ("Model", "Quokka-XL")}
    doc = annotate(rel_nlp, "We prune and quantize Quokka-L and Quokka-XL to four bits.", ents)
    assert {
        (PAPER_HEAD, "COMPRESSES", "Quokka-L"),
        (PAPER_HEAD, "COMPRESSES", "Quokka-XL"),
    } <= triples(doc)


def test_compressed_models_named_in_the_previous_sentence(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L"), "Yakformer": ("Model", "Yakformer")}
    text = (
        "Large models such as Quokka-L and Yakformer are slow to serve. "
        "We compress these models with a new pruning scheme."
    )
    assert {
        (PAPER_HEAD, "COMPRESSES", "Quokka-L"),
        (PAPER_HEAD, "COMPRESSES", "Yakformer"),
    } <= triples(annotate(rel_nlp, text, ents))
    plain = (
        "Large models such as Quokka-L and Yakformer are slow to serve. "
        "We study these models with a new probing scheme."
    )
    assert not any(t == "COMPRESSES" for _, t, _ in triples(annotate(rel_nlp, plain, ents)))


def test_compressed_models_given_earlier_as_examples_of_a_class(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L"), "Yakformer": ("Model", "Yakformer")}
    text = (
        "Pre-trained language models (e.g., Quokka-L and its variants) work well. "
        "They are expensive to serve. "
        "We distill large pre-trained models into small students."
    )
    doc = annotate(rel_nlp, text, ents)
    assert (PAPER_HEAD, "COMPRESSES", "Quokka-L") in triples(doc)
    assert {h.rule for h in doc._.relations if h.type == "COMPRESSES"} == {
        "COMPRESSES/earlier_examples"
    }
    named = (
        "Pre-trained language models such as Yakformer work well. "
        "We study large pre-trained models with probes."
    )
    assert not any(t == "COMPRESSES" for _, t, _ in triples(annotate(rel_nlp, named, ents)))


def test_the_tool_of_a_compression_is_not_compressed(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L"), "Yak-VQ": ("Model", "Yak-VQ")}
    doc = annotate(
        rel_nlp, "We compress Quokka-L, whose outputs are quantized using a Yak-VQ codebook.", ents
    )
    assert (PAPER_HEAD, "COMPRESSES", "Quokka-L") in triples(doc)
    assert not any(t == "COMPRESSES" and x == "Yak-VQ" for _, t, x in triples(doc))


def test_fine_tuned_by_a_technique_is_not_based_on_it(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L"), "YakAdapt": ("Method", "YakAdapt")}
    doc = annotate(
        rel_nlp, "We fine-tune Quokka-L and the model is fine-tuned by YakAdapt to cut costs.", ents
    )
    assert (PAPER_HEAD, "BASED_ON", "Quokka-L") in triples(doc)
    assert not any(t == "BASED_ON" and x == "YakAdapt" for _, t, x in triples(doc))


def test_training_data_is_used_and_test_data_evaluated_on(rel_nlp):
    ents = {"Yakcorp": ("Dataset", "Yakcorp"), "Vexbench": ("Dataset", "Vexbench")}
    doc = annotate(
        rel_nlp,
        "We pre-train our model for a week on Yakcorp and then evaluate it on Vexbench.",
        ents,
    )
    assert {(PAPER_HEAD, "USES", "Yakcorp"), (PAPER_HEAD, "EVALUATED_ON", "Vexbench")} <= triples(
        doc
    )
    assert (PAPER_HEAD, "EVALUATED_ON", "Yakcorp") not in triples(doc)


def test_a_cue_word_inside_an_entity_name_is_no_cue(rel_nlp):
    ents = {"Yak Adaptation": ("Method", "YaRA"), "YaRA": ("Method", "YaRA")}
    doc = annotate(rel_nlp, "The weights are changed by Yak Adaptation (YaRA) to cut costs.", ents)
    assert not any(t == "BASED_ON" for _, t, _ in triples(doc))


def test_compression_beats_uses_for_the_same_pair(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L")}
    doc = annotate(
        rel_nlp,
        "Our distillation strategy leverages the representations of Quokka-L at every layer.",
        ents,
    )
    assert (PAPER_HEAD, "COMPRESSES", "Quokka-L") in triples(doc)
    assert (PAPER_HEAD, "USES", "Quokka-L") not in triples(doc)


def test_weak_words_alone_do_not_make_every_method_used(rel_nlp):
    ents = {"Quokka-L": ("Model", "Quokka-L"), "gated attention": ("Method", "gated attention")}
    doc = annotate(
        rel_nlp, "We show that Quokka-L, trained for long, learns gated attention by itself.", ents
    )
    assert (PAPER_HEAD, "USES", "gated attention") not in triples(doc)


def test_evaluation_list_gives_one_relation_per_item(rel_nlp):
    ents = {n: ("Dataset", n) for n in ("Alphaset", "Betaset", "Gammaset")}
    doc = annotate(rel_nlp, "We evaluate our method on Alphaset, Betaset and Gammaset.", ents)
    assert {(PAPER_HEAD, "EVALUATED_ON", n) for n in ents} == triples(doc)
    rules = {h.rule for h in doc._.relations}
    assert all(r.startswith("EVALUATED_ON/") for r in rules)
    assert all(h.sentence.text.startswith("We evaluate") for h in doc._.relations)


def test_variant_of_and_initialized_from(rel_nlp):
    ents = {"Zebranet": ("Model", "Zebranet"), "Quokka-L": ("Model", "Quokka-L")}
    doc = annotate(rel_nlp, "Zebranet, a variant of Quokka-L, is small.", ents)
    assert ("Zebranet", "BASED_ON", "Quokka-L") in triples(doc)
    doc = annotate(rel_nlp, "Our encoder is initialized from Quokka-L weights.", ents)
    assert (PAPER_HEAD, "BASED_ON", "Quokka-L") in triples(doc)


def test_uses_active_and_passive(rel_nlp):
    ents = {"frobnication": ("Method", "frobnication"), "twiddle loss": ("Method", "twiddle loss")}
    doc = annotate(rel_nlp, "We employ frobnication during training.", ents)
    assert triples(doc) == {(PAPER_HEAD, "USES", "frobnication")}
    doc = annotate(rel_nlp, "In addition, a twiddle loss is introduced to stabilise it.", ents)
    assert (PAPER_HEAD, "USES", "twiddle loss") in triples(doc)


def test_contrasted_method_is_not_used(rel_nlp):
    ents = {
        "frobnication": ("Method", "frobnication"),
        "wobble pooling": ("Method", "wobble pooling"),
    }
    doc = annotate(rel_nlp, "Unlike frobnication, we use wobble pooling.", ents)
    assert triples(doc) == {(PAPER_HEAD, "USES", "wobble pooling")}


def test_examples_in_a_background_sentence_are_not_the_papers_tasks(rel_nlp):
    ents = {n: ("Task", n) for n in ("widget parsing", "gizmo tagging", "doohickey linking")}
    doc = annotate(
        rel_nlp,
        "Widget parsing matters for tasks such as gizmo tagging and doohickey linking.",
        ents | {"Widget parsing": ("Task", "widget parsing")},
    )
    assert triples(doc) == {(PAPER_HEAD, "APPLIED_TO", "widget parsing")}
    doc = annotate(
        rel_nlp, "We apply it to tasks such as gizmo tagging and doohickey linking.", ents
    )
    assert len(triples(doc)) == 2  # in a sentence about the paper the examples count


def test_metric_and_task(rel_nlp):
    doc = annotate(
        rel_nlp,
        "Our parser improves flurb score by 3 points on widget parsing.",
        {"flurb score": ("Metric", "flurb score"), "widget parsing": ("Task", "widget parsing")},
    )
    assert {
        (PAPER_HEAD, "MEASURED_BY", "flurb score"),
        (PAPER_HEAD, "APPLIED_TO", "widget parsing"),
    } == triples(doc)


def test_named_subjects_of_a_sentence_about_other_work(rel_nlp):
    doc = annotate(
        rel_nlp,
        "Quokka-L and Zebranet are strong on widget parsing.",
        {
            "Quokka-L": ("Model", "Quokka-L"),
            "Zebranet": ("Model", "Zebranet"),
            "widget parsing": ("Task", "widget parsing"),
        },
    )
    # the sentence speaks of the named models, not of the paper's own work
    assert {(h, "APPLIED_TO", "widget parsing") for h in ("Quokka-L", "Zebranet")} == triples(doc)


def test_schema_pruning_is_counted(rel_nlp):
    doc = annotate(
        rel_nlp,
        "Zebranet outperforms Vexbench.",
        {"Zebranet": ("Model", "Zebranet"), "Vexbench": ("Dataset", "Vexbench")},
    )
    assert not any(t == "OUTPERFORMS" for _, t, _ in triples(doc))
    reasons = [r for r in doc._.pruned if r.startswith("relation OUTPERFORMS")]
    assert reasons and "Dataset" in reasons[0] and doc._.pruned[reasons[0]] == 1


def test_no_self_relation(rel_nlp):
    doc = annotate(
        rel_nlp,
        "We propose Zebranet, which uses Zebranet blocks.",
        {"Zebranet": ("Model", "Zebranet")},
        proposes=("Zebranet",),
    )
    assert triples(doc) == set()
    assert any("same entity" in r for r in doc._.pruned)


def test_sentences_without_mentions_or_cues_give_nothing(rel_nlp):
    assert annotate(rel_nlp, "We use many tricks on many datasets.", {})._.relations == []
    doc = annotate(
        rel_nlp,
        "Quokka-L Zebranet",
        {"Zebranet": ("Model", "Zebranet"), "Quokka-L": ("Model", "Quokka-L")},
    )
    assert doc._.relations == []


def test_deterministic(rel_nlp):
    text = (
        "Zebranet: widget parsing with frobnication\n\nWe evaluate Zebranet on Alphaset and "
        "Betaset, where it outperforms Quokka-L in flurb score."
    )
    ents = {
        "Zebranet": ("Model", "Zebranet"),
        "Quokka-L": ("Model", "Quokka-L"),
        "widget parsing": ("Task", "widget parsing"),
        "frobnication": ("Method", "frobnication"),
        "Alphaset": ("Dataset", "Alphaset"),
        "Betaset": ("Dataset", "Betaset"),
        "flurb score": ("Metric", "flurb score"),
    }
    runs = [
        [
            (h.head, h.type, h.tail, h.rule)
            for h in annotate(rel_nlp, text, ents, ("Zebranet",))._.relations
        ]
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0]) >= 5


def test_phrase_syntax():
    rx = re.compile(phrase_regex("fine-tun*"), re.I)
    assert all(rx.fullmatch(s) for s in ("fine-tuned", "fine tuning", "finetune"))
    assert not rx.search("refine-tuned")
    assert re.compile(phrase_regex("based on"), re.I).search("it is Based  on X")


def _book_phrases() -> list[Phrases]:
    book = load_cue_book()
    lists = [
        book.self_reference,
        book.background,
        book.clause_break,
        book.enumeration_gap,
        book.contrast,
        book.examples,
        book.anaphora,
        book.class_anaphora,
    ]
    for rule in book.rules:
        lists += [p for p in (rule.cues, rule.doc_gate, rule.blocked_by) if p is not None]
        lists += list(rule.switch[1:]) if rule.switch else []
    return lists


BOOK_PHRASES = _book_phrases()
# pieces of text: the cue words themselves, cut words, and what can sit next to a cue
_CUE_WORDS = sorted(
    {w for p in BOOK_PHRASES for w in re.findall(r"[a-z0-9]+", p.regex.pattern) if len(w) > 1}
)
_PIECES = st.sampled_from(_CUE_WORDS) | st.sampled_from(
    [" ", " ", "  ", "-", ",", ".", "(", ")", "\n", "%", "/", "é", "x", "e.g.", "s", "ed", "_"]
)


def _same_as_plain(phrases: Phrases, text: str) -> None:
    plain = [(m.start(), m.end(), m.group()) for m in phrases.regex.finditer(text)]
    assert phrases.spans(text) == plain
    first = phrases.regex.search(text)
    assert phrases.first(text) == (first.group() if first else None)
    assert phrases.found(text) is (first is not None)


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=1, max_size=60))
def test_phrase_scanner_finds_what_the_plain_pattern_finds(pieces):
    """The fast scanner (look-behind traded for a leading character class, phrases grouped
    by first letter) gives the plain pattern's matches, on text made of cue words."""
    text = "".join(pieces)
    for phrases in BOOK_PHRASES:
        _same_as_plain(phrases, text)


def test_phrase_scanner_edge_cases():
    phrases = compile_phrases(["use*", "based on", "x-ray", "%", "-based", "a"], "test")
    texts = [
        "used",
        " a used-based on",
        "x-ray%use",
        "-based used",
        "(use)",
        "reuse a%",
        "a" * 60 + " used " + "-based " * 10 + "%%x ray xray used_ a",
    ]
    for text in texts:
        _same_as_plain(phrases, text)
    assert [t for _, _, t in phrases.spans(texts[-1])][-3:] == ["xray", "used_", "a"]
    never = compile_phrases([], "test", optional=True)
    assert never.spans("anything " * 10) == [] and not never.found("x")


def test_bad_cue_files_are_config_errors(tmp_path):
    bad = tmp_path / "cues.json"
    bad.write_text('{"relations": {"USES": [{"scope": "around", "cues": ["use"]}]}}')
    with pytest.raises(ConfigError, match="scope"):
        load_cue_book(str(bad))
    bad.write_text('{"relations": {"LIKES": []}}')
    with pytest.raises(ConfigError, match="LIKES"):
        load_cue_book(str(bad))
    bad.write_text('{"relations": \n oops')
    with pytest.raises(ConfigError, match="cues.json:2"):
        load_cue_book(str(bad))


@pytest.fixture(scope="module")
def dev_extractions(kg_nlp):
    """The whole pipeline (conftest's session `kg_nlp`) over the copy of the dev gold."""
    from kg.extraction.pipeline import extract
    from kg.models import Paper

    gold = [
        json.loads(line)
        for line in GOLD_DEV.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert "kg_relations" in kg_nlp.pipe_names
    papers = [Paper(id=g["id"], title=g["title"], abstract=g["abstract"]) for g in gold]
    return gold, list(extract(papers, kg_nlp))


@pytest.mark.slow
def test_relation_f1_on_dev_copy(dev_extractions):
    from kg.extraction.scoring import score

    gold, extractions = dev_extractions
    pred = {e.id: e.model_dump(mode="json") for e in extractions}
    figures = score({g["id"]: g for g in gold}, pred)
    assert figures["relation"].f1 >= RELATION_F1_FLOOR, (figures["relation"], RELATION_F1_TARGET)
    for e in extractions:  # provenance on every relation
        assert all(r.evidence.sentence and r.evidence.rule for r in e.relations)
