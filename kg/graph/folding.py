"""Surface folding for cross-paper entity resolution: the rules of extractors/resolution.json.

``fold`` maps a surface form to the key two spellings of one thing share: case, spaces and
hyphens (kg.graph.keys.entity_key), a plural last word ("ViTs", "computational costs"),
British spelling ("modelling"), a leading article ("the Pile") and a trailing suffix word
("GLUE benchmark", "BLEU score"). It is used only to compare names, never to display them.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.graph.keys import entity_key
from kg.resources import data_dir

RULES_FILE = "resolution.json"
_WORD = re.compile(r"[^\s\-–/]+")


@dataclass(frozen=True)
class Rules:
    """The editable resolution rules (see extractors/resolution.json)."""

    suffix_words: frozenset[str]
    articles: frozenset[str]
    spelling_suffixes: tuple[tuple[str, str], ...]
    spelling_words: dict[str, str]
    keep_plural: frozenset[str]
    never_merge: frozenset[frozenset[str]]  # pairs of folds
    synonyms: tuple[tuple[str, str], ...]  # (name, name) pairs that are one thing
    family: dict[str, Any]
    curated_dir: Path | None = None


@functools.cache
def load_rules(folder: str | None = None) -> Rules:
    """Read extractors/resolution.json (or FOLDER/resolution.json); a bad file is a ConfigError."""
    base = Path(folder) if folder else data_dir("extractors")
    path = base / RULES_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        rules = Rules(
            suffix_words=frozenset(w.lower() for w in raw.get("suffix_words", [])),
            articles=frozenset(w.lower() for w in raw.get("articles", [])),
            spelling_suffixes=tuple((a, b) for a, b in raw.get("spelling_suffixes", [])),
            spelling_words={a: b for a, b in raw.get("spelling_words", [])},
            keep_plural=frozenset(w.lower() for w in raw.get("keep_plural", [])),
            never_merge=frozenset(),
            synonyms=tuple((a, b) for a, b in raw.get("synonyms", [])),
            family=dict(raw.get("family", {})),
            curated_dir=base,
        )
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(
            f"cannot read the resolution rules: {exc}",
            where=str(path),
            hint="extractors/resolution.json must be a JSON object",
        ) from None
    pairs = frozenset(
        frozenset({fold(a, rules), fold(b, rules)}) for a, b in raw.get("never_merge", [])
    )
    return Rules(**{**rules.__dict__, "never_merge": pairs})


def words_of(name: str) -> list[str]:
    return _WORD.findall(name)


def fold(name: str, rules: Rules) -> str:
    """The comparison key of a surface form.

    >>> r = load_rules()
    >>> [fold(n, r) for n in ("ViTs", "GLUE benchmark", "BLEU scores", "Language Modelling")]
    ['vit', 'glue', 'bleu', 'languagemodeling']
    >>> fold("computational costs", r) == fold("computational cost", r)
    True
    """
    words = words_of(name.strip())
    if len(words) > 1 and words[0].lower() in rules.articles:
        words = words[1:]
    words = [_spelling(w, rules) for w in words]
    if words:
        words[-1] = singular(words[-1], rules)
    if len(words) > 1 and words[-1].lower() in rules.suffix_words:
        rest = entity_key(" ".join(words[:-1]))
        if len(rest) >= 2 and not rest.isdigit():
            words = words[:-1]
    if len(words) > 2 and " ".join(words[-2:]).lower() in rules.suffix_words:
        words = words[:-2]
    return entity_key(" ".join(words)) or entity_key(name)


def _spelling(word: str, rules: Rules) -> str:
    low = word.lower()
    if low in rules.spelling_words:
        return rules.spelling_words[low]
    for british, american in rules.spelling_suffixes:
        if low.endswith(british) and len(low) > len(british) + 2:
            return low[: -len(british)] + american
    return word


def singular(word: str, rules: Rules) -> str:
    """The singular of a last word: 'costs' -> 'cost', 'ViTs' -> 'ViT', 'accuracies' ->
    'accuracy'; acronyms lose only a lowercase s ('SSMs'), never an uppercase one ('MIPS')."""
    low = word.lower()
    if len(word) < 3 or low in rules.keep_plural or not word.endswith("s"):
        return word
    stem = word[:-1]
    if any(c.isupper() for c in stem[1:]) or stem.isupper():  # an acronym: "ViTs", "SSMs"
        return stem if stem[-1].isalnum() else word
    if low.endswith(("ss", "us", "is")):
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return stem


def is_acronym(surface: str) -> bool:
    """A short name written mostly in capitals: ICL, NER, LoRA, ViT, SSMs, GPT-4."""
    text = surface.strip()
    if not 2 <= len(text) <= 12 or " " in text:
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters)


def is_long_form(surface: str, acronym: str) -> bool:
    """A phrase of two or more words (of letters) starting with the acronym's first letter,
    not the acronym with a number or word added ('Llama 2' does not define LLaMA)."""
    words = [w for w in words_of(surface) if any(c.isalpha() for c in w)]
    if len(words) < 2 or " " not in surface or surface[:1].lower() != acronym[:1].lower():
        return False
    return not entity_key(surface).startswith(entity_key(acronym))


def meaning_signature(long_form: str, rules: Rules) -> str:
    """What two long forms of one acronym share when they mean the same thing: the first
    five letters of each word ('masked language model' ~ 'Masked Language Modelling')."""
    words = [entity_key(_spelling(w, rules)) for w in long_form.split()]
    if words:
        words[-1] = entity_key(singular(words[-1], rules))
    return " ".join(w[:5] for w in words if w)
