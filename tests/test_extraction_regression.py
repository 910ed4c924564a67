"""Regression test: the whole extraction over the copy of the dev gold in tests/data,
scored by the rules of eval/score.py (kg.extraction.scoring). Fails below the bars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extraction import extract
from kg.extraction.scoring import TYPES, score
from kg.models import Paper

GOLD_DEV = Path(__file__).parent / "data" / "gold_dev.jsonl"
ENTITY_F1_BAR = 0.75
TYPE_F1_BAR = 0.60
PROPOSES_F1_BAR = 0.80


@pytest.fixture(scope="module")
def dev_figures(kg_nlp):
    gold = {}
    for line in GOLD_DEV.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["id"]] = rec
    papers = [Paper(id=k, title=g["title"], abstract=g["abstract"]) for k, g in gold.items()]
    pred = {e.id: e.model_dump(mode="json") for e in extract(papers, kg_nlp)}
    figures = score(gold, pred)
    print("dev figures:", {k: round(v.f1, 3) for k, v in figures.items()})  # relation F1 too
    return figures


@pytest.mark.slow
def test_entity_f1_overall(dev_figures):
    assert dev_figures["entity"].f1 >= ENTITY_F1_BAR, dev_figures["entity"]


@pytest.mark.slow
@pytest.mark.parametrize("etype", TYPES)
def test_entity_f1_per_type(dev_figures, etype):
    assert dev_figures[f"entity {etype}"].f1 >= TYPE_F1_BAR, dev_figures[f"entity {etype}"]


@pytest.mark.slow
def test_proposes_f1(dev_figures):
    assert dev_figures["proposes"].f1 >= PROPOSES_F1_BAR, dev_figures["proposes"]
