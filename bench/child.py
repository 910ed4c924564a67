"""Run one `bench.worker` task in a fresh Python process and collect its figures."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.corpus import ROOT


class ChildFailed(RuntimeError):
    """A measurement's child process failed; the message carries its stderr tail."""


def run_child(task: str, args: dict, timeout: float = 3600.0) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", task],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise ChildFailed(f"bench.worker {task} exited with {proc.returncode}:\n{tail}")
    last = proc.stdout.strip().splitlines()[-1]
    return json.loads(last)


def rates(figures: dict) -> dict:
    """Add papers/s and words/s to a worker's figures."""
    seconds = max(figures["seconds"], 1e-9)
    figures["papers_per_s"] = figures["papers"] / seconds
    if "words" in figures:
        figures["words_per_s"] = figures["words"] / seconds
    if figures.get("cpu_seconds"):
        figures["papers_per_cpu_s"] = figures["papers"] / figures["cpu_seconds"]
    return figures
