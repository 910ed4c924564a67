#!/usr/bin/env python3
"""Train the plain-English router (kg/questions/intent.py) from queries/paraphrases/*.txt.

    python tools/train_router.py            # writes queries/paraphrases/router.json

Each `queries/paraphrases/<question>.txt` holds paraphrases of one canned question, one a
line, with the question's parameters as slots (`which methods compress {model}?`);
`none.txt` holds questions the catalogue cannot answer. Slots are filled with names from
the curated lexicons (extractors/), invented names and misspellings, so the tagger learns
to find names it has never seen; the sentences are varied (case, punctuation, typos in
the wording, polite openings).

The held-out figures are cross-validated by paraphrase: each of 5 folds holds out a fifth
of the paraphrase lines (every sentence made from them), so a figure says how the router
does on wording it was not trained on. The confidence threshold is the one with the best
held-out route accuracy. Fitting is numpy gradient descent (no scikit-learn); the
dev questions of ../shared/eval are never read.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.questions.intent import (  # noqa: E402
    NAME_LABEL,
    NONE,
    LinearModel,
    RouterModel,
    intent_features,
    known_flags,
    tagger_features,
    tokenize,
)
from kg.questions.names import lexicon_names  # noqa: E402

FOLDER = ROOT / "queries" / "paraphrases"
SLOT = re.compile(r"\{([a-z_]+)\}")
TYPED_SLOTS = {
    "model": "Model",
    "dataset": "Dataset",
    "task": "Task",
    "metric": "Metric",
    "method": "Method",
}
OPENINGS = [
    "please ",
    "can you tell me ",
    "I want to know ",
    "hey, ",
    "kg: ",
    "quick question: ",
    "could you show ",
    "I'd like to know ",
]
SYLLABLES = ["ze", "ta", "nor", "vex", "qua", "lio", "mor", "pha", "rin", "dex", "kal", "tor"]
SUFFIXES = ["Net", "BERT", "Former", "GPT", "Bench", "QA", "-7B", "-XL", "2", "++", "Score", "LM"]


@dataclass
class Example:
    template: int
    intent: str
    text: str
    spans: list[tuple[int, int]]  # character ranges of the names


def read_templates(folder: Path) -> list[tuple[str, str]]:
    rows = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                rows.append((path.stem, line))
    return rows


def pools() -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for key, name in lexicon_names().items():
        if len(key) >= 2 and len(name.name) <= 40:
            by_type.setdefault(name.type, []).append(name.name)
    return {t: sorted(set(v)) for t, v in by_type.items()}


def invented(rng: random.Random) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2)))
    name = stem.capitalize() + rng.choice(SUFFIXES)
    return name.upper() if rng.random() < 0.2 else name


def misspell(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i:]


def filler(
    slot: str, names: dict[str, list[str]], types: dict[str, list[str]], rng: random.Random
) -> str:
    if slot == "type":
        return rng.choice(rng.choice(list(types.values())))
    if slot == "limit":
        return rng.choice(["3", "5", "10", "20", "15", "five", "ten", "three", "25", "100"])
    roll = rng.random()
    if roll < 0.15:
        return invented(rng)
    kind = TYPED_SLOTS.get(slot) or rng.choice(list(names))
    name = rng.choice(names[kind])
    if roll < 0.27:
        name = misspell(name, rng)
    case = rng.random()
    return name.lower() if case < 0.2 else name.upper() if case < 0.25 else name


def sentence(
    template: str, fill: dict[str, str], rng: random.Random
) -> tuple[str, list[tuple[int, int]]]:
    """The template with slots filled; character spans of the entity names."""
    if rng.random() < 0.1:
        template = rng.choice(OPENINGS) + template[0].lower() + template[1:]
    if rng.random() < 0.15:  # a typo in the wording, never inside a slot
        words = template.split(" ")
        plain = [i for i, w in enumerate(words) if "{" not in w and len(w) > 4]
        if plain:
            i = rng.choice(plain)
            words[i] = misspell(words[i], rng)
            template = " ".join(words)
    if rng.random() < 0.25:
        template = SLOT.sub(lambda m: "\0" + m.group(1) + "\1", template).lower()
        template = template.replace("\0", "{").replace("\1", "}")
    template = template.rstrip("?") + ("?" if rng.random() < 0.4 else "")
    text, spans, last = "", [], 0
    for match in SLOT.finditer(template):
        text += template[last : match.start()]
        value = fill[match.group(1)]
        if match.group(1) not in ("type", "limit"):
            spans.append((len(text), len(text) + len(value)))
        text += value
        last = match.end()
    return text + template[last:], spans


def make_examples(templates: list[tuple[str, str]], per: int, seed: int) -> list[Example]:
    rng = random.Random(seed)
    names = pools()
    types = json.loads((FOLDER / "slots.json").read_text(encoding="utf-8"))["type"]
    out = []
    for number, (intent, template) in enumerate(templates):
        count = per if SLOT.search(template) else max(2, per // 3)
        for _ in range(count):
            fill = {slot: filler(slot, names, types, rng) for slot in SLOT.findall(template)}
            text, spans = sentence(template, fill, rng)
            out.append(Example(number, intent, text, spans))
    return out


def token_spans(tokens, spans) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        inside = [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]
        if inside:
            out.append((inside[0], inside[-1] + 1))
    return out


# -- fitting ------------------------------------------------------------------------------
def fit(
    rows: list[list[str]], labels: list[str], *, l2: float, epochs: int = 150, min_count: int = 2
) -> LinearModel:
    """Softmax regression on L2-normalised binary features, full-batch Adam.

    The sparse products are segment sums (np.add.reduceat) over the non-zero entries,
    sorted once by row (for the logits) and once by feature (for the gradient).
    """
    counts = Counter(f for row in rows for f in set(row))
    index = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    classes = tuple(sorted(set(labels)))
    y = np.array([classes.index(lab) for lab in labels])
    cols_list: list[int] = []
    lengths: list[int] = []
    vals_list: list[float] = []
    for row in rows:
        unique = set(row)
        known = sorted(index[f] for f in unique if f in index)
        cols_list += known
        lengths.append(len(known))
        vals_list += [1 / np.sqrt(len(unique))] * len(known)
    cols = np.array(cols_list)
    vals = np.array(vals_list)[:, None]
    owners = np.repeat(np.arange(len(rows)), lengths)
    nonempty = np.array(lengths) > 0
    row_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
    by_col = np.argsort(cols, kind="stable")
    col_starts = np.searchsorted(cols[by_col], np.arange(len(index)))
    weights = np.zeros((len(index), len(classes)))
    bias = np.zeros(len(classes))
    moments = [
        np.zeros_like(weights),
        np.zeros_like(weights),
        np.zeros_like(bias),
        np.zeros_like(bias),
    ]
    n, rate = len(rows), 0.1
    logits = np.zeros((n, len(classes)))
    for step in range(1, epochs + 1):
        logits[:] = 0
        logits[nonempty] = np.add.reduceat(weights[cols] * vals, row_starts, axis=0)
        logits += bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        probs[np.arange(n), y] -= 1
        probs /= n
        spread = (probs[owners] * vals)[by_col]
        grad_w = np.add.reduceat(spread, col_starts, axis=0) + l2 * weights
        grad_b = probs.sum(axis=0)
        for param, grad, m, v in (
            (weights, grad_w, moments[0], moments[1]),
            (bias, grad_b, moments[2], moments[3]),
        ):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return LinearModel(classes, index, weights, bias)


def featurize(examples: list[Example], keys) -> list[dict]:
    out = []
    for ex in examples:
        tokens = tokenize(ex.text)
        gold = token_spans(tokens, ex.spans)
        known = known_flags(ex.text, tokens, keys)
        inside = {i for s, e in gold for i in range(s, e)}
        out.append(
            {
                "tokens": tokens,
                "gold": gold,
                "known": known,
                "tags": [NAME_LABEL if i in inside else "O" for i in range(len(tokens))],
                "tag_rows": tagger_features(tokens, known),
            }
        )
    return out


def train(examples: list[Example], feats: list[dict], l2: float) -> tuple[LinearModel, LinearModel]:
    tag_rows = [row for f in feats for row in f["tag_rows"]]
    tags = [t for f in feats for t in f["tags"]]
    tagger = fit(tag_rows, tags, l2=1e-4)
    intent_rows = [intent_features(f["tokens"], f["gold"]) for f in feats]
    intents = fit(intent_rows, [ex.intent for ex in examples], l2=l2)
    return tagger, intents


def evaluate(model: RouterModel, examples: list[Example], feats: list[dict]) -> list[dict]:
    results = []
    for ex, f in zip(examples, feats, strict=True):
        spans = model.name_spans(f["tokens"], f["known"])
        probs = model.intent_proba(f["tokens"], spans)
        results.append(
            {
                "intent": ex.intent,
                "probs": probs,
                "spans_ok": spans == f["gold"],
                "best": max(probs, key=probs.get),
            }
        )
    return results


def route_accuracy(results: list[dict], threshold: float, margin: float) -> dict[str, float]:
    """Held-out route accuracy (question and names right, or a right refusal)."""
    decider = RouterModel(None, None, threshold, margin)  # type: ignore[arg-type]
    right = refused_ok = nones = 0
    for r in results:
        got, _ = decider.decide(r["probs"], r["probs"])
        if r["intent"] == NONE:
            nones += 1
            refused_ok += got == NONE
            right += got == NONE
        else:
            right += got == r["intent"] and r["spans_ok"]
    return {"route_accuracy": right / len(results), "refusal_recall": refused_ok / max(nones, 1)}


def choose_refusal(held: list[dict], slack: float = 0.03) -> tuple[float, float]:
    """The threshold and none margin with the best held-out route accuracy, among those
    whose refusal recall is within `slack` of the best recall any setting reaches."""
    settings = [
        (round(0.15 + 0.05 * i, 2), m)
        for i in range(9)
        for m in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
    ]
    scored = {s: route_accuracy(held, *s) for s in settings}
    floor = max(v["refusal_recall"] for v in scored.values()) - slack
    fair = [s for s, v in scored.items() if v["refusal_recall"] >= floor]
    return max(fair, key=lambda s: (scored[s]["route_accuracy"], -s[0]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per", type=int, default=8, help="sentences per paraphrase line")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=FOLDER / "router.json")
    parser.add_argument(
        "--slack",
        type=float,
        default=0.03,
        help="refusal recall the threshold may give up for route accuracy",
    )
    parser.add_argument("--l2", type=float, default=3e-4, help="intent classifier L2")
    args = parser.parse_args()
    started = time.time()
    templates = read_templates(FOLDER)
    examples = make_examples(templates, args.per, args.seed)
    keys = set(lexicon_names())
    feats = featurize(examples, keys)
    order = list(range(len(templates)))
    random.Random(args.seed).shuffle(order)
    fold_of = {t: i % args.folds for i, t in enumerate(order)}
    held: list[dict] = []
    for k in range(args.folds):
        train_idx = [i for i, ex in enumerate(examples) if fold_of[ex.template] != k]
        test_idx = [i for i, ex in enumerate(examples) if fold_of[ex.template] == k]
        tagger, intents = train(
            [examples[i] for i in train_idx], [feats[i] for i in train_idx], args.l2
        )
        model = RouterModel(tagger, intents, 0.0)
        held += evaluate(model, [examples[i] for i in test_idx], [feats[i] for i in test_idx])
        print(f"fold {k}: {len(test_idx)} held-out sentences", file=sys.stderr)
    threshold, margin = choose_refusal(held, args.slack)
    figures = {
        "held_out": f"{args.folds}-fold cross-validation by paraphrase line (unseen wordings)",
        "intent_accuracy": round(sum(r["best"] == r["intent"] for r in held) / len(held), 4),
        "name_span_accuracy": round(sum(r["spans_ok"] for r in held) / len(held), 4),
        **{k: round(v, 4) for k, v in route_accuracy(held, threshold, margin).items()},
        "paraphrases": len(templates),
        "sentences": len(examples),
        "intents": dict(sorted(Counter(i for i, _ in templates).items())),
    }
    confusions = Counter((r["intent"], r["best"]) for r in held if r["intent"] != r["best"])
    for (want, got), count in confusions.most_common(12):
        print(f"held-out confusion: {want} -> {got}: {count}", file=sys.stderr)
    tagger, intents = train(examples, feats, args.l2)
    data = {
        "_doc": "Weights of the plain-English router; retrain: python tools/train_router.py",
        "threshold": threshold,
        "none_margin": margin,
        "l2": args.l2,
        "figures": figures,
        "tagger": tagger.to_json(),
        "intents": intents.to_json(),
    }
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(json.dumps({"threshold": threshold, "none_margin": margin, **figures}, indent=1))
    print(f"wrote {args.out} in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
