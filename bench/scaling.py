"""Section 4: streaming extraction (read -> extract -> write JSONL) at growing sizes.

One child process per size over a synthetic corpus (real sentences recombined, fixed
seed). Linear time means papers/s stays level; flat memory means the peak at the
largest size is close to the peak at the one before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bench.child import ChildFailed, rates, run_child
from bench.corpus import SEED, bundled_papers, write_synthetic

Log = Callable[[str], None]


def run(sizes: Sequence[int], workdir: Path, log: Log) -> dict:
    papers = bundled_papers()
    points: list[dict] = []
    for n in sizes:
        corpus = write_synthetic(papers, n, workdir / f"synthetic-{SEED}-{n}.jsonl")
        output = workdir / f"extractions-{n}.jsonl"
        log(f"scaling: {n} papers")
        try:
            figures = rates(
                run_child("stream", {"input": str(corpus), "output": str(output), "papers": n})
            )
        except ChildFailed as exc:
            points.append({"size": n, "error": str(exc)})
            continue
        finally:
            output.unlink(missing_ok=True)
        figures["size"] = n
        log(f"  {figures['papers_per_s']:.0f} papers/s, peak {figures['peak_rss_mib']:.0f} MiB")
        points.append(figures)
    return {"sizes": list(sizes), "seed": SEED, "points": points, "summary": summarise(points)}


def summarise(points: list[dict]) -> dict:
    ok = [p for p in points if "error" not in p]
    if len(ok) < 2:
        return {}
    first, prev, last = ok[0], ok[-2], ok[-1]
    summary = {
        # 1.0 = perfectly linear: the largest size's seconds per paper over the smallest's
        "time_per_paper_ratio": (last["seconds"] / last["papers"])
        / (first["seconds"] / first["papers"]),
        "memory_growth_last_vs_previous": last["peak_rss_mib"] / prev["peak_rss_mib"] - 1.0,
    }
    samples = last.get("rss_samples") or []
    if len(samples) >= 2 and samples[-1][0] > samples[0][0]:
        # resident memory sampled along the largest run: MiB gained per 1,000 papers
        (n0, r0), (n1, r1) = samples[0], samples[-1]
        summary["rss_growth_mib_per_1000_papers"] = (r1 - r0) / (n1 - n0) * 1000
    if first.get("cpu_seconds") and last.get("cpu_seconds"):
        # the same in CPU time, which other work on the machine does not inflate
        summary["cpu_time_per_paper_ratio"] = (last["cpu_seconds"] / last["papers"]) / (
            first["cpu_seconds"] / first["papers"]
        )
    return summary
