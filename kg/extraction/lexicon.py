"""kg_lexicon: known names from the pattern JSONL in extractors/ (PhraseMatcher).

Each pattern line is `{"label": TYPE, "pattern": "surface form", "id": "canonical name"}`
(spaCy EntityRuler format; an optional `"case": "sensitive"|"insensitive"` overrides the
default). Single words bearing a capital ("GLUE", "T5", "OPT") match with their case;
everything else matches case-insensitively, plus simple plural and hyphen
variants. The component only proposes candidates; kg_entities decides.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extraction.extensions import Candidate, candidates_of
from kg.extraction.knowledge import lexicon_patterns
from kg.types import EntityType


def case_sensitive(pattern: str) -> bool:
    """Single words with a capital ("GLUE", "T5", "InOrder") match only as written."""
    return " " not in pattern.strip() and bool(re.search(r"[A-Z]", pattern))


def variants(pattern: str) -> set[str]:
    """Surface variants matched besides the pattern: plural, hyphen as space or joined."""
    out = {pattern}
    if re.fullmatch(r"[a-z][a-z -]*[a-z]", pattern) and len(pattern) > 4:
        out.add(pattern + "es" if pattern.endswith(("s", "x", "sh", "ch")) else pattern + "s")
    if "-" in pattern and re.fullmatch(r"[a-z][a-z0-9 -]*", pattern):
        out.add(pattern.replace("-", " "))
        out.add(pattern.replace("-", ""))
    return out


# Task lists (Papers with Code) name learning paradigms and techniques as tasks; the
# guidelines call techniques and training procedures Methods ("few-shot learning").
_METHOD_HEAD = re.compile(
    r"(?:learning|distillation|pruning|quantization|prompting|tuning|augmentation|adaptation)$",
    re.I,
)


def pattern_label(row: dict[str, Any]) -> str:
    """The row's type; a listed Task named by a technique's head word is a Method."""
    label = row["label"]
    if label == EntityType.TASK and not row.get("curated") and _METHOD_HEAD.search(row["pattern"]):
        return EntityType.METHOD
    return label


class LexiconMatcher:
    def __init__(self, nlp: Language, folder: str | None = None):
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[str, tuple[str, str, bool]] = {}
        by_matcher: dict[tuple[bool, str], list[str]] = {}
        for row in lexicon_patterns(folder):
            pattern, label = row["pattern"], pattern_label(row)
            key = f"{label}|{row.get('id') or pattern}"
            self.entries[key] = (label, row.get("id") or pattern, bool(row.get("curated")))
            case = row.get("case")
            sensitive = case == "sensitive" if case else case_sensitive(pattern)
            for form in variants(pattern) if not sensitive else {pattern}:
                by_matcher.setdefault((sensitive, key), []).append(form)
        for (sensitive, key), forms in by_matcher.items():
            matcher = self.orth if sensitive else self.lower
            maker = nlp.make_doc
            matcher.add(key, [maker(f) for f in forms])

    def __call__(self, doc: Doc) -> Doc:
        out = candidates_of(doc)
        strings = doc.vocab.strings
        for matcher in (self.orth, self.lower):
            for match_id, start, end in matcher(doc):
                label, cid, curated = self.entries[strings[match_id]]
                out.append(Candidate(start, end, label, cid, "lexicon", 0.9, 60 + 10 * curated))
        return doc


@Language.factory("kg_lexicon", default_config={"folder": None})
def make_lexicon(nlp: Language, name: str, folder: str | None) -> LexiconMatcher:
    return LexiconMatcher(nlp, folder)
