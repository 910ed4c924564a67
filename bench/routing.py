"""Plain-English routing speed: what the first question costs, then each route.

    python -m bench.routing [--store DIR] [--n 500]

Prints the start-up parts (the store's graph, the lexicon names, the router weights and
cue words, the name index) and the p50 / p95 / max of a route, over sentences made from
the paraphrase templates (queries/paraphrases/*.txt) with the curated names: the
questions of ../shared/eval are never read. Standalone (not a section of `python -m
bench`): it measures the router only.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

from kg.errors import QuestionError
from kg.questions.intent import load_cues, load_model, model_path
from kg.questions.names import lexicon_names
from kg.questions.routing import Router

SLOT = re.compile(r"\{([a-z_]+)\}")


def _sentences(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names = sorted({v.name for v in lexicon_names().values() if len(v.name) <= 40})
    lines = [
        line.strip()
        for path in sorted(model_path().parent.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot == "limit":
            return str(rng.choice([3, 5, 10]))
        if slot == "type":
            return rng.choice(["models", "datasets", "tasks", "metrics"])
        return rng.choice(names)

    return [SLOT.sub(fill, rng.choice(lines)) for _ in range(n)]


def _timed(label: str, step, parts: dict[str, float]):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    out = step()
    parts[label] = (time.perf_counter() - started) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, help="a built store (default: lexicon names only)")
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    parts: dict[str, float] = {}
    graph = None
    if args.store:
        from kg.stores.embedded import EmbeddedStore

        store = EmbeddedStore(args.store)
        graph = _timed("store graph", store.graph, parts)
    _timed("lexicon names", lexicon_names, parts)
    _timed("router weights", load_model, parts)
    _timed("cue words", load_cues, parts)
    router = _timed("name index", lambda: Router(graph), parts)
    texts = _sentences(args.n)
    times, refused = [], 0
    for text in texts:
        started = time.perf_counter()
        try:
            router.route(text)
        except QuestionError:
            refused += 1
        times.append((time.perf_counter() - started) * 1000)
    for label, ms in parts.items():
        print(f"start-up {label:15s} {ms:8.1f} ms")
    times.sort()
    print(
        f"route over {len(times)} sentences ({refused} refused): "
        f"p50 {statistics.median(times):.2f} ms, p95 {times[int(0.95 * len(times))]:.2f} ms, "
        f"max {times[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
