#!/usr/bin/env python3
"""Regenerate the lexicon pattern files in extractors/lexicon/ from public sources.

    python tools/build_lexicons.py [--external DIR] [--train DIR] [--holdout NAME ...]
                                   [--transformers WHEEL_OR_DIR] [--out DIR]

Sources (see extractors/SOURCES.md): the project's annotated training abstracts
(eval/train/*.jsonl), the hand-curated lists extractors/curated*.jsonl, the model-type
names of Hugging Face `transformers` (read from a downloaded wheel, never imported),
TDMSci, SciERC, Papers with Code task lists and the NLP-progress leaderboards.
The dev gold is never read. Output: one spaCy pattern JSONL file per entity type,
`{"label", "pattern", "id"}` per line, `id` the canonical name; a name that several
sources type differently gets the type of the most trusted source.

To check generalisation, `--holdout gold_train_4` leaves a training file out. Every third
TDMSci sentence (TDMSCI_HELD_OUT) never feeds a lexicon: tools/heldout_report.py scores
the extraction on those sentences.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("Model", "Method", "Dataset", "Metric", "Task")
# Lower rank = more trusted; decides a name's type when sources disagree.
RANK = {
    "curated": 0,
    "train": 1,
    "transformers": 2,
    "tdmsci": 3,
    "leaderboards": 4,
    "pwc": 5,
    "scierc": 6,
}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", text.lower())


def load_stoplist(path: Path) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(norm(line))
    return words


def plausible(name: str, max_words: int = 6) -> bool:
    """Reject spam, truncated rows and sentence fragments."""
    name = name.strip()
    if not 2 <= len(name) <= 60 or len(name.split()) > max_words:
        return False
    if not re.search(r"[A-Za-z]{2}", name) or re.search(r"https?:|www\.|@|[<>{}|\\\[\]=;]", name):
        return False
    if name.count("(") != name.count(")") or name[0] in "-,.'\"(":
        return False
    return not re.search(r"\b(buy|cheap|casino|porn|viagra|loan|sex|free download)\b", name, re.I)


def with_acronym(label: str, tokens: str, src: str) -> Iterator[tuple[str, str, str, str]]:
    """'named entity recognition ( NER )' -> the name, and the acronym as its alias."""
    text = re.sub(r"\s*-\s*", "-", tokens)
    paren = re.search(r"\s*\(\s*([^()]+?)\s*\)\s*$", text)
    name = text[: paren.start()].strip() if paren else text
    if "(" in name or ")" in name or not name:
        return
    yield label, name, name, src
    if paren and re.fullmatch(r"[A-Z][\w-]*", paren.group(1)):
        yield label, paren.group(1), name, src


# -- sources ----------------------------------------------------------------------------------


def curated_paths(folder: Path) -> list[Path]:
    """curated.jsonl, then the per-category curated_*.jsonl lists (all equally trusted)."""
    return [folder / "curated.jsonl", *sorted(folder.glob("curated_*.jsonl"))]


def from_curated(path: Path) -> Iterator[tuple[str, str, str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            yield rec["label"], rec["pattern"], rec.get("id", rec["pattern"]), "curated"


def from_train(folder: Path, holdout: set[str]) -> Iterator[tuple[str, str, str, str]]:
    alias_papers: Counter[tuple[str, str]] = Counter()
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem in holdout:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            for ent in json.loads(line)["entities"]:
                rows.append(ent)
                for alias in ent.get("aliases", []):
                    alias_papers[(ent["type"], norm(alias))] += 1
    for ent in rows:
        yield ent["type"], ent["name"], ent["name"], "train"
        for alias in ent.get("aliases", []):
            # A bare lowercase word used as a paper-local alias ("normalization" for
            # "text normalization") would mislabel other papers: keep it only if shared.
            local = re.fullmatch(r"[a-z]+", alias) and norm(alias) not in norm(ent["name"]) + "s"
            if not local or alias_papers[(ent["type"], norm(alias))] > 1:
                yield ent["type"], alias, ent["name"], "train"


def from_transformers(source: Path) -> Iterator[tuple[str, str, str, str]]:
    member = "transformers/models/auto/configuration_auto.py"
    if source.is_dir():
        text = (source / member).read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read(member).decode("utf-8")
    found = re.search(
        r"MODEL_NAMES_MAPPING = OrderedDict\[str, str\]\(\s*(\[.*?\])\s*\)", text, re.S
    )
    for _key, name in ast.literal_eval(found.group(1)) if found else []:
        if re.search(r"Model|Config|Encoder|Decoder|For[A-Z]|Wrapper|Backbone|_|Japanese", name):
            continue
        name = re.sub(r"^OpenAI ", "", name)
        yield "Model", name, name, "transformers"


TDMSCI_HELD_OUT = 3  # every 3rd TDMSci sentence never feeds a lexicon (held-out check)


def tdmsci_sentences(path: Path) -> list[list[str]]:
    """TDMSci's sentences, each a list of its CoNLL lines (token, offset, tag)."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    return [b.splitlines() for b in blocks if b.strip()]


def tdmsci_held_out(index: int) -> bool:
    """The deterministic held-out third of TDMSci (sentences 2, 5, 8, ...)."""
    return index % TDMSCI_HELD_OUT == TDMSCI_HELD_OUT - 1


def from_tdmsci(path: Path) -> Iterator[tuple[str, str, str, str]]:
    label = {"TASK": "Task", "DATASET": "Dataset", "METRIC": "Metric"}
    words: list[str] = []
    current = None

    def flush() -> Iterator[tuple[str, str, str, str]]:
        if current and words:
            yield from with_acronym(label[current], " ".join(words), "tdmsci")

    lines = [
        line
        for i, sentence in enumerate(tdmsci_sentences(path))
        if not tdmsci_held_out(i)
        for line in [*sentence, ""]
    ]
    for line in lines:
        parts = line.split("\t")
        tag = parts[-1] if len(parts) == 3 else "O"
        if tag.startswith("I-") and current == tag[2:]:
            words.append(parts[0])
            continue
        yield from flush()
        words, current = ([parts[0]], tag[2:]) if tag.startswith("B-") else ([], None)
    yield from flush()


def from_scierc(path: Path, min_count: int = 2) -> Iterator[tuple[str, str, str, str]]:
    label = {"Task": "Task", "Method": "Method", "Metric": "Metric"}
    counts: Counter[tuple[str, str]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        tokens = [tok for sent in doc["sentences"] for tok in sent]
        for sent in doc["ner"]:
            for start, end, tag in sent:
                if tag in label:
                    counts[(label[tag], " ".join(tokens[start : end + 1]))] += 1
    for (tag, name), n in counts.items():
        if n >= min_count:
            yield from with_acronym(tag, name, "scierc")


def from_leaderboards(folder: Path) -> Iterator[tuple[str, str, str, str]]:
    def walk(task: dict) -> Iterator[tuple[str, str, str, str]]:
        if task.get("task"):
            yield "Task", task["task"], task["task"], "leaderboards"
        for ds in task.get("datasets", []):
            name = re.sub(r"\s*\(.*?\)\s*", " ", ds.get("dataset", "")).strip()
            if name:
                yield "Dataset", name, name, "leaderboards"
            for metric in ds.get("sota", {}).get("metrics", []):
                yield "Metric", metric, metric, "leaderboards"
            for row in ds.get("sota", {}).get("rows", []):
                model = re.sub(r"\s*\(.*?\)\s*", " ", row.get("model_name", "")).strip()
                if re.fullmatch(r"[A-Za-z][\w.-]*(?: [\w.-]+)?", model) and re.search(
                    r"[A-Z]", model
                ):
                    yield "Model", model, model, "leaderboards"
        for sub in task.get("subtasks", []):
            yield from walk(sub)

    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for task in data if isinstance(data, list) else [data]:
            yield from walk(task)


def from_pwc(folder: Path) -> Iterator[tuple[str, str, str, str]]:
    for line in (folder / "all_tasks.txt").read_text(encoding="utf-8").splitlines():
        name = line.strip().strip('"').strip()
        if plausible(name, max_words=5) and not re.search(r"\d", name):
            yield "Task", name, name, "pwc"
    with (folder / "all_tasks_detailed.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            task = (row.get("Task Name") or "").strip()
            if plausible(task, max_words=5):
                yield "Task", task, task, "pwc"
            for col, tag in (
                ("Common Datasets (Top 10)", "Dataset"),
                ("Benchmarks", "Dataset"),
                ("SOTA Metrics", "Metric"),
            ):
                for item in (row.get(col) or "").split(";"):
                    item = item.strip()
                    if plausible(item, max_words=4) and not re.search(r"\b(test|val|dev)\b", item):
                        yield tag, item, item, "pwc"


# -- merge ------------------------------------------------------------------------------------


# Annotated corpora whose mentions vote on a name's type (SciERC's Method also covers
# models, so it does not vote): one training annotation no longer outweighs ten TDMSci ones.
VOTERS = ("train", "tdmsci")


def merge(rows: Iterable[tuple[str, str, str, str]], stop: set[str]) -> dict[str, list[dict]]:
    """One type and one canonical id per normalized name. The most trusted source gives the
    id; the type is that source's, except that where the most trusted source is an annotated
    corpus (VOTERS), the annotated mentions of both corpora vote (ties: the trusted one)."""
    best: dict[str, tuple[int, Counter[str]]] = {}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    canon: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, set[str]] = defaultdict(set)
    id_of: dict[str, str] = {}
    for label, pattern, cid, src in rows:
        pattern, cid = pattern.strip(), cid.strip()
        key = norm(pattern)
        if (
            not key
            or key in stop
            or len(key) < 2
            or not plausible(pattern, max_words=7)
            or "(" in pattern
        ):
            continue
        rank = RANK[src]
        if rank >= RANK["tdmsci"] and re.fullmatch(r"[a-z]+|[A-Z][a-z]+", pattern):
            continue  # bare common words from large lists: more noise than names
        if src in VOTERS:
            votes[key][label] += 1
        old = best.get(key)
        if old is None or rank < old[0]:
            best[key] = (rank, Counter({label: 1}))
            canon[key] = Counter()
        elif rank == old[0]:
            old[1][label] += 1
        if best[key][0] == rank:
            canon[key][cid] += 1
        surfaces[key].add(pattern)
    out: dict[str, list[dict]] = {t: [] for t in TYPES}
    voting = {RANK[v] for v in VOTERS}
    for key, (rank, labels) in sorted(best.items()):
        label = labels.most_common(1)[0][0]
        if rank in voting:
            label = max(votes[key], key=lambda t, own=label: (votes[key][t], t == own))
        cid = canon[key].most_common(1)[0][0]
        id_of[key] = cid
        for surface in sorted(surfaces[key]):
            out[label].append({"label": label, "pattern": surface, "id": cid})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--external", type=Path, default=ROOT / "data" / "train" / "external")
    ap.add_argument("--train", type=Path, default=ROOT / "data" / "train")
    ap.add_argument("--holdout", nargs="*", default=[], help="training files (stems) to leave out")
    ap.add_argument(
        "--transformers",
        type=Path,
        default=None,
        help="a transformers wheel or unpacked tree (pip download transformers==4.57.1 --no-deps)",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "extractors" / "lexicon")
    ap.add_argument(
        "--without", nargs="*", default=[], choices=sorted(RANK), help="sources left out"
    )
    a = ap.parse_args()
    stop = load_stoplist(ROOT / "extractors" / "stoplist.txt")
    rows: list[tuple[str, str, str, str]] = []
    for path in curated_paths(ROOT / "extractors"):
        rows += from_curated(path)
    rows += from_train(a.train, set(a.holdout))
    if a.transformers:
        rows += from_transformers(a.transformers)
    rows += from_tdmsci(a.external / "tdmsci" / "train_1500_v2.conll")
    rows += from_scierc(a.external / "scierc" / "train.json")
    rows += from_leaderboards(a.external / "leaderboards")
    rows += from_pwc(a.external / "pwc")
    lexicon = merge((r for r in rows if r[3] not in a.without), stop)
    a.out.mkdir(parents=True, exist_ok=True)
    for label, patterns in lexicon.items():
        path = a.out / f"{label.lower()}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for p in patterns:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        print(f"{path}: {len(patterns)} patterns")


if __name__ == "__main__":
    main()
