"""Cross-paper entity resolution: one node per real-world thing, every merge explained.

Run by kg.graph.assemble before the nodes are made. Three kinds of evidence join names:

- the same fold (kg.graph.folding): case, spacing, hyphens, plurals, British spelling,
  articles and suffix words ("GLUE benchmark" is GLUE, "ViTs" is ViT);
- a defined acronym: each paper's own definitions ("in-context learning (ICL)", found by
  extraction as entity aliases) pooled over the corpus, plus the acronyms of the curated
  lists (extractors/curated*.jsonl). An acronym is decided per paper: a paper that defines
  it gets its own meaning; a paper that only uses it gets the meaning most papers give it,
  or, when the papers disagree (AST = Abstract Syntax Tree / Audio Spectrogram
  Transformer), a node of its own;
- the aliases one paper gives one entity.

``never_merge`` pairs of extractors/resolution.json are never joined (Llama 2 / LLaMA).
The result maps each (paper, surface form) to a node key, with a display name and the
list of merged surface forms and why (node attribute ``merged``).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.graph.folding import (
    Rules,
    fold,
    is_acronym,
    is_long_form,
    load_rules,
    meaning_signature,
)
from kg.graph.keys import entity_key
from kg.models import Extraction
from kg.types import EntityType

CURATED = "curated list"
_SPELLED_OUT = frozenset({EntityType.TASK, EntityType.METHOD})
_BY_FOLD = "\0"  # reasons keyed by a fold rather than a surface form


@dataclass
class Resolution:
    """Where every (paper, surface form) lands, and what each node merged."""

    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (paper id, entity_key)
    names: dict[str, str] = field(default_factory=dict)  # node key -> display name
    merged: dict[str, list[str]] = field(default_factory=dict)  # node key -> explanations
    by_fold: dict[str, str] = field(default_factory=dict)  # fold -> node key (paper-free use)
    rules: Rules | None = None

    def key(self, paper_id: str, surface: str) -> str:
        """The node key of a name as one paper uses it."""
        found = self.keys.get((paper_id, entity_key(surface)))
        return found if found is not None else self.key_for_text(surface)

    def key_for_text(self, surface: str) -> str:
        """The node key of a name outside any paper (a family named by extraction)."""
        if self.rules is not None:
            found = self.by_fold.get(fold(surface, self.rules))
            if found is not None:
                return found
        return entity_key(surface)


class _Clusters:
    """Union-find over concept ids that refuses joins crossing a never-merge pair."""

    def __init__(self, never: frozenset[frozenset[str]]):
        self.parent: dict[str, str] = {}
        self.folds: dict[str, set[str]] = {}
        self.never = never
        self.refused: list[tuple[str, str]] = []

    def add(self, concept: str, folded: str | None) -> None:
        if concept not in self.parent:
            self.parent[concept] = concept
            self.folds[concept] = {folded} if folded else set()

    def find(self, concept: str) -> str:
        root = concept
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[concept] != root:
            self.parent[concept], concept = root, self.parent[concept]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        fa, fb = self.folds[ra], self.folds[rb]
        if any(
            len(pair) == 2 and (pair & fa) and (pair & fb) and not (pair <= fa or pair <= fb)
            for pair in self.never
        ):
            self.refused.append((a, b))
            return
        if (len(fa), ra) < (len(fb), rb):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.folds[ra] = fa | fb


@dataclass
class _Definitions:
    """Acronym definitions pooled over the corpus."""

    votes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    local: dict[tuple[str, str], str] = field(default_factory=dict)  # (paper, acro) -> sig
    longs: dict[tuple[str, str], dict[str, str]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # (acro, sig) -> long fold -> surface
    chosen: dict[str, str | None] = field(default_factory=dict)  # acro -> corpus meaning

    def add(self, where: str, acronym: str, long_form: str, rules: Rules) -> None:
        acro, sig = fold(acronym, rules), meaning_signature(long_form, rules)
        if not acro or not sig:
            return
        if (where, acro) not in self.local:
            self.votes[acro][sig] += 1
            self.local[(where, acro)] = sig
        self.longs[(acro, sig)].setdefault(fold(long_form, rules), long_form)

    def decide(self) -> None:
        """An acronym's corpus meaning: the one more papers give it than all others together."""
        for acro, votes in self.votes.items():
            (top, count), *rest = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
            self.chosen[acro] = top if count > sum(c for _, c in rest) else None


def resolve_entities(extractions: Iterable[Extraction], rules: Rules | None = None) -> Resolution:
    """Resolve every paper's entities to graph nodes (see the module docstring)."""
    rules = rules or load_rules()
    ordered = sorted(extractions, key=lambda x: x.id)
    defs = _definitions(ordered, rules)
    clusters = _Clusters(rules.never_merge)
    for (acro, sig), longs in defs.longs.items():
        meaning = f"m:{acro}:{sig}"
        clusters.add(meaning, acro)
        for long_fold in longs:
            clusters.add(f"f:{long_fold}", long_fold)
            clusters.union(meaning, f"f:{long_fold}")
    placed: dict[tuple[str, str], str] = {}  # (paper, entity_key(surface)) -> concept
    reasons: dict[str, str] = {}  # surface -> why it joined
    for x in ordered:
        for ent in x.entities:
            concepts = []
            for surface in [ent.name, *ent.aliases]:
                if not entity_key(surface):
                    continue
                concept, why = _concept(x.id, surface, defs, rules)
                clusters.add(concept, concept.split(":")[1])
                placed.setdefault((x.id, entity_key(surface)), concept)
                if why or surface != ent.name:
                    reasons.setdefault(surface, why or f"alias of {ent.name!r} in paper {x.id}")
                concepts.append(concept)
            for other in concepts[1:]:
                clusters.union(concepts[0], other)
    _join_synonyms(clusters, rules, reasons, defs)
    return _name_nodes(ordered, clusters, placed, reasons, rules)


def _join_synonyms(
    clusters: _Clusters, rules: Rules, reasons: dict[str, str], defs: _Definitions
) -> None:
    """The listed synonyms of extractors/resolution.json, where the corpus names both."""
    for a, b in rules.synonyms:
        ids = [_concept("", name, defs, rules)[0] for name in (a, b)]
        if all(i in clusters.parent for i in ids):
            clusters.union(*ids)
            for name, other in ((a, b), (b, a)):
                reasons.setdefault(
                    _BY_FOLD + fold(name, rules),
                    f"listed synonym of {other!r} (extractors/resolution.json)",
                )


def _definitions(extractions: list[Extraction], rules: Rules) -> _Definitions:
    defs = _Definitions()
    for x in extractions:
        for ent in x.entities:
            surfaces = [ent.name, *ent.aliases]
            for acronym in (s for s in surfaces if is_acronym(s)):
                for long_form in (s for s in surfaces if is_long_form(s, acronym)):
                    defs.add(x.id, acronym, long_form, rules)
    for row in _curated_rows(rules):
        pattern, ident = row.get("pattern", ""), row.get("id", "")
        for acronym, long_form in ((pattern, ident), (ident, pattern)):
            if is_acronym(acronym) and is_long_form(long_form, acronym):
                defs.add(f"{CURATED}:{acronym}", acronym, long_form, rules)
    defs.decide()
    return defs


def _curated_rows(rules: Rules) -> list[dict[str, Any]]:
    base = rules.curated_dir
    if base is None:
        return []
    rows = []
    for path in sorted(base.glob("curated*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue  # the extraction stage reports bad curated lines
            if isinstance(row, dict) and row.get("pattern") != row.get("id"):
                rows.append(row)
    return rows


def _concept(
    paper_id: str,
    surface: str,
    defs: _Definitions,
    rules: Rules,
) -> tuple[str, str | None]:
    """The concept id a surface form names in one paper, and why it is not its plain fold."""
    folded = fold(surface, rules)
    if folded not in defs.votes or " " in surface.strip():
        return f"f:{folded}", None
    sig = defs.local.get((paper_id, folded))
    if sig is not None:
        long_form = next(iter(defs.longs[(folded, sig)].values()))
        return f"m:{folded}:{sig}", f"acronym defined in paper {paper_id} as {long_form!r}"
    sig = defs.chosen.get(folded)
    if sig is not None:
        long_form = next(iter(defs.longs[(folded, sig)].values()))
        votes = defs.votes[folded][sig]
        return f"m:{folded}:{sig}", f"acronym of {long_form!r} (defined so in {votes} source(s))"
    return f"a:{folded}", None


def _name_nodes(
    extractions: list[Extraction],
    clusters: _Clusters,
    placed: dict[tuple[str, str], str],
    reasons: dict[str, str],
    rules: Rules,
) -> Resolution:
    """Display name, unique key and explanations per cluster. The display name is the most
    frequent name; for a task or method with a defined acronym, its most frequent long form
    (models keep their names: BERT, not its expansion)."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, dict[str, int]] = defaultdict(dict)
    papers: dict[str, set[str]] = defaultdict(set)
    surfaces: dict[str, set[str]] = defaultdict(set)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    longs: dict[str, Counter[str]] = defaultdict(Counter)
    order = 0
    for x in extractions:
        for ent in x.entities:
            if not entity_key(ent.name):
                continue
            root = clusters.find(placed[(x.id, entity_key(ent.name))])
            order += 1
            names[root][ent.name] += 1
            first[root].setdefault(ent.name, order)
            papers[root].add(x.id)
            surfaces[root].update(s for s in [ent.name, *ent.aliases] if entity_key(s))
            types[root][ent.type] += 1
            longs[root].update(
                s for s in [ent.name, *ent.aliases] if " " in s.strip() and not is_acronym(s)
            )
    defined = {clusters.find(c) for c in clusters.parent if c[0] == "m"}
    result = Resolution(rules=rules)
    taken: set[str] = set()
    for root in sorted(names, key=lambda r: (-len(papers[r]), r)):
        counts = names[root]
        if root in defined and longs[root] and types[root].most_common(1)[0][0] in _SPELLED_OUT:
            counts = longs[root]  # a task or method reads best in words: 'information retrieval'
        display = min(
            counts,
            key=lambda n: (
                -counts[n],
                entity_key(n) != fold(n, rules),
                first[root].get(n, order + 1),
                n,
            ),
        )
        key = _unique_key(display, surfaces[root], taken)
        result.names[key] = display
        result.merged[key] = _explain(display, surfaces[root], reasons, rules)
        names[root] = Counter({key: 0})  # reuse the slot: root -> key
    key_of = {root: next(iter(c)) for root, c in names.items()}
    for (paper_id, surface_key), concept in placed.items():
        found = key_of.get(clusters.find(concept))
        if found is not None:
            result.keys[(paper_id, surface_key)] = found
    for concept in clusters.parent:
        found = key_of.get(clusters.find(concept))
        if found is not None and concept[0] == "f":
            result.by_fold.setdefault(concept[2:], found)
    return result


def _unique_key(display: str, surfaces: set[str], taken: set[str]) -> str:
    """entity_key(display); when another node has it (one acronym, two meanings), the key
    of this node's long form."""
    candidates = [entity_key(display)]
    candidates += sorted((entity_key(s) for s in surfaces if " " in s), key=lambda k: (-len(k), k))
    for key in candidates:
        if key and key not in taken:
            taken.add(key)
            return key
    base, n = candidates[0], 2
    while f"{base}{n}" in taken:
        n += 1
    taken.add(f"{base}{n}")
    return f"{base}{n}"


def _explain(display: str, surfaces: set[str], reasons: dict[str, str], rules: Rules) -> list[str]:
    """One line per surface form other than the display name: how it joined."""
    base = fold(display, rules)
    lines = []
    for surface in sorted(surfaces - {display}):
        if fold(surface, rules) == base:
            why = "same name folded (case, spacing, hyphens, plural, spelling, suffix word)"
        else:
            why = reasons.get(surface) or reasons.get(
                _BY_FOLD + fold(surface, rules), "named together"
            )
        lines.append(f"{surface}: {why}")
    return lines
