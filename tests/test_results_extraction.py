"""The results component (kg_results): each result form on invented sentences, what is
not a result, the cue book's errors, and a regression floor on the held-out annotations
(data/heldout/: 40 training abstracts and 24 bundled-corpus abstracts annotated for results)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

from kg.errors import ConfigError
from kg.extraction import extract
from kg.extraction.extensions import register_extensions
from kg.extraction.results.component import _benchmarks_after_on, doc_mentions
from kg.extraction.results.context import Mention
from kg.extraction.results.cues import load_cues, parse_cues
from kg.extraction.results.finder import Found, SentenceResults
from kg.extraction.results.scoring import score_results
from kg.models import Paper
from kg.types import PAPER_HEAD, EntityType

HELDOUT_DIR = Path(__file__).parents[1] / "data" / "heldout"
DATA = Path(__file__).parents[1] / "extractors"
# subject+value F1 and full F1 (also kind, metric, dataset) on each held-out annotation:
# today's figures less a margin (train40: 0.89 / 0.78; hf24: 0.81 / 0.60; hf16: 0.90 / 0.60)
HELDOUT_FLOORS = {
    "results_strict35.jsonl": (0.65, 0.58),  # 0.71 / 0.64
    "results_strict18m.jsonl": (0.74, 0.68),  # 0.80 / 0.73
    "results_train40.jsonl": (0.84, 0.72),
    "results_hf24.jsonl": (0.75, 0.55),
    "results_hf16.jsonl": (0.84, 0.54),
}

T = EntityType


def find(
    text: str, names: dict[str, T], proposed: tuple[str, ...] = (), contribution: str = PAPER_HEAD
) -> list[Found]:
    """Results of one sentence whose mentions are the given names (first occurrence each)."""
    mentions = []
    for name, etype in names.items():
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), etype, name, name in proposed))
    return SentenceResults(text, mentions, load_cues(), contribution).find()


def brief(found: list[Found]) -> list[tuple]:
    return [(f.subject, f.value, f.unit, f.kind, f.metric, f.dataset) for f in found]


def test_absolute_score_with_metric_and_dataset() -> None:
    text = "Our Zorblat-L reaches 86.5% top-1 accuracy on ImageNet-1k."
    found = find(text, {"Zorblat-L": T.MODEL, "top-1 accuracy": T.METRIC, "ImageNet-1k": T.DATASET})
    assert brief(found) == [("Zorblat-L", "86.5", "%", "absolute", "top-1 accuracy", "ImageNet-1k")]
    assert text[found[0].start : found[0].end] == "86.5%"


def test_speedup_against_a_named_system_is_relative() -> None:
    found = find(
        "QuillAttn is 3.5× faster than FlashAttention on long inputs.",
        {"QuillAttn": T.METHOD, "FlashAttention": T.METHOD},
        proposed=("QuillAttn",),
    )
    assert [(f.subject, f.value, f.unit, f.kind, f.compared_to) for f in found] == [
        ("QuillAttn", "3.5", "x", "relative", "FlashAttention")
    ]


def test_share_of_the_teacher_is_relative_to_the_teacher() -> None:
    found = find(
        "Trimlet maintains 98% of its teacher's performance on GLUE.",
        {"Trimlet": T.MODEL, "GLUE": T.DATASET},
    )
    assert [(f.subject, f.value, f.kind, f.dataset, f.compared_to) for f in found] == [
        ("Trimlet", "98", "relative", "GLUE", "teacher")
    ]


def test_gain_in_points_over_the_state_of_the_art() -> None:
    found = find(
        "We improve the state of the art by +2.65 points in BLEU.",
        {"BLEU": T.METRIC},
        contribution="Wibble",
    )
    assert [(f.subject, f.value, f.unit, f.kind, f.metric, f.compared_to) for f in found] == [
        ("Wibble", "2.65", "points", "relative", "BLEU", "state-of-the-art")
    ]


def test_metric_beside_a_bare_number() -> None:
    found = find(
        "The parser obtains an F1 score of 93.55 and a BLEU of 33.8 on FooBank.",
        {"F1": T.METRIC, "BLEU": T.METRIC, "FooBank": T.DATASET},
    )
    assert [(f.value, f.unit, f.kind, f.metric) for f in found] == [
        ("93.55", None, "absolute", "F1"),
        ("33.8", None, "absolute", "BLEU"),
    ]


def test_a_comparative_before_a_metric_is_relative_and_not_part_of_its_name() -> None:
    found = find(
        "Compared to Blorpnet-S, our Zorbit-M2 achieves 1.8% superior accuracy.",
        {"Blorpnet-S": T.MODEL, "Zorbit-M2": T.MODEL, "superior accuracy": T.METRIC},
        proposed=("Zorbit-M2",),
    )
    assert [(f.value, f.kind, f.metric, f.compared_to) for f in found] == [
        ("1.8", "relative", "accuracy", "Blorpnet-S")
    ]


def test_a_metric_written_after_an_earlier_figure_is_that_figures_metric() -> None:
    found = find(
        "Quorx gains 22.08 BLEU and 14.39 CodeBLEU, with 2.75% higher compile accuracy.",
        {"Quorx": T.METHOD, "BLEU": T.METRIC, "CodeBLEU": T.METRIC, "compile accuracy": T.METRIC},
        proposed=("Quorx",),
    )
    assert [(f.value, f.metric) for f in found] == [
        ("22.08", "BLEU"),
        ("14.39", "CodeBLEU"),
        ("2.75", "compile accuracy"),
    ]


def test_what_a_score_is_on_is_a_benchmark_even_when_untyped_or_typed_a_model() -> None:
    text = "Blip gains +14.4% on Zork-Hard and +3% on Quux-R, and OOD robustness on Quux-R2."
    typed = [
        Mention(text.index("Quux-R,"), text.index("Quux-R,") + 6, T.MODEL, "Quux-R"),
        Mention(text.index("OOD"), text.index("OOD") + 14, T.METRIC, "OOD robustness"),
        Mention(text.index("Quux-R2"), text.index("Quux-R2") + 7, T.MODEL, "Quux-R2"),
    ]
    mentions = _benchmarks_after_on(text, typed)
    assert sorted((m.name, m.type) for m in mentions if m.type is T.DATASET) == [
        ("Quux-R", T.DATASET),
        ("Quux-R2", T.DATASET),
        ("Zork-Hard", T.DATASET),
    ]
    found = SentenceResults(text, sorted(mentions, key=lambda m: m.start), load_cues()).find()
    assert [(f.value, f.dataset) for f in found] == [("14.4", "Zork-Hard"), ("3", "Quux-R")]
    tuned = _benchmarks_after_on("Fine-tuned on FooQA-v1.1 we reach 40x compression.", [])
    assert [(m.name, m.type) for m in tuned] == [("FooQA-v1.1", T.DATASET)]
    # a model after "on" with no figure or metric before it stays a model
    kept = _benchmarks_after_on("We fine-tune on Quux-R.", [Mention(16, 22, T.MODEL, "Quux-R")])
    assert [m.type for m in kept] == [T.MODEL]


def test_a_degradation_is_relative() -> None:
    found = find(
        "Zorbit keeps its skills, with minimal degradation (<4.3% on FooQA).",
        {"Zorbit": T.METHOD, "FooQA": T.DATASET},
        proposed=("Zorbit",),
    )
    assert [(f.subject, f.value, f.kind, f.dataset) for f in found] == [
        ("Zorbit", "4.3", "relative", "FooQA")
    ]


def test_ranges_half_and_respectively() -> None:
    found = find(
        "Snip reduces memory by 40–60% and cuts latency by half.",
        {"Snip": T.METHOD},
        proposed=("Snip",),
    )
    assert [(f.value, f.unit, f.kind) for f in found] == [
        ("60", "%", "relative"),
        ("50", "%", "relative"),
    ]
    found = find(
        "On AlphaSet and BetaSet it reaches 71.2% and 64.0% accuracy, respectively.",
        {"AlphaSet": T.DATASET, "BetaSet": T.DATASET, "accuracy": T.METRIC},
    )
    assert [(f.value, f.dataset) for f in found] == [("71.2", "AlphaSet"), ("64.0", "BetaSet")]


def test_sizes_budgets_counts_years_and_ratios_are_not_results() -> None:
    text = (
        "In 2023 we train an 8B parameters model on 3.5T tokens with 2:4 sparsity, 4-bit "
        "weights and 12 tasks over 3 days on 64 GPUs (Table 2), using 10% of the "
        "training data."
    )
    assert find(text, {}) == []


def test_a_baseline_figure_is_not_the_subject_result() -> None:
    found = find(
        "Glim achieves 90.9% accuracy compared to 89.4% for the previous best.",
        {"Glim": T.MODEL, "accuracy": T.METRIC},
    )
    assert [f.value for f in found] == ["90.9"]


def test_named_subject_before_we_and_after_a_baseline_cue() -> None:
    found = find(
        "Pre-trained on BigSet, our Kestrel-B obtains 87.7% accuracy.",
        {"BigSet": T.DATASET, "Kestrel-B": T.MODEL, "accuracy": T.METRIC},
    )
    assert [f.subject for f in found] == ["Kestrel-B"]
    found = find(
        "It outperforms RoBERTa by 1.5 points.", {"RoBERTa": T.MODEL}, contribution="Wibble"
    )
    assert [(f.subject, f.compared_to) for f in found] == [("Wibble", "RoBERTa")]


def test_a_named_baseline_figure_is_a_result_of_that_system() -> None:
    found = find(
        "Vexa reaches 100% validity compared to 95.5% with Drogo.",
        {"Vexa": T.MODEL, "Drogo": T.MODEL},
        proposed=("Vexa",),
    )
    assert [(f.subject, f.value, f.kind) for f in found] == [
        ("Vexa", "100", "absolute"),
        ("Drogo", "95.5", "absolute"),
    ]


def test_respectively_pairs_metrics_and_a_list_gives_its_first_dataset() -> None:
    found = find(
        "Parlo achieves relative gains of 6.7% and 3.5% in accuracy and BLEU, respectively.",
        {"Parlo": T.MODEL, "accuracy": T.METRIC, "BLEU": T.METRIC},
    )
    assert [(f.value, f.metric) for f in found] == [("6.7", "accuracy"), ("3.5", "BLEU")]
    found = find(
        "Experiments on GLUE and SQuAD show that Axo is up to 4.5% more accurate.",
        {"GLUE": T.DATASET, "SQuAD": T.DATASET, "Axo": T.METHOD},
        proposed=("Axo",),
    )
    assert [(f.subject, f.dataset) for f in found] == [("Axo", "GLUE")]


def test_a_slash_list_pairs_with_lists_of_systems_and_datasets() -> None:
    found = find(
        "Pre-training a Bertix and T9 model on it costs only 1.9%/2.5% on the GLUE and SNI sets.",
        {"Bertix": T.MODEL, "T9": T.MODEL, "GLUE": T.DATASET, "SNI": T.DATASET},
    )
    assert [(f.subject, f.value, f.dataset) for f in found] == [
        ("Bertix", "1.9", "GLUE"),
        ("T9", "2.5", "SNI"),
    ]


def test_a_dataset_before_the_figure_wins_over_the_next_item_of_a_list() -> None:
    found = find(
        "Our Kmax reaches 58.0% PQ on COCO, and Cityscapes val set with 68.4% PQ.",
        {"Kmax": T.MODEL, "PQ": T.METRIC, "COCO": T.DATASET, "Cityscapes": T.DATASET},
    )
    assert [(f.value, f.dataset) for f in found] == [("58.0", "COCO"), ("68.4", "Cityscapes")]
    found = find(
        "It reaches a new best on COCO val set with 58.0% PQ, Cityscapes val set with 68.4% PQ.",
        {"PQ": T.METRIC, "COCO": T.DATASET, "Cityscapes": T.DATASET},
    )
    assert [(f.value, f.dataset) for f in found] == [("58.0", "COCO"), ("68.4", "Cityscapes")]


def test_a_gain_listed_after_a_gain_stays_relative_across_a_metric_name() -> None:
    found = find(
        "Graph5 beats T5-large by 5.7% on exact match and 6.6% on execution accuracy.",
        {"Graph5": T.MODEL, "exact match": T.METRIC, "execution accuracy": T.METRIC},
        proposed=("Graph5",),
    )
    assert [(f.value, f.kind) for f in found] == [("5.7", "relative"), ("6.6", "relative")]


def test_a_reduction_names_what_it_measures_when_no_metric_is_named() -> None:
    found = find(
        "Fpdx reduces pre-training compute by around 1,000 times compared to MLM.",
        {"Fpdx": T.METHOD, "MLM": T.METHOD},
        proposed=("Fpdx",),
    )
    assert [(f.value, f.metric) for f in found] == [("1000", "pre-training compute")]
    found = find(
        "Our method proves competitive with a 4x reduction in computation and memory cost.", {}
    )
    assert [(f.value, f.metric) for f in found] == [("4", "computation and memory cost")]
    found = find("It shows a 0.6 point decrease in performance.", {})
    assert [(f.value, f.metric) for f in found] == [("0.6", None)]


def test_the_system_our_names_or_the_clause_names_reports_the_figure() -> None:
    found = find(
        "With our sparse pre-trained Kestrel-L we achieve a compression ratio of 40x.",
        {"Kestrel-L": T.MODEL},
    )
    assert [f.subject for f in found] == ["Kestrel-L"]
    found = find(
        "We find that simple classifiers, like Bayesio, achieve a detection accuracy of 0.8.",
        {"Bayesio": T.METHOD, "detection accuracy": T.METRIC},
    )
    assert [(f.subject, f.value) for f in found] == [("Bayesio", "0.8")]


def test_other_occurrences_of_a_proposed_name_are_mentions() -> None:
    register_extensions()
    doc = spacy.blank("en")("Primo is new. Then Primo improves T5 while Primos differ.")
    doc.ents = [Span(doc, 0, 1, label="Model")]
    doc._.proposes = ["Primo"]
    mentions = doc_mentions(doc, doc.text)
    assert [(m.start, m.name, m.proposed) for m in mentions] == [
        (0, "Primo", True),
        (19, "Primo", True),
    ]


def test_the_pipeline_writes_results_with_offsets(kg_nlp) -> None:
    paper = Paper(
        id="t1",
        title="Glimmer: fast attention",
        abstract="We propose Glimmer. Glimmer is 3.5x faster than BERT and reaches "
        "82.1% accuracy on GLUE.",
    )
    (x,) = extract([paper], kg_nlp)
    values = {(r.value, r.kind.value) for r in x.results}
    assert {("3.5", "relative"), ("82.1", "absolute")} <= values
    for r in x.results:
        assert r.value in paper.text[r.evidence.start : r.evidence.end]
        assert r.value in r.evidence.sentence


def test_bad_cue_book_names_the_file_and_key(tmp_path: Path) -> None:
    data = json.loads((DATA / "result_cues.json").read_text(encoding="utf-8"))
    with pytest.raises(ConfigError) as err:
        parse_cues({**data, "self_reference": "(unclosed"}, "cues.json")
    assert "cues.json" in err.value.render() and "self_reference" in err.value.render()
    (tmp_path / "result_cues.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_cues(str(tmp_path))


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_heldout_results_stay_above_the_floor(kg_nlp, name: str) -> None:
    gold = {}
    for line in (HELDOUT_DIR / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold[record["id"]] = record
    papers = [Paper(id=k, title=g["title"], abstract=g["abstract"]) for k, g in gold.items()]
    pred = {x.id: x.model_dump(mode="json") for x in extract(papers, kg_nlp)}
    figures = score_results(gold, pred)
    floor, full_floor = HELDOUT_FLOORS[name]
    assert figures["result"].f1 >= floor
    assert figures["result full"].f1 >= full_floor
