"""Result figures as ../shared/eval/score.py computes them (GUIDELINES "Results").

A predicted result matches a gold one of the same paper when the subjects match (names,
aliases and family names; `@paper` also matches the gold's proposed names) and the
values are the same number; `full` also needs the same kind, and the metric and dataset
where the gold names them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.extraction.scoring import PRF, _match, forms, norm


def number(value: object) -> float | None:
    try:
        return float(str(value).replace(",", "").strip().lstrip("+~<>≈").rstrip("%x×"))
    except ValueError:
        return None


Ends = Callable[[str | None], set[str]]
"""The gold forms a name may match."""


def score_results(
    gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]
) -> dict[str, PRF]:
    """{"result": subject+value, "result full": also kind, metric, dataset}."""
    out = {"result": PRF(), "result full": PRF()}
    for key, g in gold.items():
        if "results" not in g:
            continue
        p = pred.get(key, {})
        alias: dict[str, set[str]] = {}
        for e in g["entities"]:
            fs = forms(e["name"], e.get("aliases", []))
            for f in fs:
                alias.setdefault(f, set()).update(fs)
        gprop: set[str] = set()
        for x in g.get("proposes", []):
            gprop |= alias.get(norm(x), {norm(x)})

        def ends(
            name: str | None, alias: dict[str, Any] = alias, gprop: set[str] = gprop
        ) -> set[str]:
            name = name or ""
            return {"@paper"} | gprop if name == "@paper" else alias.get(norm(name), {norm(name)})

        def same(gr: dict[str, Any], pr: dict[str, Any], full: bool, ends: Ends = ends) -> bool:
            ps = pr.get("subject") or ""
            if ("@paper" if ps == "@paper" else norm(ps)) not in ends(gr.get("subject")):
                return False
            gv, pv = number(gr.get("value")), number(pr.get("value"))
            if gv is None or pv is None or abs(gv - pv) > 1e-9 * max(1.0, abs(gv)):
                return False
            return not full or (
                gr.get("kind") == pr.get("kind")
                and named(gr.get("metric"), pr.get("metric"), ends)
                and named(gr.get("dataset"), pr.get("dataset"), ends)
            )

        gres, pres = g["results"], p.get("results", [])
        out["result"].add(*_match(gres, pres, lambda gr, pr, same=same: same(gr, pr, False)))
        out["result full"].add(*_match(gres, pres, lambda gr, pr, same=same: same(gr, pr, True)))
    return out


def named(gold: str | None, pred: str | None, ends: Ends) -> bool:
    return gold in (None, "") or (pred not in (None, "") and norm(pred) in ends(gold))
