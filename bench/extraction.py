"""Section 1: extraction throughput of the default pipeline against two spaCy baselines.

Every configuration runs in its own child process over the same texts (the bundled
papers repeated); the baselines are spaCy's tokenizer alone (the floor: nothing can be
faster and still tokenize) and en_core_web_sm's full pipeline (what a newcomer would
run), the latter on a subset and compared per paper.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.child import ChildFailed, rates, run_child
from bench.corpus import BUNDLED
from bench.machine import cores

Log = Callable[[str], None]
PROFILE_PAPERS = 2000


def run(papers: int, sm_papers: int, log: Log) -> dict:
    base = {"corpus": str(BUNDLED)}
    n_cores = cores()
    configs: dict[str, tuple[str, dict]] = {
        "kg_1_process": ("extract", {**base, "papers": papers, "n_process": 1}),
        f"kg_{n_cores}_processes": ("extract", {**base, "papers": papers, "n_process": n_cores}),
        "spacy_tokenizer": ("tokenizer", {**base, "papers": papers}),
        "en_core_web_sm": ("en_core_web_sm", {**base, "papers": sm_papers}),
    }
    if n_cores == 1:
        del configs[f"kg_{n_cores}_processes"]
    runs: dict[str, dict] = {}
    for name, (task, args) in configs.items():
        log(f"extraction: {name} on {args['papers']} papers")
        try:
            runs[name] = rates(run_child(task, args))
        except ChildFailed as exc:
            runs[name] = {"error": str(exc)}
        else:
            log(
                f"  {runs[name]['papers_per_s']:.0f} papers/s, "
                f"peak {runs[name]['peak_rss_mib']:.0f} MiB"
            )
    return {
        "papers": papers,
        "cores": n_cores,
        "runs": runs,
        "ratios": ratios(runs, n_cores),
        "profile": profile(min(papers, PROFILE_PAPERS), log),
    }


def profile(papers: int, log: Log) -> dict:
    """Where the time of one paper goes: the tokenizer and each component."""
    log(f"extraction: per-component profile on {papers} papers")
    try:
        return run_child("profile", {"corpus": str(BUNDLED), "papers": papers})
    except ChildFailed as exc:
        return {"error": str(exc)}


def _speed(runs: dict, name: str, key: str = "papers_per_s") -> float | None:
    return runs.get(name, {}).get(key)


def ratios(runs: dict, n_cores: int) -> dict:
    """Throughput ratios between configurations (None where a run failed).

    Pipelines are compared per CPU-second (other work on the machine does not skew that);
    the all-cores speedup is wall clock, the point of using more cores.
    """
    one = _speed(runs, "kg_1_process")
    multi = _speed(runs, f"kg_{n_cores}_processes")
    cpu = "papers_per_cpu_s"

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a and b else None

    return {
        "kg_vs_tokenizer": div(
            _speed(runs, "kg_1_process", cpu), _speed(runs, "spacy_tokenizer", cpu)
        ),
        "kg_vs_en_core_web_sm": div(
            _speed(runs, "kg_1_process", cpu), _speed(runs, "en_core_web_sm", cpu)
        ),
        "all_cores_speedup": div(multi, one),
        "kg_per_core_all_cores": multi / n_cores if multi else None,
    }
