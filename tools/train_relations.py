#!/usr/bin/env python3
"""Train the relation classifier (kg/extraction/relations/classifier.py) on the train folds.

    python tools/train_classifier.py --work /tmp/kg-cv ...   # held-out entity folders
    python tools/train_relations.py --work /tmp/kg-cv

One command retrains after the cue rules change. It
1. runs the extraction over each training fold k (data/train/gold_train_k.jsonl) with the
   extractor folder WORK/cv{k} (lexicons and entity classifier built without fold k, as
   tools/train_classifier.py leaves them), so the entities look like those of an unseen
   paper; `--no-holdout` uses the shipped extractors (leaky: smoke tests only);
2. collects the cue rules' candidate triples with their features and labels each by the
   gold, matched as eval/score.py matches (aliases, families, `@paper`);
3. cross-validation over the five folds: fits a logistic regression on four, picks the
   threshold on their inner out-of-fold predictions, keeps fold k's triples above it and
   scores fold k with the scorer's rules, per relation type, against the rules alone;
4. fits on all five folds, threshold from the five outer out-of-fold predictions, and
   writes extractors/classifier/relation_classifier.json (header: held-out figures).
The dev gold is never read. Fitting is numpy gradient descent on sparse binary features.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from train_classifier import read_gold  # the same gold reader (tools/ is on sys.path)

from kg.extraction import build_nlp
from kg.extraction.relations.classifier import FORMAT, WEIGHTS, Support, triple_features
from kg.extraction.relations.component import RelationExtractor
from kg.extraction.scoring import PRF, forms, norm, score
from kg.types import RelationType

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "data" / "train"
PASSTHROUGH = ("COMPRESSES",)  # no training example: the rules decide
Row = dict  # fold, paper, key, features, label


def gold_triples(g: dict) -> list[tuple[set[str], str, set[str]]]:
    """The gold relations as (head forms, type, tail forms), as the scorer reads them: a
    head that is one of the paper's proposed names also holds "@paper"."""
    alias: dict[str, set[str]] = {}
    for e in g["entities"]:
        fs = forms(e["name"], e.get("aliases", []))
        for f in fs:
            alias.setdefault(f, set()).update(fs)
    prop = set().union(*[alias.get(norm(x), {norm(x)}) for x in g.get("proposes", [])] or [set()])

    def ends(name: str) -> set[str]:
        if name == "@paper":
            return {"@paper"} | prop
        out = alias.get(norm(name), {norm(name)})
        return out | {"@paper"} if out & prop else out

    return [(ends(h), t, ends(x)) for h, t, x in g.get("relations", [])]


def is_gold(key: tuple[str, RelationType, str], gold: list) -> bool:
    head = "@paper" if key[0] == "@paper" else norm(key[0])
    return any(t == key[1].value and head in h and norm(key[2]) in x for h, t, x in gold)


def candidate_rows(fold: int, gold: dict[str, dict], folder: str | None) -> list[Row]:
    nlp = build_nlp(extractors=folder)
    ext: RelationExtractor = nlp.get_pipe("kg_relations")
    texts = ((f"{g['title']}\n\n{g['abstract']}", key) for key, g in gold.items())
    rows = []
    for doc, key in nlp.pipe(texts, as_tuples=True, disable=["kg_relations"]):
        found = ext.candidates(doc, Counter())
        feats = features_of(found, ext)
        truth = gold_triples(gold[key])
        for triple, f in feats.items():
            rows.append(
                {
                    "fold": fold,
                    "paper": key,
                    "key": triple,
                    "features": f,
                    "label": int(is_gold(triple, truth)),
                }
            )
    return rows


def features_of(found: dict, ext: RelationExtractor) -> dict:
    pairs: dict[tuple[str, str], set[RelationType]] = {}
    for head, relation, tail in found:
        pairs.setdefault((head, tail), set()).add(relation)
    supports: list[Support] = [s for ss in found.values() for s in ss if s.view]
    last = max((s.index for s in supports), default=0)
    return {k: triple_features(ss, ext.book, last, pairs[(k[0], k[2])]) for k, ss in found.items()}


def fit(rows: list[Row], l2: float, min_count: int, steps: int = 300) -> dict[str, float]:
    """Binary logistic regression, L2-penalised (not the bias), full-batch Adam."""
    counts = Counter(f for r in rows for f in r["features"])
    vocab = sorted(f for f, c in counts.items() if c >= min_count or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    ids = [[index[f] for f in r["features"] if f in index] for r in rows]
    cols = np.array([i for row in ids for i in row], dtype=np.int64)
    owner = np.repeat(np.arange(len(ids)), [len(row) for row in ids])
    y = np.array([r["label"] for r in rows], dtype=np.float64)
    w = np.zeros(len(vocab))
    m, v = np.zeros_like(w), np.zeros_like(w)
    penal = np.ones_like(w)
    penal[index["bias"]] = 0.0
    for t in range(1, steps + 1):
        z = np.bincount(owner, weights=w[cols], minlength=len(ids))
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = np.bincount(cols, weights=(p - y)[owner], minlength=len(w)) / len(ids)
        g += l2 * penal * w / len(ids)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return {f: round(float(x), 5) for f, x in zip(vocab, w, strict=True) if abs(x) > 1e-5}


def predict(weights: dict[str, float], rows: list[Row]) -> np.ndarray:
    z = np.array([sum(weights.get(f, 0.0) for f in r["features"]) for r in rows])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def kept(rows: list[Row], p: np.ndarray, threshold: float) -> list[bool]:
    return [
        r["key"][1].value in PASSTHROUGH or q >= threshold for r, q in zip(rows, p, strict=True)
    ]


def best_threshold(rows: list[Row], p: np.ndarray, n_gold: int, min_precision: float) -> float:
    """The threshold of best F1 (labels as matched) among those with precision >= the floor;
    the best F1 overall when none reaches it."""
    best, best_ok = (-1.0, 0.5), (-1.0, None)
    for th in np.arange(0.05, 0.95, 0.025):
        keep = kept(rows, p, th)
        tp = sum(r["label"] for r, k in zip(rows, keep, strict=True) if k)
        n = sum(keep)
        prec, rec = (tp / n if n else 0.0), tp / max(n_gold, 1)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        best = max(best, (f1, float(th)))
        if prec >= min_precision:
            best_ok = max(best_ok, (f1, float(th)))  # type: ignore[arg-type]
    return round(best_ok[1] if best_ok[1] is not None else best[1], 3)


def n_gold(gold: dict[str, dict]) -> int:
    return sum(len(g.get("relations", [])) for g in gold.values())


def inner_threshold(
    rows: list[Row], golds: dict[int, dict], folds: list[int], a: argparse.Namespace
) -> float:
    p = np.zeros(len(rows))
    for k in folds:
        train = [r for r in rows if r["fold"] != k]
        test = [i for i, r in enumerate(rows) if r["fold"] == k]
        p[test] = predict(fit(train, a.l2, a.min_count), [rows[i] for i in test])
    return best_threshold(rows, p, sum(n_gold(golds[k]) for k in folds), a.min_precision)


def per_type(gold: dict[str, dict], rows: list[Row], keep: list[bool]) -> dict[str, PRF]:
    """The scorer's relation figures, overall and per type, for the kept triples."""
    pred: dict[str, list] = {k: [] for k in gold}
    for r, k in zip(rows, keep, strict=True):
        if k:
            head, rel, tail = r["key"]
            pred[r["paper"]].append([head, rel.value, tail])
    out = {"all": score(gold, {k: {"relations": v} for k, v in pred.items()})["relation"]}
    for rel in RelationType:
        g = {
            k: {**v, "relations": [x for x in v["relations"] if x[1] == rel.value]}
            for k, v in gold.items()
        }
        p = {k: {"relations": [x for x in v if x[1] == rel.value]} for k, v in pred.items()}
        out[rel.value] = score(g, p)["relation"]
    return out


def prf(x: PRF) -> dict[str, float]:
    p = x.tp / (x.tp + x.fp) if x.tp + x.fp else 0.0
    r = x.tp / (x.tp + x.fn) if x.tp + x.fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(x.f1, 4)}


def add_up(total: dict[str, PRF], part: dict[str, PRF]) -> None:
    for name, x in part.items():
        total.setdefault(name, PRF()).add(x.tp, x.fp, x.fn)


def cross_validate(
    rows: list[Row], golds: dict[int, dict], folds: list[int], a: argparse.Namespace
) -> tuple[dict, dict, np.ndarray]:
    """Outer folds: held-out figures of the rules alone and with the classifier."""
    before: dict[str, PRF] = {}
    after: dict[str, PRF] = {}
    oof = np.zeros(len(rows))
    for k in folds:
        inner = [f for f in folds if f != k]
        train = [r for r in rows if r["fold"] != k]
        threshold = inner_threshold(train, golds, inner, a)
        test_idx = [i for i, r in enumerate(rows) if r["fold"] == k]
        test = [rows[i] for i in test_idx]
        p = predict(fit(train, a.l2, a.min_count), test)
        oof[test_idx] = p
        rules, learned = (
            per_type(golds[k], test, [True] * len(test)),
            per_type(golds[k], test, kept(test, p, threshold)),
        )
        add_up(before, rules)
        add_up(after, learned)
        print(
            f"fold {k}: threshold {threshold}  relation F1 {rules['all'].f1:.3f} -> "
            f"{learned['all'].f1:.3f}"
        )
    return before, after, oof


def report(before: dict[str, PRF], after: dict[str, PRF]) -> dict:
    table = {}
    for name in before:
        b, c = prf(before[name]), prf(after[name])
        table[name] = {"rules": b, "classifier": c}
        print(
            f"  {name:13s} rules P={b['p']:.3f} R={b['r']:.3f} F1={b['f1']:.3f}   "
            f"classifier P={c['p']:.3f} R={c['r']:.3f} F1={c['f1']:.3f}"
        )
    return table


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--folds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-train-classifier"))
    ap.add_argument("--out", type=Path, default=ROOT / "extractors" / WEIGHTS)
    ap.add_argument("--no-holdout", action="store_true", help="shipped extractors (leaky)")
    ap.add_argument("--limit", type=int, default=None, help="papers per fold")
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-precision", type=float, default=0.72)
    a = ap.parse_args()
    golds = {k: read_gold(a.train / f"gold_train_{k}.jsonl", a.limit) for k in a.folds}
    rows: list[Row] = []
    for k in a.folds:
        folder = None if a.no_holdout else str(a.work / f"cv{k}")
        if folder and not Path(folder).is_dir():
            raise SystemExit(f"{folder} missing: run tools/train_classifier.py --work {a.work}")
        rows += candidate_rows(k, golds[k], folder)
    print(
        f"{len(rows)} candidate triples, {sum(r['label'] for r in rows)} gold, "
        f"{sum(n_gold(g) for g in golds.values())} gold relations"
    )
    before, after, oof = cross_validate(rows, golds, a.folds, a)
    table = report(before, after)
    threshold = best_threshold(rows, oof, sum(n_gold(g) for g in golds.values()), a.min_precision)
    weights = fit(rows, a.l2, a.min_count)
    header = {
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "by": "tools/train_relations.py",
        "trained_on": [f"data/train/gold_train_{k}.jsonl" for k in a.folds],
        "candidates": len(rows),
        "positives": sum(r["label"] for r in rows),
        "holdout": "no (shipped extractors)"
        if a.no_holdout
        else "each fold extracted with lexicons and entity classifier built without it",
        "l2": a.l2,
        "min_count": a.min_count,
        "min_precision": a.min_precision,
        "threshold_from": "out-of-fold predictions on the training folds (never dev)",
        "heldout_5fold": table,
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "header": header,
        "threshold": threshold,
        "passthrough": list(PASSTHROUGH),
        "weights": dict(sorted(weights.items())),
    }
    a.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"threshold {threshold}, {len(weights)} weights -> {a.out}")


if __name__ == "__main__":
    main()
