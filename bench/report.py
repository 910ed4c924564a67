"""Bars from issue 6 and the markdown report (bench/RESULTS.md) built from results.json."""

from __future__ import annotations

from collections.abc import Callable

BAR_EXTRACTION_PER_CORE = 1000.0  # papers/s per core
BAR_LOAD_RATIO = 20.0  # loader vs naive
BAR_MEMORY_GROWTH = 0.20  # peak at the largest size vs the one before
BAR_QUESTION_P95_MS = 50.0
FULL_EXTRACTION_PAPERS = 20_000


def _fmt(value: object, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _bar(name: str, target: str, value: str, met: bool | None, note: str) -> dict:
    return {"bar": name, "target": target, "value": value, "met": met, "note": note}


def bars(results: dict) -> list[dict]:
    """Each bar of the issue with this run's value, whether it is met, and what limits it."""
    found: list[dict] = []
    for check in (_extraction_bar, _load_bar, _memory_bar, _question_bar):
        bar = check(results)
        if bar:
            found.append(bar)
    return found


def _extraction_bar(results: dict) -> dict | None:
    ex = results.get("extraction")
    run = (ex or {}).get("runs", {}).get("kg_1_process", {})
    one = run.get("papers_per_s")
    if not one:
        return None
    per_cpu = run.get("papers_per_cpu_s") or one
    met = per_cpu >= BAR_EXTRACTION_PER_CORE
    note = "" if met else _extraction_limit(ex, per_cpu)
    return _bar(
        "default extraction, one process",
        f"≥ {BAR_EXTRACTION_PER_CORE:,.0f} papers/s per core",
        f"{per_cpu:,.0f} papers per CPU-second ({one:,.0f} papers/s wall)",
        met,
        note,
    )


def _extraction_limit(ex: dict, one: float) -> str:
    prof = ex.get("profile", {}).get("ms_per_paper")
    tok_run = ex["runs"].get("spacy_tokenizer", {})
    tok = tok_run.get("papers_per_cpu_s") or tok_run.get("papers_per_s")
    parts = [f"{1000 / one:.2f} CPU-ms per paper"]
    if tok:
        parts.append(f"spaCy's tokenizer alone takes {1000 / tok:.2f} ms")
    if prof:
        top = sorted(prof.items(), key=lambda kv: -kv[1])[:3]
        parts.append("largest stages: " + ", ".join(f"{k} {v:.2f} ms" for k, v in top))
        rest = 1000 / one - sum(prof.values())
        if rest > 0:
            parts.append(f"outside the stages (batching, pipe overhead): {rest:.2f} ms")
    return "; ".join(parts) + "."


def _load_bar(results: dict) -> dict | None:
    ratio = (results.get("load") or {}).get("ratio")
    if not ratio:
        return None
    load = results["load"]
    met = ratio >= BAR_LOAD_RATIO
    note = "" if met else _load_limit(load)
    return _bar(
        "Neo4j load vs naive MERGE", f"≥ {BAR_LOAD_RATIO:.0f}×", f"{ratio:,.1f}×", met, note
    )


def _load_limit(load: dict) -> str:
    loader, naive = load["loader"], load["naive"]
    note = (
        f"naive spends {1000 * naive['seconds'] / naive['items']:.2f} ms per item (one "
        f"transaction each); the loader {1000 * loader['seconds'] / loader['items']:.3f} "
        f"ms per item over {loader['items']:,} items"
    )
    schema = loader.get("schema_seconds")
    if schema is not None:
        note += (
            f", of which its schema statements (run before every load, one transaction "
            f"each) take {schema:.2f} s of {loader['seconds']:.2f} s"
        )
    return note + "."


def _memory_bar(results: dict) -> dict | None:
    summary = (results.get("scaling") or {}).get("summary") or {}
    growth = summary.get("memory_growth_last_vs_previous")
    if growth is None:
        return None
    points = [p for p in results["scaling"]["points"] if "error" not in p]
    sizes = f"{points[-1]['size']:,} vs {points[-2]['size']:,} papers"
    met = growth <= BAR_MEMORY_GROWTH
    note = (
        ""
        if met
        else (
            "peak memory grows with the corpus: something holds per-paper "
            "state across the stream (see the RSS samples in results.json)."
        )
    )
    slope = summary.get("rss_growth_mib_per_1000_papers")
    if slope is not None:
        note = (note + " " if note else "") + (
            f"Resident memory sampled along the {points[-1]['size']:,}-paper run grows "
            f"{slope:.2f} MiB per 1,000 papers"
        )
        if points[-1]["size"] < 100_000:
            at_100k = points[-1]["peak_rss_mib"] + slope * (100_000 - points[-1]["size"]) / 1000
            ten_k = next((p["peak_rss_mib"] for p in points if p["size"] == 10_000), None)
            note += f"; at that rate 100,000 papers would peak near {at_100k:,.0f} MiB"
            if ten_k:
                note += f" ({at_100k / ten_k - 1:+.0%} on 10,000 papers)"
        note += "."
        if points[-1]["size"] < 100_000:
            met = None  # the bar is about 100,000 papers, not measured in this run
    return _bar(
        f"peak memory, {sizes}", f"within {BAR_MEMORY_GROWTH:.0%}", f"{growth:+.1%}", met, note
    )


def _question_bar(results: dict) -> dict | None:
    q = results.get("questions") or {}
    worst: tuple[float, str] | None = None
    for backend, rows in q.get("backends", {}).items():
        for name, row in rows.items():
            p95 = row.get("p95_ms")
            if p95 is not None and (worst is None or p95 > worst[0]):
                worst = (p95, f"{name} on {backend}")
    if worst is None:
        return None
    met = worst[0] < BAR_QUESTION_P95_MS
    note = "" if met else _question_limit(q)
    return _bar(
        "every canned question, p95",
        f"< {BAR_QUESTION_P95_MS:.0f} ms",
        f"max {worst[0]:.1f} ms ({worst[1]})",
        met,
        note,
    )


def _question_limit(q: dict) -> str:
    over = [
        f"{name} ({backend}, {row['p95_ms']:.0f} ms)"
        for backend, rows in q["backends"].items()
        for name, row in rows.items()
        if row.get("p95_ms", 0) >= BAR_QUESTION_P95_MS
    ]
    note = f"over the bar (wall clock): {', '.join(over)}."
    embedded = q["backends"].get("embedded", {})
    cpu_over = [
        f"{name} ({row['cpu_p95_ms']:.0f} ms)"
        for name, row in embedded.items()
        if row.get("cpu_p95_ms", 0) >= BAR_QUESTION_P95_MS
    ]
    if any("cpu_p95_ms" in row for row in embedded.values()):
        note += " In CPU time, which a busy machine does not inflate, the embedded questions " + (
            f"over the bar are: {', '.join(cpu_over)}."
            if cpu_over
            else "are all under the bar: the wall-clock misses are waits for a CPU."
        )
    trip = q.get("neo4j_round_trip")
    if trip:
        note += (
            f" On Neo4j a bare `RETURN 1` in a fresh session takes {trip['p50_ms']:.1f} ms "
            f"p50 / {trip['p95_ms']:.1f} ms p95 here, and a question makes one round trip "
            "per entity argument (resolution) plus one for the query."
        )
    return note


Section = Callable[[dict], list[str]]


def render(results: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m bench` (`make bench`) on the machine below; each section "
        "says when and by which command it was measured (`--only` re-measures some sections "
        "and keeps the others). Raw figures: `bench/results.json`. Speed is measured here, "
        "never asserted in tests.",
        "",
    ]
    from bench import scale

    for section in (
        _machine,
        _bars_md,
        _extraction_md,
        _load_md,
        _questions_md,
        _scaling_md,
        scale.render,
    ):
        lines += section(results)
    return "\n".join(lines).rstrip() + "\n"


def _measured(section: dict) -> list[str]:
    m = section.get("measured")
    if not m:
        return []
    return [
        f"Measured {m['date']} by `{m['command']}` in {m['seconds']:,.0f} s; load average "
        f"(1/5/15 min) {m['load_average_before']} before, {m['load_average_after']} after.",
        "",
    ]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def _machine(results: dict) -> list[str]:
    m = results.get("machine", {})
    rows = [[k, _fmt(v, 1)] for k, v in m.items()]
    run = results.get("run", {})
    rows += [[f"last run: {k}", _fmt(v, 1)] for k, v in run.items()]
    return [
        "## Machine and run",
        "",
        "The machine is shared: the load averages say how busy it was while measuring. "
        "CPU-time figures (papers per CPU-second, CPU-ms per stage) are less disturbed "
        "by other work than wall-clock ones.",
        "",
    ] + _table(["", ""], rows)


def _bars_md(results: dict) -> list[str]:
    rows = [
        [
            b["bar"],
            b["target"],
            b["value"],
            {True: "met", False: "**missed**", None: "not measured"}[b["met"]],
            b["note"],
        ]
        for b in results.get("bars", [])
    ]
    return ["## Bars (issue 6)", ""] + _table(
        ["bar", "target", "this run", "", "what limits it"], rows
    )


def _extraction_md(results: dict) -> list[str]:
    ex = results.get("extraction")
    if not ex:
        return []
    rows = []
    for name, run in ex["runs"].items():
        if "error" in run:
            rows.append([name, "failed: " + run["error"].splitlines()[0], "", "", "", "", ""])
            continue
        rows.append(
            [
                name,
                _fmt(run["papers"]),
                _fmt(run["papers_per_s"]),
                _fmt(run.get("papers_per_cpu_s")),
                _fmt(run.get("words_per_s")),
                _fmt(run["peak_rss_mib"]),
                _fmt(run.get("children_peak_rss_mib") or None),
            ]
        )
    out = [
        "## 1. Extraction throughput",
        "",
        f"The bundled corpus ({_fmt(ex.get('distinct_papers'))} distinct papers) repeated to "
        f"{_fmt(ex['papers'])} papers; each configuration in its own process. "
        "en_core_web_sm runs on a subset and is compared per paper.",
        "",
    ]
    if ex["papers"] < FULL_EXTRACTION_PAPERS:
        out += [
            f"This run used fewer than the issue's {FULL_EXTRACTION_PAPERS:,} papers "
            f"(plain `python -m bench` runs {FULL_EXTRACTION_PAPERS:,}).",
            "",
        ]
    out += _measured(ex)
    out += _table(
        [
            "configuration",
            "papers",
            "papers/s (wall)",
            "papers per CPU-s",
            "words/s",
            "peak RSS MiB",
            "workers' peak RSS MiB",
        ],
        rows,
    )
    r = ex.get("ratios", {})
    out += _table(
        ["ratio", "value"],
        [
            [
                "kg ÷ spaCy tokenizer alone (the floor), per CPU-second",
                _fmt(r.get("kg_vs_tokenizer"), 3),
            ],
            [
                "kg ÷ en_core_web_sm full pipeline, per CPU-second",
                _fmt(r.get("kg_vs_en_core_web_sm"), 1),
            ],
            [
                f"all {ex['cores']} cores ÷ one process, wall clock",
                _fmt(r.get("all_cores_speedup"), 2),
            ],
        ],
    )
    out += _parallel_note(ex)
    prof = (ex.get("profile") or {}).get("ms_per_paper")
    if prof:
        out += [
            f"Where a paper's time goes (one process, {_fmt(ex['profile']['papers'])} "
            "papers, each stage timed alone):",
            "",
        ]
        rows = [[k, _fmt(v, 3)] for k, v in prof.items()]
        total = sum(prof.values())
        rows.append(["**sum of the stages**", _fmt(total, 3)])
        per_cpu = ex["runs"].get("kg_1_process", {}).get("papers_per_cpu_s")
        if per_cpu:
            whole = 1000 / per_cpu
            rows.append(["whole kg_1_process run, per paper", _fmt(whole, 3)])
            rows.append(["the rest (spaCy batching, memory zones, caches)", _fmt(whole - total, 3)])
        out += _table(["stage", "CPU ms per paper"], rows)
    return out


def _parallel_note(ex: dict) -> list[str]:
    """Where the CPU of the multi-process run went: the parent feeding, or the workers."""
    multi = ex["runs"].get(f"kg_{ex['cores']}_processes", {})
    workers = multi.get("cpu_seconds_workers")
    if not workers or "cpu_seconds" not in multi:
        return []
    parent = multi["cpu_seconds"] - workers
    return [
        f"Multi-process run: the workers used {workers:,.1f} CPU-s and the parent "
        f"{parent:,.1f} CPU-s ({parent / multi['cpu_seconds']:.0%}) sending papers to "
        "them and receiving their Extraction records. The speedup is also bounded by "
        "whatever else the machine runs (see the load averages).",
        "",
    ]


def _load_md(results: dict) -> list[str]:
    load = results.get("load")
    if not load:
        return []
    if "error" in load:
        return ["## 2. Neo4j load", "", f"Not measured: {load['error']}", ""]
    rows = []
    for name in ("loader", "reload", "naive"):
        run = load.get(name)
        if run:
            rows.append(
                [
                    run["what"],
                    _fmt(run["nodes"]),
                    _fmt(run["relationships"]),
                    _fmt(run["seconds"], 2),
                    _fmt(run["items_per_s"]),
                ]
            )
    out = [
        "## 2. Neo4j load",
        "",
        f"Graph of {load['graph']}; Neo4j {load.get('server', '?')} "
        f"({load.get('where', '?')}). "
        "Naive = one MERGE per node and per relationship, each in its own transaction "
        "(bench/naive.py), on the same server, schema in place, in the same run.",
        "",
    ]
    out += _measured(load)
    out += _table(["run", "nodes", "relationships", "seconds", "items/s"], rows)
    out += [f"Loader ÷ naive: **{_fmt(load.get('ratio'), 1)}×**", ""]
    return out


def _questions_md(results: dict) -> list[str]:
    q = results.get("questions")
    if not q:
        return []
    if "error" in q:
        return ["## 3. Question latency", "", f"Not measured: {q['error']}", ""]
    backends = list(q["backends"])
    names = sorted({n for rows in q["backends"].values() for n in rows})
    rows = []
    for name in names:
        row = [f"`{name} {' '.join(q['arguments'].get(name, []))}`".replace(" `", "`")]
        for b in backends:
            r = q["backends"][b].get(name, {})
            row += (
                [_fmt(r.get("p50_ms"), 2), _fmt(r.get("p95_ms"), 2), _fmt(r.get("cpu_p95_ms"), 2)]
                if "error" not in r
                else ["failed", r["error"][:60], ""]
            )
        rows.append(row)
    header = ["question"] + [
        f"{b} {p}" for b in backends for p in ("p50 ms", "p95 ms", "CPU p95 ms")
    ]
    return (
        [
            "## 3. Question latency",
            "",
            f"Seed graph (the bundled corpus); {q['repeats']} timed runs per question after "
            f"{q['warmup']} warm-up runs; Neo4j times include the Bolt round trip. "
            "CPU p95 is this process's CPU time: all of an embedded question's cost, only the "
            "client side of a Neo4j one.",
            "",
        ]
        + _measured(q)
        + _table(header, rows)
    )


def _scaling_md(results: dict) -> list[str]:
    sc = results.get("scaling")
    if not sc:
        return []
    rows = []
    for p in sc["points"]:
        if "error" in p:
            rows.append([_fmt(p["size"]), "failed", "", "", "", ""])
            continue
        rows.append(
            [
                _fmt(p["size"]),
                _fmt(p["seconds"], 1),
                _fmt(p["papers_per_s"]),
                _fmt(p.get("papers_per_cpu_s")),
                _fmt(p["peak_rss_mib"]),
                _fmt(p["rss_after_load_mib"]),
            ]
        )
    s = sc.get("summary", {})
    largest = max(sc["sizes"], default=0)
    short = (
        []
        if largest >= 100_000
        else [
            f"The largest size in this run is {largest:,} papers; the issue's 100,000-paper point "
            "was not measured (plain `python -m bench` runs 1,000, 10,000 and 100,000).",
            "",
        ]
    )
    return (
        [
            "## 4. Scaling",
            "",
            "Streaming `read JSONL -> extract -> write JSONL`, one process per size, over a "
            f"synthetic corpus of real abstract sentences recombined (seed {sc['seed']}).",
            "",
        ]
        + short
        + _measured(sc)
        + _table(
            [
                "papers",
                "seconds",
                "papers/s",
                "papers per CPU-s",
                "peak RSS MiB",
                "RSS after model load MiB",
            ],
            rows,
        )
        + _table(
            ["summary", "value"],
            [
                [
                    "seconds per paper, largest ÷ smallest size (1.0 = linear)",
                    _fmt(s.get("time_per_paper_ratio"), 2),
                ],
                [
                    "CPU seconds per paper, largest ÷ smallest size (1.0 = linear)",
                    _fmt(s.get("cpu_time_per_paper_ratio"), 2),
                ],
                [
                    "peak memory, largest vs the size before",
                    f"{s['memory_growth_last_vs_previous']:+.1%}"
                    if s.get("memory_growth_last_vs_previous") is not None
                    else "–",
                ],
            ],
        )
    )
