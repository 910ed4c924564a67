"""Score extractions against gold annotations, by the rules of eval/score.py.

Per paper, entities are sets of (normalized name, type) and a prediction matches a gold
entity when its name is one of the gold forms (name, aliases, family of a size variant,
singular of a plural); relations likewise, with `@paper` standing for the paper's own
contributions; micro-averaged over papers. Used by the regression test and tools.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kg.types import EntityType

TYPES = [t.value for t in EntityType]
# eval/score.py's size-variant rule, verbatim (extraction's own family rule, in
# kg.extraction.convert, also strips chat/instruct and single-letter sizes).
_VARIANT = re.compile(
    r"(?:[-\s_]?(?:base|large|small|tiny|mini|medium|xl|xxl|huge|giant|\d+(?:\.\d+)?[bmk]|v\d+(?:\.\d+)?))+$",
    re.I,
)


def norm(s: str) -> str:
    """eval/score.py's rule, verbatim (ASCII letters and digits only), so that figures
    computed here equal the scorer's. Not kg's entity key (kg.keys.entity_key), which
    keeps letters of every script; the two differ only on non-ASCII names."""
    return re.sub(r"[^a-z0-9]", "", s.lower().replace("+", "plus"))


def forms(name: str, aliases: Iterable[str] = ()) -> set[str]:
    out = set()
    for s in [name, *aliases]:
        out.add(norm(s))
        fam = _VARIANT.sub("", s.strip())
        if fam and fam != s.strip():
            out.add(norm(fam))
        if s.lower().endswith("s") and len(s) > 4:
            out.add(norm(s[:-1]))
    out.discard("")
    return out


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(gold: list[Any], pred: list[Any], same: Callable[..., Any]) -> tuple[int, int, int]:
    used: set[int] = set()
    fp = 0
    for pi in pred:
        hit = next((i for i, g in enumerate(gold) if i not in used and same(g, pi)), None)
        if hit is None:
            fp += 1
        else:
            used.add(hit)
    return len(used), fp, len(gold) - len(used)


def _rel(r: object) -> tuple[str, str, str]:
    if isinstance(r, dict):
        return r.get("head", ""), r.get("type", ""), r.get("tail", "")
    return tuple(r[:3])  # type: ignore[index]


def score(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> dict[str, PRF]:
    """Figures by name: 'entity <Type>', 'entity', 'proposes', 'relation'."""
    out = {f"entity {t}": PRF() for t in TYPES} | {
        "entity": PRF(),
        "proposes": PRF(),
        "relation": PRF(),
    }
    for key, g in gold.items():
        p = pred.get(key, {})
        gents = [(e["type"], forms(e["name"], e.get("aliases", []))) for e in g["entities"]]
        pents = list(
            dict.fromkeys(
                (e["type"], norm(e["name"])) for e in p.get("entities", []) if norm(e["name"])
            )
        )
        for t in TYPES:
            figures = _match(
                [x for x in gents if x[0] == t],
                [x for x in pents if x[0] == t],
                lambda gi, pi: pi[1] in gi[1],
            )
            out[f"entity {t}"].add(*figures)
            out["entity"].add(*figures)
        alias: dict[str, set[str]] = {}
        for e in g["entities"]:
            fs = forms(e["name"], e.get("aliases", []))
            for f in fs:
                alias.setdefault(f, set()).update(fs)
        gp = [alias.get(norm(x), {norm(x)}) for x in g.get("proposes", [])]
        gprop = set().union(*gp) if gp else set()
        pprop = list({norm(x) for x in p.get("proposes", []) if norm(x)})
        out["proposes"].add(*_match(gp, pprop, lambda gi, pi: pi in gi))

        def ends(name: str, alias: dict[str, Any] = alias, gprop: set[str] = gprop) -> set[str]:
            return {"@paper"} | gprop if name == "@paper" else alias.get(norm(name), {norm(name)})

        grels = [(ends(h), t, ends(x)) for h, t, x in map(_rel, g.get("relations", []))]
        prels = list(
            {
                ("@paper" if h == "@paper" else norm(h), t, norm(x))
                for h, t, x in map(_rel, p.get("relations", []))
            }
        )
        for t in {r[1] for r in grels} | {r[1] for r in prels}:
            out["relation"].add(
                *_match(
                    [r for r in grels if r[1] == t],
                    [r for r in prels if r[1] == t],
                    lambda gi, pi, gprop=gprop: (
                        (pi[0] in gi[0] or (pi[0] == "@paper" and bool(gi[0] & gprop)))
                        and pi[2] in gi[2]
                    ),
                )
            )
    return out
