"""Tests of the extraction knowledge in extractors/: the curated category lists, the
stop-lists and head words, on short texts written for these tests."""

from __future__ import annotations

import json
from collections import defaultdict

from kg.extraction import extract
from kg.extraction.knowledge import (
    canon_key,
    curated_files,
    extractors_dir,
    read_jsonl,
    stoplist,
)
from kg.extraction.names import shouting_span
from kg.models import Paper


def entities(nlp, title: str, abstract: str) -> dict[str, str]:
    (result,) = extract([Paper(id="p1", title=title, abstract=abstract)], nlp)
    return {e.name: e.type.value for e in result.entities}


def test_curated_category_files_are_read_after_the_main_list():
    files = curated_files(extractors_dir())
    assert files[0].name == "curated.jsonl"
    names = {p.name for p in files}
    assert {"curated_methods.jsonl", "curated_models.jsonl"} <= names
    assert all(p.name.startswith("curated") and p.suffix == ".jsonl" for p in files)


def test_curated_lists_are_valid_and_consistent():
    """Every curated row loads; no name is typed two ways; no category row is dead by the
    stop-list (curated.jsonl keeps a few stop-listed words such as "attention" on purpose:
    as listed names they stop head-word phrases like "latent attention")."""
    stop = stoplist()
    types: dict[str, set[str]] = defaultdict(set)
    for n, path in enumerate(curated_files(extractors_dir())):
        for row in read_jsonl(path):
            key = canon_key(row["pattern"])
            types[key].add(row["label"])
            assert n == 0 or key not in stop, (path.name, row["pattern"])
    clashes = {k for k, v in types.items() if len(v) > 1}
    # genuine ambiguities, listed on purpose: MAE the model and the error measure,
    # VQA the data set and the task
    assert clashes <= {"mae", "vqa"}, clashes


def test_category_rows_name_their_category():
    for path in curated_files(extractors_dir())[1:]:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row.get("category") and row.get("id"), (path.name, row)


def test_curated_methods_models_and_benchmarks_are_found(kg_nlp):
    found = entities(
        kg_nlp,
        "Reasoning by reward",
        "We train DeepSeek-R1 style policies with group relative policy optimization "
        "(GRPO) after supervised fine-tuning, and apply classifier-free guidance and "
        "speculative sampling at inference. On GPQA and LiveCodeBench the policy improves "
        "pass@1, and FVD drops for the video model.",
    )
    assert found.get("DeepSeek-R1") == "Model"
    assert found.get("GRPO") == "Method"
    assert found.get("supervised fine-tuning") == "Method"
    assert found.get("classifier-free guidance") == "Method"
    assert found.get("speculative sampling") == "Method"
    assert found.get("GPQA") == "Dataset"
    assert found.get("LiveCodeBench") == "Dataset"
    assert found.get("FVD") == "Metric"


def test_capitals_run_after_a_mixed_case_prefix_is_no_name(kg_nlp):
    title = "Published as a conference paper at ICLR 2018 GATED READERS OVER INTERACTION SPACE"
    start, end = shouting_span(title + "\n\nWe read.")
    assert title[start:end] == "GATED READERS OVER INTERACTION SPACE"
    found = entities(kg_nlp, title, "We study reading comprehension with gated readers.")
    assert not {"OVER", "SPACE", "GATED", "READERS", "INTERACTION"} & set(found)
    assert found.get("reading comprehension") == "Task"


def test_acronyms_in_a_normal_title_stay_names():
    assert shouting_span("Q8BERT: Quantized 8Bit BERT\n\nWe quantize BERT.") == (0, 0)
    assert shouting_span("BERT AND GPT ARE BIG\n\nx") == (0, len("BERT AND GPT ARE BIG"))


def test_formalisms_are_not_methods(kg_nlp):
    found = entities(
        kg_nlp,
        "Parsing text into meaning graphs",
        "We parse sentences into AMR graphs and CCG derivations and translate questions "
        "to SQL queries stored in a knowledge base.",
    )
    assert not {"AMR", "CCG", "SQL", "knowledge base"} & set(found)


def test_sharing_and_clustering_heads_make_methods(kg_nlp):
    found = entities(
        kg_nlp,
        "Smaller encoders",
        "We combine cross-layer sharing with agglomerative word clustering.",
    )
    assert found.get("cross-layer sharing") == "Method"
    assert found.get("agglomerative word clustering") == "Method"


def test_compression_is_no_method_head_and_judgements_start_no_term(kg_nlp):
    found = entities(
        kg_nlp,
        "Short sentences",
        "The system yields readable compression and avoids wrong labeling and incorrect "
        "answer extraction.",
    )
    assert "readable compression" not in found
    assert "wrong labeling" not in found
    assert "incorrect answer extraction" not in found
    assert found.get("answer extraction") == "Task"
