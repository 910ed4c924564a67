#!/usr/bin/env python3
"""Train the entity classifier (kg/extraction/classifier.py) on the annotated train folds.

    pip download transformers==4.57.1 --no-deps -d /tmp/tf   # model names for the lexicons
    python tools/train_classifier.py --transformers /tmp/tf/transformers-4.57.1-py3-none-any.whl

One command retrains after the rules or lexicons change. It
1. builds five held-out extractor folders WORK/cv{k} (tools/build_lexicons.py --holdout
   gold_train_k, with extractors/*.json, *.txt and curated*.jsonl copied beside the
   lexicon), so the candidates of fold k look like those of an unseen paper (stacking);
2. runs the pipeline up to kg_entities over fold k with WORK/cv{k} and labels each entity
   by the gold: the type of the gold entity whose forms (name, aliases, family, singular,
   as the scorer matches them) hold its normalised name, else "drop";
3. nested cross-validation: for each fold k, fits a multinomial logistic regression on
   the other four folds, picks the drop and retype thresholds on their inner held-out
   predictions, and scores fold k before/after (printed per type); the fold-k model is
   written to WORK/cv{k}/classifier/ so `tools/evaluate.py --extractors WORK/cv{k}` gives
   the same held-out figure;
4. fits on all five folds, with thresholds chosen on the five outer held-out predictions,
   and writes extractors/classifier/entity_classifier.json (header: folds, candidates,
   settings, held-out figures).
The dev gold is never read. Fitting is numpy gradient descent (no scikit-learn).
`--no-holdout` uses the shipped extractors for every fold (fast, leaky: smoke tests only);
`--limit N` keeps N papers per fold.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from spacy.language import Language

from kg.extraction import build_nlp
from kg.extraction.classifier import CLASSES, FORMAT, WEIGHTS, featurize
from kg.extraction.scoring import TYPES, forms, norm, score

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "data" / "train"
SKIP = ("kg_entity_classifier", "kg_urls", "kg_relations")
Row = dict  # fold, paper, name, label, features, target, proposed


def read_gold(path: Path, limit: int | None) -> dict[str, dict]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["id"]] = rec
    return dict(list(gold.items())[:limit]) if limit else gold


def build_folders(work: Path, folds: list[int], wheel: Path | None) -> None:
    """WORK/cv{k}: extractors/ data with lexicons built without gold_train_k."""
    procs = []
    for k in folds:
        d = work / f"cv{k}"
        d.mkdir(parents=True, exist_ok=True)
        for pattern in ("*.json", "*.txt", "curated*.jsonl"):
            for src in (ROOT / "extractors").glob(pattern):
                shutil.copy(src, d / src.name)
        cmd = [sys.executable, str(ROOT / "tools" / "build_lexicons.py"), "--holdout"]
        cmd += [f"gold_train_{k}", "--out", str(d / "lexicon")]
        cmd += ["--transformers", str(wheel)] if wheel else []
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL))
    if any(p.wait() for p in procs):
        raise SystemExit("tools/build_lexicons.py failed")


def target_of(name: str, label: str, gold: dict) -> str:
    types = [
        e["type"] for e in gold["entities"] if norm(name) in forms(e["name"], e.get("aliases", []))
    ]
    if not types:
        return "drop"
    return label if label in types else types[0]


@functools.cache
def pipeline(folder: str | None) -> Language:
    return build_nlp(extractors=folder)


def candidate_rows(fold: int, gold: dict[str, dict], folder: str | None) -> list[Row]:
    """The entities the rules find in the fold's papers, with features and gold target."""
    nlp = pipeline(folder)
    texts = ((f"{g['title']}\n\n{g['abstract']}", key) for key, g in gold.items())
    rows = []
    for doc, key in nlp.pipe(
        texts, as_tuples=True, disable=[p for p in SKIP if p in nlp.pipe_names]
    ):
        for name, label, _spans, feats in featurize(doc, folder):
            rows.append(
                {
                    "fold": fold,
                    "paper": key,
                    "name": name,
                    "label": label,
                    "features": feats,
                    "target": target_of(name, label, gold[key]),
                    "proposed": "proposed" in feats,
                }
            )
    return rows


def fit(rows: list[Row], l2: float, min_count: int, steps: int = 400) -> dict[str, list[float]]:
    """Multinomial logistic regression, L2-penalised (not the bias), full-batch Adam."""
    counts: dict[str, int] = {}
    for r in rows:
        for f in r["features"]:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= min_count or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    active = [[index[f] for f in r["features"] if f in index] for r in rows]
    flat = np.array([i for ids in active for i in ids])  # sparse binary design matrix
    row_of = np.repeat(np.arange(len(rows)), [len(ids) for ids in active])
    offsets = np.cumsum([0] + [len(ids) for ids in active[:-1]])
    y = np.zeros((len(rows), len(CLASSES)))
    y[np.arange(len(rows)), [CLASSES.index(r["target"]) for r in rows]] = 1.0
    w = np.zeros((len(vocab), len(CLASSES)))
    penalty = np.full((len(vocab), 1), l2)
    penalty[index["bias"]] = 0.0
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        z = np.add.reduceat(w[flat], offsets, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y)[row_of]
        grad = np.stack(
            [np.bincount(flat, weights=g[:, c], minlength=len(vocab)) for c in range(len(CLASSES))],
            axis=1,
        )
        grad = (grad + penalty * w) / len(rows)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return {f: [round(float(a), 4) for a in w[i]] for f, i in index.items()}


def probabilities(weights: dict[str, list[float]], rows: list[Row]) -> np.ndarray:
    out = np.zeros((len(rows), len(CLASSES)))
    for i, r in enumerate(rows):
        for f in r["features"]:
            if f in weights:
                out[i] += weights[f]
    out -= out.max(axis=1, keepdims=True)
    out = np.exp(out)
    return out / out.sum(axis=1, keepdims=True)


def decide(label: str, p: np.ndarray, proposed: bool, thresholds: dict) -> str:
    """Same rule as kg.extraction.classifier.Weights.decide."""
    order = np.argsort(-p, kind="stable")
    best = order[1] if proposed and CLASSES[order[0]] == "drop" else order[0]
    choice = CLASSES[best]
    if choice == label:
        return label
    threshold = thresholds["drop" if choice == "drop" else "retype"][label]
    return choice if p[best] >= threshold else label


def figures(
    rows: list[Row], gold: dict[str, dict], probs: np.ndarray | None, thresholds: dict
) -> dict[str, float]:
    """Entity F1 (overall and per type) of the rows' entities, after the decisions."""
    pred: dict[str, dict] = {key: {"entities": []} for key in gold}
    for i, r in enumerate(rows):
        label = (
            r["label"] if probs is None else decide(r["label"], probs[i], r["proposed"], thresholds)
        )
        if label != "drop":
            pred[r["paper"]]["entities"].append({"name": r["name"], "type": label})
    got = score(gold, pred)
    return {"entity": got["entity"].f1} | {t: got[f"entity {t}"].f1 for t in TYPES}


GRID = (0.5, 0.6, 0.7, 0.8, 0.9, NEVER := 1.01)
KINDS = ("drop", "retype")
MIN_GAIN = 0.002  # entity F1 an override must add on held-out data to be allowed
MIN_CHANGES = 10  # ... and the entities it must change there (types with few examples stay)


def changes(rows: list[Row], probs: np.ndarray, thresholds: dict, kind: str, label: str) -> int:
    """How many entities typed `label` by the rules the thresholds drop (or retype)."""
    n = 0
    for r, p in zip(rows, probs, strict=True):
        if r["label"] == label:
            choice = decide(label, p, r["proposed"], thresholds)
            n += choice != label and (choice == "drop") == (kind == "drop")
    return n


def never() -> dict:
    return {kind: dict.fromkeys(TYPES, NEVER) for kind in KINDS}


def choose_thresholds(rows: list[Row], probs: np.ndarray, gold: dict) -> dict:
    """Per kind of override and type the rules gave, the threshold with the best entity
    F1 on held-out predictions (coordinate ascent from "never"). A threshold below never
    is kept only when it adds at least MIN_GAIN and changes at least MIN_CHANGES
    entities: types the training folds hold few examples of (Model, in NLP abstracts)
    stay as the rules say."""
    chosen = never()
    current = figures(rows, gold, probs, chosen)["entity"]
    for _ in range(2):
        for kind in KINDS:
            for label in TYPES:
                trials = []
                for value in GRID:
                    trial = {k: dict(v) for k, v in chosen.items()}
                    trial[kind][label] = value
                    if value < NEVER and changes(rows, probs, trial, kind, label) < MIN_CHANGES:
                        continue
                    trials.append(
                        (round(figures(rows, gold, probs, trial)["entity"], 6), value, trial)
                    )
                f1, value, trial = max(trials, key=lambda x: x[:2])  # ties: more conservative
                was_allowed = chosen[kind][label] < NEVER
                if f1 >= current + MIN_GAIN or (was_allowed and f1 >= current):
                    chosen, current = trial, f1
    return chosen


def held_out(rows: list[Row], gold: dict, folds: list[int], a: argparse.Namespace) -> tuple:
    """Out-of-fold probabilities over `folds` (each fold predicted by a model fitted on
    the others), the models, and the rows in fold order."""
    ordered, parts, models = [], [], {}
    for k in folds:
        train = [r for r in rows if r["fold"] in folds and r["fold"] != k]
        test = [r for r in rows if r["fold"] == k]
        models[k] = fit(train, a.l2, a.min_count)
        ordered += test
        parts.append(probabilities(models[k], test))
    return ordered, np.vstack(parts) if parts else np.zeros((0, len(CLASSES))), models


def write_weights(path: Path, weights: dict, thresholds: dict, header: dict) -> None:
    """The weights file: readable header, then one feature per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    top = {"format": FORMAT, "header": header, "classes": list(CLASSES), "thresholds": thresholds}
    lines = [f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(w)}" for f, w in weights.items()]
    text = json.dumps(top, indent=1, ensure_ascii=False)[:-2]
    text += ',\n "weights": {\n' + ",\n".join(lines) + "\n }\n}\n"
    path.write_text(text, encoding="utf-8")


def compact(thresholds: dict) -> str:
    return (
        " ".join(
            f"{kind}:{t}={v}" for kind in KINDS for t, v in thresholds[kind].items() if v < NEVER
        )
        or "never"
    )


def show(title: str, before: dict, after: dict) -> None:
    cols = " ".join(f"{t}={before[t]:.3f}->{after[t]:.3f}" for t in ("entity", *TYPES))
    print(f"{title}: {cols}")


def nested_cv(rows: list[Row], gold: dict, folds: list[int], a: argparse.Namespace) -> list:
    """Score each outer fold with a model and thresholds chosen without it."""
    outer = []
    for k in folds:
        inner = [j for j in folds if j != k]
        thresholds = never()
        if len(inner) > 1:
            thresholds = choose_thresholds(*held_out(rows, gold, inner, a)[:2], gold=gold)
        weights = fit([r for r in rows if r["fold"] != k], a.l2, a.min_count)
        test = [r for r in rows if r["fold"] == k]
        fold_gold = {key: g for key, g in gold.items() if g["_fold"] == k}
        before = figures(test, fold_gold, None, never())
        after = figures(test, fold_gold, probabilities(weights, test), thresholds)
        show(f"fold {k}", before, after)
        print("  thresholds", compact(thresholds))
        if a.work_weights:
            header = {"trained_on": [f"gold_train_{j}" for j in inner], "fold_model": k}
            write_weights(a.work / f"cv{k}" / WEIGHTS, weights, thresholds, header)
        outer.append((k, thresholds, before, after))
    return outer


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--folds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-train-classifier"))
    ap.add_argument("--transformers", type=Path, default=None, help="wheel for build_lexicons")
    ap.add_argument("--out", type=Path, default=ROOT / "extractors" / WEIGHTS)
    ap.add_argument("--no-holdout", action="store_true", help="shipped lexicons (leaky, tests)")
    ap.add_argument("--skip-build", action="store_true", help="reuse WORK/cv*")
    ap.add_argument("--limit", type=int, default=None, help="papers per fold")
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--no-work-weights", dest="work_weights", action="store_false")
    a = ap.parse_args()
    if not (a.no_holdout or a.skip_build):
        build_folders(a.work, a.folds, a.transformers)
    gold, rows = {}, []
    for k in a.folds:
        fold_gold = read_gold(a.train / f"gold_train_{k}.jsonl", a.limit)
        gold |= {key: g | {"_fold": k} for key, g in fold_gold.items()}
        folder = None if a.no_holdout else str(a.work / f"cv{k}")
        if folder:  # the candidates are the rules' alone: no earlier fold model
            shutil.rmtree(Path(folder) / WEIGHTS.parent, ignore_errors=True)
        rows += candidate_rows(k, fold_gold, folder)
    a.work_weights = a.work_weights and not a.no_holdout
    counts = {c: sum(r["target"] == c for r in rows) for c in CLASSES}
    print(f"{len(rows)} candidate entities in {len(gold)} papers; targets {counts}")
    outer = nested_cv(rows, gold, a.folds, a)
    ordered, probs, _ = held_out(rows, gold, a.folds, a)
    thresholds = choose_thresholds(ordered, probs, gold) if len(a.folds) > 1 else never()
    before = figures(ordered, gold, None, never())
    after = {key: sum(o[3][key] for o in outer) / len(outer) for key in ("entity", *TYPES)}
    show("nested CV mean", {k: sum(o[2][k] for o in outer) / len(outer) for k in after}, after)
    header = {
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "by": "tools/train_classifier.py" + (" --no-holdout" if a.no_holdout else ""),
        "trained_on": [f"{a.train.name}/gold_train_{k}.jsonl" for k in a.folds],
        "candidates": len(rows),
        "targets": counts,
        "stacking": "each fold's candidates extracted with lexicons built without that fold",
        "l2": a.l2,
        "min_count": a.min_count,
        "thresholds_from": "out-of-fold predictions on the training folds (never dev)",
        "train_entity_f1_rules_pooled": round(before["entity"], 4),
        "nested_cv_entity_f1": {
            "before": round(sum(o[2]["entity"] for o in outer) / len(outer), 4),
            "after": round(after["entity"], 4),
        },
    }
    write_weights(a.out, fit(rows, a.l2, a.min_count), thresholds, header)
    print(f"thresholds {compact(thresholds)}; wrote {a.out}")


if __name__ == "__main__":
    main()
