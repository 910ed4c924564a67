#!/usr/bin/env python3
"""Run the extraction over gold files and print the scorer's figures.

    python tools/evaluate.py GOLD.jsonl... [--extractors DIR] [--model NAME] [--errors N]

For a held-out check, build lexicons without one training file and point --extractors
at a folder holding them (tools/build_lexicons.py --holdout gold_train_4 --out DIR/lexicon,
plus curated.jsonl, stoplist.txt and heads.json copied beside it).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.extraction import build_nlp, extract
from kg.extraction.results.scoring import score_results
from kg.extraction.scoring import TYPES, forms, norm, score
from kg.models import Paper


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--extractors", default=None)
    ap.add_argument("--model", default=None)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument(
        "--result-errors", action="store_true", help="print each paper's gold and predicted results"
    )
    a = ap.parse_args()
    gold = {}
    for path in a.gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            gold[rec["id"]] = rec
    nlp = build_nlp(a.model, extractors=a.extractors)
    papers = [Paper(id=k, title=g["title"], abstract=g["abstract"]) for k, g in gold.items()]
    t = time.perf_counter()
    pred = {e.id: e.model_dump(mode="json") for e in extract(papers, nlp)}
    seconds = time.perf_counter() - t
    figures = score(gold, pred)
    if any("results" in g for g in gold.values()):
        figures.update(score_results(gold, pred))
    print(
        " ".join(f"{k.replace('entity ', '')}={v.f1:.3f}" for k, v in figures.items()),
        f"({len(papers) / seconds:.0f} papers/s)",
    )
    if a.result_errors:
        print_results(gold, pred)
    if a.errors:
        for key, g in gold.items():
            gf = {
                (e["type"], f)
                for e in g["entities"]
                for f in forms(e["name"], e.get("aliases", []))
            }
            pf = {(e["type"], norm(e["name"])) for e in pred[key]["entities"]}
            fps = [f"{t}:{n}" for t, n in sorted(pf) if (t, n) not in gf and t in TYPES]
            fns = [
                f"{e['type']}:{e['name']}"
                for e in g["entities"]
                if not any((e["type"], f) in pf for f in forms(e["name"], e.get("aliases", [])))
            ]
            print(
                f"# {g['title'][:70]}\n  FP {fps}\n  FN {fns}\n"
                f"  PROP gold={g['proposes']} pred={pred[key]['proposes']}"
            )


def print_results(gold: dict, pred: dict) -> None:
    """Gold and predicted results side by side (for held-out files only)."""
    keys = ("subject", "value", "unit", "kind", "metric", "dataset", "task", "compared_to")
    for key, g in gold.items():
        p = pred[key].get("results", [])
        if not g.get("results") and not p:
            continue
        print(f"# {g['title'][:80]}")
        for tag, rows in (("G", g.get("results", [])), ("P", p)):
            for r in rows:
                print(f"  {tag}", " | ".join(str(r.get(k)) for k in keys))


if __name__ == "__main__":
    main()
