"""Benchmarks of kg on the current machine: `python -m bench` (or `make bench`).

Each measurement runs in its own child process (`bench.worker`) so that peak memory
figures (ru_maxrss) do not mix; the parent only orchestrates, talks to Neo4j and writes
`results.json` and `RESULTS.md`. Speed is measured here, never asserted in tests.
"""
