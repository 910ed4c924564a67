#!/usr/bin/env python3
"""Extraction quality on data nothing was tuned to or built from (issue #12).

    python tools/heldout_report.py [--transformers WHEEL] [--work DIR] [--skip-build]
                                   [--json OUT] [--dev GOLD.jsonl]

Sources (all copied in data/train/, see data/train/README.md):
- train folds: the five annotated training files (GUIDELINES.md, as dev). Fold k is
  extracted with lexicons built without it and a classifier trained without it
  (`tools/train_classifier.py --work WORK` builds WORK/cv{k}); entities, proposes and
  relations, pooled over the folds.
- TDMSci held-out third: every third TDMSci sentence (tools/build_lexicons.py
  TDMSCI_HELD_OUT never feeds a lexicon), shipped extractors; Task, Dataset, Metric only.
- SciERC dev: 50 abstracts, Task, Method, Metric (SciERC's Method covers kg's Model; a
  predicted Model counts as Method); coreferent mentions are one entity. SciERC marks
  generic phrases too, so its figures sit far below the guidelines' own.
- SciREX abstracts: a recall check (SciREX annotates densely); Method covers Model.
`--dev` adds the dev gold as a final check (never used to choose changes).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_lexicons import tdmsci_held_out, tdmsci_sentences  # noqa: E402

from kg.extraction import build_nlp, extract  # noqa: E402
from kg.extraction.scoring import PRF, TYPES, score  # noqa: E402
from kg.models import Paper  # noqa: E402
from kg.types import EntityType  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "train"
FOLDS = range(5)
Gold = dict[str, dict]


def read_jsonl(path: Path) -> Gold:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {r["id"]: r for r in rows}


def predict(gold: Gold, folder: str | None, nlp: Language | None = None) -> Gold:
    nlp = nlp or build_nlp(extractors=folder)
    papers = [Paper(id=k, title=g["title"], abstract=g["abstract"]) for k, g in gold.items()]
    return {e.id: e.model_dump(mode="json") for e in extract(papers, nlp)}


def retyped(pred: Gold, mapping: dict[str, str]) -> Gold:
    """Predictions with types renamed (Model -> Method for SciERC and SciREX)."""
    out = {}
    for key, p in pred.items():
        ents = [{**e, "type": mapping.get(e["type"], e["type"])} for e in p["entities"]]
        out[key] = {**p, "entities": ents}
    return out


def prf(x: PRF) -> dict[str, float]:
    p = x.tp / (x.tp + x.fp) if x.tp + x.fp else 0.0
    r = x.tp / (x.tp + x.fn) if x.tp + x.fn else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(x.f1, 3), "n": x.tp + x.fn}


def figures(gold: Gold, pred: Gold, types: Iterable[str], extra: bool = False) -> dict:
    """P/R/F1 per type and over `types` (other types ignored on both sides)."""
    types = list(types)
    got = score(gold, pred)
    overall = PRF()
    for t in types:
        x = got[f"entity {t}"]
        overall.add(x.tp, x.fp, x.fn)
    out = {"entity": prf(overall)} | {t: prf(got[f"entity {t}"]) for t in types}
    if extra:
        out |= {"proposes": prf(got["proposes"]), "relation": prf(got["relation"])}
    return out


# -- sources ----------------------------------------------------------------------------


def train_folds(work: Path) -> dict:
    gold, pred = {}, {}
    for k in FOLDS:
        fold = read_jsonl(DATA / f"gold_train_{k}.jsonl")
        gold |= fold
        pred |= predict(fold, str(work / f"cv{k}"))
    return figures(gold, pred, TYPES, extra=True)


_PAREN = re.compile(r"^(.+?)\s*\(\s*([^()]+?)\s*\)$")


# TDMSci spans keep a trailing generic head ("Europarl corpus", "MT task", "BLEU scores");
# GUIDELINES.md prefers the short name, so the bare name is an alias (either form matches).
_HEAD = re.compile(r"\s+(?:data ?sets?|corpus|corpora|data|benchmarks?|tasks?|scores?)$", re.I)


def short_alias(name: str) -> dict:
    """ "statistical machine translation (SMT)": the long form, the bracketed short form as
    its alias (GUIDELINES.md: other surface forms are aliases); "Europarl corpus" has the
    alias "Europarl"."""
    m = _PAREN.match(name)
    name, aliases = (m.group(1), [m.group(2)]) if m else (name, [])
    bare = _HEAD.sub("", name)
    return {"name": name, "aliases": aliases + ([bare] if bare and bare != name else [])}


def tdmsci_gold() -> Gold:
    """The held-out third of TDMSci, one paper (no title) per sentence."""
    label = {"TASK": "Task", "DATASET": "Dataset", "METRIC": "Metric"}
    gold = {}
    path = DATA / "external" / "tdmsci" / "train_1500_v2.conll"
    for i, lines in enumerate(tdmsci_sentences(path)):
        if not tdmsci_held_out(i):
            continue
        rows = [line.split("\t") for line in lines]
        base = int(rows[0][1])
        text, spans, current = "", [], None
        for token, offset, tag in rows:
            start = int(offset) - base
            text += " " * (start - len(text)) + token
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = [tag[2:], start, len(text)]
                spans.append(current)
            elif tag.startswith("I-") and current:
                current[2] = len(text)
            else:
                current = None
        names = {(label[t], text[a:b]) for t, a, b in spans}
        ents = [short_alias(n) | {"type": t} for t, n in sorted(names)]
        gold[f"tdmsci-{i}"] = {"title": "", "abstract": text, "entities": ents}
    return gold


def scierc_gold() -> Gold:
    """SciERC dev: Task, Method, Metric mentions, one entity per coreference cluster."""
    gold = {}
    path = DATA / "external" / "scierc" / "dev.json"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        doc = json.loads(line)
        tokens = [t for s in doc["sentences"] for t in s]
        mentions = {
            (a, b): tag
            for s in doc["ner"]
            for a, b, tag in s
            if tag in ("Task", "Method", "Metric")
        }
        groups: list[tuple[str, list[str]]] = []
        seen = set()
        for cluster in doc.get("clusters", []):
            inside = [tuple(m) for m in cluster if tuple(m) in mentions]
            if inside:
                seen.update(inside)
                names = [" ".join(tokens[a : b + 1]) for a, b in inside]
                groups.append((mentions[inside[0]], names))
        groups += [
            (t, [" ".join(tokens[a : b + 1])])
            for (a, b), t in mentions.items()
            if (a, b) not in seen
        ]
        ents = [{"name": ns[0], "type": t, "aliases": ns[1:]} for t, ns in groups]
        text = " ".join(tokens)
        gold[f"scierc-{n}"] = {"title": "", "abstract": text, "entities": ents}
    return gold


def scirex_gold() -> Gold:
    gold = read_jsonl(DATA / "external" / "scirex" / "scirex_train_abstracts.jsonl")
    for g in gold.values():
        if g["title"] == "Untitled":  # the abstract's first words stand in for the title
            g["title"] = ""
    return gold


def report(work: Path, dev: Path | None) -> dict:
    to_method = {EntityType.MODEL.value: EntityType.METHOD.value}
    tdm = tdmsci_gold()
    erc = scierc_gold()
    rex = scirex_gold()
    out = {
        "train folds (held out)": train_folds(work),
        "TDMSci held-out third": figures(tdm, predict(tdm, None), ("Task", "Dataset", "Metric")),
        "SciERC dev": figures(
            erc, retyped(predict(erc, None), to_method), ("Task", "Method", "Metric")
        ),
        "SciREX abstracts (recall)": figures(
            rex, retyped(predict(rex, None), to_method), ("Method", "Dataset", "Metric", "Task")
        ),
    }
    if dev:
        out["dev (final check)"] = figures(
            read_jsonl(dev), predict(read_jsonl(dev), None), TYPES, True
        )
    return out


def markdown(results: dict) -> str:
    lines = [
        "| source | entity P / R / F1 | per type F1 | proposes F1 | relation F1 |",
        "|---|---|---|---|---|",
    ]
    for source, f in results.items():
        e = f["entity"]
        types = ", ".join(
            f"{t} {v['F1']:.2f}"
            for t, v in f.items()
            if t not in ("entity", "proposes", "relation")
        )
        prop = f"{f['proposes']['F1']:.3f}" if "proposes" in f else "-"
        rel = f"{f['relation']['F1']:.3f}" if "relation" in f else "-"
        lines.append(
            f"| {source} | {e['P']:.3f} / {e['R']:.3f} / {e['F1']:.3f} | {types} | {prop} | {rel} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-heldout"))
    ap.add_argument("--transformers", type=Path, default=None, help="wheel for build_lexicons")
    ap.add_argument("--skip-build", action="store_true", help="reuse WORK/cv* from an earlier run")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here too")
    ap.add_argument("--dev", type=Path, default=None, help="dev gold, final check only")
    a = ap.parse_args()
    if not a.skip_build:
        cmd = [sys.executable, str(ROOT / "tools" / "train_classifier.py"), "--work", str(a.work)]
        cmd += ["--out", str(a.work / "all_folds_classifier.json")]
        cmd += ["--transformers", str(a.transformers)] if a.transformers else []
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    results = report(a.work, a.dev)
    print(markdown(results))
    if a.json:
        a.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
