"""The learned entity classifier (kg_entity_classifier) and its training tool."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.extraction.classifier import (
    CLASSES,
    FAMILIES,
    FORMAT,
    WEIGHTS,
    EntityClassifier,
    Weights,
    family,
    featurize,
)
from kg.resources import data_dir

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "eval" / "train"
NEVER = 1.01


def rules_only(nlp, text: str):
    """The Doc as kg_entities leaves it (the classifier not yet run)."""
    return nlp(text, disable=["kg_entity_classifier", "kg_urls", "kg_relations"])


def weights_data(weights: dict, drop: dict | None = None, retype: dict | None = None) -> dict:
    return {
        "format": FORMAT,
        "header": {"by": "written for this test"},
        "classes": list(CLASSES),
        "thresholds": {
            "drop": dict.fromkeys(CLASSES[:-1], NEVER) | (drop or {}),
            "retype": dict.fromkeys(CLASSES[:-1], NEVER) | (retype or {}),
        },
        "weights": weights,
    }


def one_hot(cls: str, value: float) -> list[float]:
    return [value if c == cls else 0.0 for c in CLASSES]


# Hand-set weights: "the X collection" says Dataset, "procedure" as the head or the next
# word says drop; everything else stays as the rules said.
TOY = weights_data(
    {
        "bias": [0.0] * len(CLASSES),
        "next=collection": one_hot("Dataset", 6.0),
        "next=procedure": one_hot("drop", 6.0),
        "head=procedure": one_hot("drop", 6.0),
    },
    drop={"Method": 0.6, "Task": 0.6},
    retype={"Method": 0.6, "Model": 0.6},
)


def test_weights_file_loads_and_matches_the_feature_set(kg_nlp):
    path = data_dir("extractors") / WEIGHTS
    data = json.loads(path.read_text(encoding="utf-8"))
    model = Weights.load(path)
    assert data["classes"] == list(CLASSES)
    assert all(len(w) == len(CLASSES) for w in data["weights"].values())
    assert {family(f) for f in data["weights"]} <= FAMILIES
    header = data["header"]
    assert header["by"].startswith("tools/train_classifier.py")
    assert not any("dev" in name for name in header["trained_on"])
    thresholds = [v for kind in data["thresholds"].values() for v in kind.values()]
    assert all(0.5 <= v <= NEVER for v in thresholds)
    # what the component computes on a paper is what the file was trained on
    doc = rules_only(kg_nlp, "A Study\n\nWe evaluate RoBERTa on the SQuAD dataset for accuracy.")
    produced = {f for *_, feats in featurize(doc) for f in feats}
    assert {family(f) for f in produced} <= FAMILIES
    assert len(produced & model.index.keys()) >= len(produced) // 2
    probs = model.probabilities([sorted(produced)])
    assert probs.shape == (1, len(CLASSES)) and abs(probs.sum() - 1.0) < 1e-9


def test_shipped_model_keeps_well_known_names_as_typed(kg_nlp):
    model = Weights.load(data_dir("extractors") / WEIGHTS)
    doc = rules_only(
        kg_nlp,
        "Notes on Training\n\nWe fine-tune BERT on SQuAD with heavy tuning and random "
        "initialization and report accuracy for machine translation.",
    )
    groups = {name: (label, feats) for name, label, _spans, feats in featurize(doc)}
    known = {"BERT": "Model", "SQuAD": "Dataset", "accuracy": "Metric"}
    known["machine translation"] = "Task"
    assert {n: groups[n][0] for n in known} == known
    for name, (label, feats) in groups.items():
        p = model.probabilities([feats]).tolist()[0]
        assert abs(sum(p) - 1.0) < 1e-9
        if name in known:
            assert model.decide(label, p, "proposed" in feats) == label
    squad = model.probabilities([groups["SQuAD"][1]]).tolist()[0]
    tuning = model.probabilities([groups["heavy tuning"][1]]).tolist()[0]
    drop = CLASSES.index("drop")
    assert tuning[drop] > squad[drop]


def test_component_types_an_unknown_name_by_its_dataset_context(kg_nlp):
    text = "A Study\n\nWe apply ZQXB to parsing. The ZQXB collection holds 5k dialogues."
    doc = rules_only(kg_nlp, text)
    assert {s.id_: s.label_ for s in doc.ents}.get("ZQXB") not in (None, "Dataset")
    EntityClassifier(weights=Weights(TOY))(doc)
    assert {s.label_ for s in doc.ents if s.id_ == "ZQXB"} == {"Dataset"}
    assert len([s for s in doc.ents if s.id_ == "ZQXB"]) == 2
    assert doc._.pruned["classifier:retype"] == 1


def test_component_drops_a_generic_phrase_but_never_a_contribution(kg_nlp):
    text = (
        "Sparse Procedure\n\nWe propose Sparse Procedure, a training procedure. "
        "A sampling procedure is used for machine translation."
    )
    doc = rules_only(kg_nlp, text)
    before = {s.id_: s.label_ for s in doc.ents}
    assert "sampling" in before and "Sparse Procedure" in doc._.proposes
    EntityClassifier(weights=Weights(TOY))(doc)
    after = {s.id_: s.label_ for s in doc.ents}
    assert "sampling" not in after
    assert "Sparse Procedure" in after
    assert after["machine translation"] == before["machine translation"]
    assert doc._.pruned["classifier:drop"] >= 1


def test_component_leaves_doc_alone_below_thresholds(kg_nlp):
    text = "A Study\n\nWe apply ZQXB to parsing. A sampling procedure is used on ZQXB collection."
    doc = rules_only(kg_nlp, text)
    before = [(s.start, s.end, s.label_, s.id_) for s in doc.ents]
    cautious = weights_data(TOY["weights"])  # every threshold "never"
    EntityClassifier(weights=Weights(cautious))(doc)
    assert [(s.start, s.end, s.label_, s.id_) for s in doc.ents] == before


def test_bad_weights_file_is_a_config_error(tmp_path):
    path = tmp_path / "entity_classifier.json"
    path.write_text(json.dumps(weights_data({"bias": [0.0, 1.0]})), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Weights.load(path)
    assert str(path) in str(err.value)


def test_folder_without_weights_runs_without_classifier(tmp_path):
    assert EntityClassifier(folder=str(tmp_path)).model is None


def test_training_tool_runs_end_to_end_on_a_slice(tmp_path):
    out = tmp_path / "weights.json"
    cmd = [sys.executable, str(ROOT / "tools" / "train_classifier.py"), "--no-holdout"]
    cmd += ["--limit", "6", "--folds", "0", "1", "2", "--out", str(out)]
    cmd += ["--work", str(tmp_path / "work"), "--train", str(TRAIN)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "nested CV mean: entity=" in done.stdout
    model = Weights.load(out)
    assert model.header["candidates"] > 20
    assert model.header["trained_on"][0].endswith("gold_train_0.jsonl")
    assert "bias" in model.index and {family(f) for f in model.index} <= FAMILIES
