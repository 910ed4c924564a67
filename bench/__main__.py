"""`python -m bench`: measure kg on this machine, write results.json and RESULTS.md.

    python -m bench [--papers N] [--quick] [--only extraction,load,questions,scaling]

With `--only`, the other sections are kept from the previous results.json in --out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import extraction, report, scaling
from bench.corpus import ROOT, bundled_papers
from bench.machine import describe

SECTIONS = ("extraction", "load", "questions", "scaling", "bulk", "ray")
FULL_SCALING = (1_000, 10_000, 100_000)


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--papers",
        type=int,
        help="papers for the extraction runs "
        "(the bundled corpus repeated; default 20000, --quick 500)",
    )
    p.add_argument("--quick", action="store_true", help="small sizes: a check, not a measurement")
    p.add_argument("--only", help=f"comma-separated sections among {', '.join(SECTIONS)}")
    p.add_argument("--sm-papers", type=int, help="papers for en_core_web_sm (default 1000)")
    p.add_argument(
        "--scaling",
        help="comma-separated corpus sizes for the scaling runs "
        "(default 1000,10000,100000; --quick: derived from --papers)",
    )
    p.add_argument(
        "--naive-budget",
        type=int,
        default=3000,
        help="at most this many items for the naive Neo4j load (0: all)",
    )
    p.add_argument(
        "--seed-papers",
        type=int,
        help="use only the first N bundled papers for the seed graph (default all)",
    )
    p.add_argument(
        "--bulk-papers",
        type=int,
        help="synthetic papers for the bulk-import section (default 100000)",
    )
    p.add_argument(
        "--ray-papers", type=int, help="synthetic papers for the Ray section (default 4000)"
    )
    p.add_argument("--repeats", type=int, default=50, help="timed runs per question")
    p.add_argument(
        "--render",
        action="store_true",
        help="measure nothing: rewrite RESULTS.md from results.json in --out",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench",
        help="where results.json and RESULTS.md go (default bench/)",
    )
    args = p.parse_args(argv)
    only = [s.strip() for s in (args.only or ",".join(SECTIONS)).split(",") if s.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        p.error(f"unknown section(s) {', '.join(unknown)}; choose among {', '.join(SECTIONS)}")
    args.only = only
    args.papers = args.papers or (500 if args.quick else 20_000)
    args.bulk_papers = args.bulk_papers or (300 if args.quick else 100_000)
    args.ray_papers = args.ray_papers or (200 if args.quick else 4_000)
    args.sm_papers = args.sm_papers or min(args.papers, 100 if args.quick else 1_000)
    if args.scaling:
        args.scaling = [int(s) for s in args.scaling.split(",")]
    elif args.quick:
        args.scaling = sorted({max(10, args.papers // 5), args.papers})
    else:
        args.scaling = list(FULL_SCALING)
    return args


def _loadavg() -> str:
    """1/5/15-minute load averages: how busy the machine was (other work skews timings)."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def _previous(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _seed_graph(limit: int | None, log):
    """The seed graph: the bundled corpus extracted and assembled (in this process)."""
    from kg.extraction import extract
    from kg.extraction.pipeline import build_nlp
    from kg.graph.assemble import build_graph

    papers = bundled_papers()[:limit]
    log(f"seed graph: extracting {len(papers)} bundled papers")
    extractions = list(extract(papers, build_nlp()))
    graph = build_graph(extractions, papers)
    log(f"seed graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    return graph


def _neo4j_sections(args: argparse.Namespace, results: dict, graph, log) -> str | None:
    """Load and questions share one server; returns the server's version."""
    from bench import neo4j_bench, questions

    with neo4j_bench.neo4j_server(log) as server:
        driver = neo4j_bench.connect(server)
        try:
            version = server.version or neo4j_bench.server_version(driver)
            if "load" in args.only:
                budget = args.naive_budget or None
                results["load"] = neo4j_bench.run(driver, graph, budget, log)
                results["load"].update(server=version, where=server.where)
            if "questions" in args.only:
                results["questions"] = questions.run(graph, driver, args.repeats, log)
        finally:
            driver.close()
    return version


def derive(results: dict) -> None:
    """Recompute the derived figures (ratios, summaries, bars) with the current code."""
    ex = results.get("extraction")
    if ex and "runs" in ex:
        ex["ratios"] = extraction.ratios(ex["runs"], ex["cores"])
    if results.get("scaling", {}).get("points"):
        results["scaling"]["summary"] = scaling.summarise(results["scaling"]["points"])
    results["bars"] = report.bars(results)


def _measured(command: str, load_before: str, started: float) -> dict:
    """When and under what machine load a section was measured (kept with --only)."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "seconds": round(time.perf_counter() - started, 1),
        "load_average_before": load_before,
        "load_average_after": _loadavg(),
    }


def _scale_sections(args: argparse.Namespace, results: dict, command: str) -> None:
    """bulk and ray (bench/scale.py); a failure is reported in the section."""
    from bench import scale

    workdir = ROOT / "bench" / "out"
    runs = {
        "bulk": lambda: scale.run_bulk(args.bulk_papers, workdir, _log),
        "ray": lambda: scale.run_ray(args.ray_papers, 64, workdir, _log),
    }
    for section, measure in runs.items():
        if section not in args.only:
            continue
        section_start, section_load = time.perf_counter(), _loadavg()
        try:
            results[section] = measure()
        except Exception as exc:  # a benchmark reports what it could not measure
            _log(f"{section}: not measured: {exc}")
            results[section] = {"error": f"{type(exc).__name__}: {exc}"}
        results[section]["measured"] = _measured(command, section_load, section_start)


def run(args: argparse.Namespace) -> dict:
    out_json = args.out / "results.json"
    results = _previous(out_json) if set(args.only) != set(SECTIONS) else {}
    command = "python -m bench " + " ".join(sys.argv[1:])
    started, load_before = time.perf_counter(), _loadavg()
    if "extraction" in args.only:
        results["extraction"] = extraction.run(args.papers, args.sm_papers, _log)
        results["extraction"]["distinct_papers"] = len(bundled_papers())
        results["extraction"]["measured"] = _measured(command, load_before, started)
    neo4j_version = results.get("machine", {}).get("neo4j_server")
    if {"load", "questions"} & set(args.only):
        section_start, section_load = time.perf_counter(), _loadavg()
        graph = _seed_graph(args.seed_papers, _log)
        try:
            neo4j_version = _neo4j_sections(args, results, graph, _log)
        except Exception as exc:  # a benchmark reports what it could not measure
            _log(f"neo4j: not measured: {exc}")
            for section in ("load", "questions"):
                if section in args.only:
                    results[section] = {"error": f"{type(exc).__name__}: {exc}"}
        for section in ("load", "questions"):
            if section in args.only:
                results[section]["measured"] = _measured(command, section_load, section_start)
    if "scaling" in args.only:
        section_start, section_load = time.perf_counter(), _loadavg()
        results["scaling"] = scaling.run(args.scaling, ROOT / "bench" / "out", _log)
        results["scaling"]["measured"] = _measured(command, section_load, section_start)
    _scale_sections(args, results, command)
    derive(results)
    results["machine"] = describe(neo4j_version)
    results["run"] = _measured(command, load_before, started)
    results["run"]["sections"] = ", ".join(args.only)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        results = _previous(args.out / "results.json")
        if not results:
            _log(f"no results.json in {args.out}")
            return 1
        derive(results)
    else:
        results = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "RESULTS.md").write_text(report.render(results), encoding="utf-8")
    _log(f"wrote {args.out / 'results.json'} and {args.out / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
