#!/usr/bin/env python3
"""Print a fixed-seed sample of extracted relations and entities, for judging by reading.

    kg extract data/hf-papers -o /tmp/hf.jsonl
    python tools/sample_extractions.py /tmp/hf.jsonl [--relations 15] [--entities 60]
                                       [--seed 16] [--type OUTPERFORMS ...]

Samples N relations of each relation type and N entities (over all types) from `kg extract`
output, and prints each with the paper's title and the sentence it was read from, numbered
so that a reader can note which are right (GUIDELINES.md says what right means). The same
file and seed give the same sample.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import textwrap
from pathlib import Path

from kg.types import RelationType

WIDTH = 100


def read_extractions(path: Path) -> list[dict]:
    """The JSONL records of `path`; a line that is not JSON is reported and skipped."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            print(f"{path}:{n}: skipped, not JSON ({exc.msg})", file=sys.stderr)
    return out


def wrapped(text: str, indent: str = "      ") -> str:
    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent
    )


def sample_relations(papers: list[dict], rtype: str, n: int, rng: random.Random) -> list[tuple]:
    pool = [(p, r) for p in papers for r in p.get("relations", []) if r.get("type") == rtype]
    return rng.sample(pool, min(n, len(pool)))


def sample_entities(papers: list[dict], n: int, rng: random.Random) -> list[tuple]:
    pool = [(p, e) for p in papers for e in p.get("entities", []) if e.get("mentions")]
    return rng.sample(pool, min(n, len(pool)))


def print_relations(papers: list[dict], types: list[str], n: int, seed: int) -> None:
    for rtype in types:
        rng = random.Random(f"{seed}:{rtype}")
        picked = sample_relations(papers, rtype, n, rng)
        total = sum(1 for p in papers for r in p.get("relations", []) if r.get("type") == rtype)
        print(f"\n=== {rtype}: {len(picked)} of {total} ===")
        for i, (paper, rel) in enumerate(picked, 1):
            ev = rel.get("evidence") or {}
            print(
                f"{rtype[:3]}{i:02d}  {rel['head']} --{rtype}--> {rel['tail']}"
                f"   [{ev.get('rule', '?')}, {ev.get('confidence', '?')}]"
            )
            print(wrapped(f"paper: {paper.get('title', '')}"))
            print(wrapped(ev.get("sentence", "")))


def print_entities(papers: list[dict], n: int, seed: int) -> None:
    rng = random.Random(f"{seed}:entities")
    picked = sample_entities(papers, n, rng)
    print(f"\n=== entities: {len(picked)} of {sum(len(p.get('entities', [])) for p in papers)} ===")
    for i, (paper, ent) in enumerate(picked, 1):
        mention = ent["mentions"][0]
        print(f"ENT{i:02d}  {ent['name']} : {ent['type']}   [{mention.get('rule', '?')}]")
        print(wrapped(f"paper: {paper.get('title', '')}"))
        print(wrapped(mention.get("sentence", "")))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("extracted", type=Path, help="JSONL written by kg extract")
    ap.add_argument("--relations", type=int, default=15, help="relations per type")
    ap.add_argument("--entities", type=int, default=60)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument(
        "--type",
        nargs="+",
        default=[t.value for t in RelationType],
        choices=[t.value for t in RelationType],
        help="relation types to sample",
    )
    a = ap.parse_args()
    if not a.extracted.is_file():
        raise SystemExit(f"{a.extracted}: no such file (write it with kg extract ... -o FILE)")
    papers = read_extractions(a.extracted)
    print(f"{len(papers)} papers from {a.extracted}, seed {a.seed}")
    if a.relations > 0:
        print_relations(papers, a.type, a.relations, a.seed)
    if a.entities > 0:
        print_entities(papers, a.entities, a.seed)


if __name__ == "__main__":
    main()
