"""Typing rules kg_entities applies to a whole entity (all its mentions), after the
candidates' own labels have been weighed (GUIDELINES.md, "Entity types"):

- a paper's own named contribution takes the type the paper describes it with
  ("MoNoise: a normalization model", "ULMFiT, an effective transfer learning method");
  without a description, a member that calls it a Model (a lexicon entry, a
  "called X" after "neural structure") wins over the Method default;
- an unknown name built on a known model family ("GA-RNNG", "FooBERT", "LLaMA-Adapter")
  is a Model: a listed Model name, or a Model of the same paper, is one of its hyphen or
  space parts, or (four letters or more, in capitals) its prefix or suffix; so is an
  unknown name before a model head noun ("the JAMR parser");
- a lower-case description typed Model ("recurrent neural network", "memory network")
  names a class of models, not one, so it is a Method unless the paper proposes it.
The word lists live in extractors/typing.json.
"""

from __future__ import annotations

import functools
import re

from kg.extraction.coinage import first_type, name_then
from kg.extraction.extensions import Candidate
from kg.extraction.knowledge import extractors_dir, lexicon_patterns, norm
from kg.extraction.knowledge_files import load_json
from kg.types import EntityType

_GUESSED = frozenset({"name-shape", "head-phrase", "abbreviation"})
_PART = re.compile(r"[-\s_/]+")
# a lower-case description ("recurrent neural network", "memory network") names a class
# of models, not one: the guidelines make it a Method unless the paper presents it
_GENERIC_MODEL = re.compile(r"[a-z][a-z-]*(?: [a-z][a-z-]*)+")
_DESCRIBED = re.compile(r"\)?(?:,|:| is| as| \(| -+| \u2014)\s*(?:[Aa]n?|[Tt]he)\s+([^.;:]{0,60})")
_NEXT_WORD = re.compile(r" ([a-z]+)\b")
_WORD = re.compile(r"[a-z]+")
_TRUSTED = frozenset(
    {"lexicon", "contribution:called", "contribution:coined", "contribution:title"}
)
# a lower-case technique word at the end ("asymmetric tri-training") names a Method
_TECHNIQUE_END = re.compile(r"(?:^|[\s-])[a-z]+(?:ing|ion|ment)s?$")


@functools.cache
def typing_words(folder: str | None = None) -> dict[str, frozenset[str]]:
    """extractors/typing.json: word lists (see its _comment)."""
    data = load_json(extractors_dir(folder) / "typing.json")
    return {k: frozenset(w.lower() for w in v) for k, v in data.items() if isinstance(v, list)}


@functools.cache
def model_families(folder: str | None = None) -> frozenset[str]:
    """Normalized names of listed Models, three characters or more, that are not also
    listed under another type or as a common word (typing.json "not_families")."""
    models: set[str] = set()
    others: set[str] = set()
    for row in lexicon_patterns(folder):
        key = norm(row.get("id") or row["pattern"])
        if len(key) >= 3 and not key.isdigit():
            (models if row["label"] == EntityType.MODEL else others).add(key)
    return frozenset(models - others - typing_words(folder).get("not_families", frozenset()))


def described_type(
    name: str, text: str, heads: frozenset[str] = frozenset(), data: frozenset[str] = frozenset()
) -> str | None:
    """The type word of "NAME, a ...", "NAME: a ...", "NAME is a ...", "NAME (a ...)";
    a model head among its first words ("CAMR, the transition-based parser") -> Model."""
    for m in name_then(name, text, _DESCRIBED):
        label = first_type(m.group(1))
        if label:
            return label
        for word in _WORD.findall(m.group(1).lower())[:5]:
            if word in heads or word in data:
                return EntityType.MODEL if word in heads else EntityType.DATASET
    return None


def followed_by_head(name: str, text: str, heads: frozenset[str]) -> bool:
    """Whether the name stands before a model head noun: "the JAMR parser"."""
    return any(m.group(1).lower() in heads for m in name_then(name, text, _NEXT_WORD))


def family_member(name: str, families: frozenset[str], paper_models: set[str]) -> bool:
    """Whether an unknown name is built on a model family: "GA-RNNG", "Q8BERT", "LLaMA-X"."""
    parts = [p for p in _PART.split(name) if p]
    if len(parts) > 1 and any(
        norm(p) in paper_models or (norm(p) in families and not p.islower()) for p in parts
    ):
        return True
    key = norm(name)
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    if len(letters) != len(key):  # "+" or accents: positions would not line up
        return False
    for size in range(4, len(key)):
        for at in (0, len(key) - size):
            fam = key[at : at + size]
            if fam in families or fam in paper_models:
                surface = letters[at : at + size]
                if surface[:1].isupper() and sum(c.isupper() for c in surface) >= 2:
                    return True
    return False


# A name used as a training method: "MAE pre-training", "CTC-style training"
_TRAINED_AFTER = re.compile(r"(?:[- ]style)?[- ](?:pre-?training|pretraining|training|objective)\b")


def trained_with(name: str, text: str) -> bool:
    """Does the text follow the name with "pre-training", "training" or "objective"?"""
    at = text.find(name)
    while at >= 0:
        if _TRAINED_AFTER.match(text, at + len(name)):
            return True
        at = text.find(name, at + 1)
    return False


def refine_label(
    name: str,
    label: str,
    members: list[Candidate],
    text: str,
    families: frozenset[str],
    paper_models: set[str],
    heads: frozenset[str] = frozenset(),
    data: frozenset[str] = frozenset(),
) -> str:
    """The entity's type after the contribution, model-family and model-class rules."""
    contributed = [c for c in members if c.rule.startswith("contribution")]
    if contributed:
        described = described_type(name, text, heads, data)
        if described:
            return described
        if (
            label == EntityType.METHOD
            and not _TECHNIQUE_END.search(name)
            and any(c.label == EntityType.MODEL and c.rule in _TRUSTED for c in members)
        ):
            return EntityType.MODEL
        if (
            label == EntityType.MODEL
            and _GENERIC_MODEL.fullmatch(name)
            and any(c.label == EntityType.METHOD and c.rule == "lexicon" for c in members)
        ):
            return EntityType.METHOD  # a listed model class, not a coinage of the paper
    elif label == EntityType.MODEL and _GENERIC_MODEL.fullmatch(name):
        return EntityType.METHOD
    if label == EntityType.METRIC and trained_with(name, text):
        return EntityType.METHOD  # "MAE pre-training": a training method, not mean absolute error
    if label == EntityType.METHOD and all(c.rule in _GUESSED or c in contributed for c in members):
        return unknown_name_label(name, text, families, paper_models, heads, data)
    return label


def unknown_name_label(
    name: str,
    text: str,
    families: frozenset[str],
    paper_models: set[str],
    heads: frozenset[str],
    data: frozenset[str],
) -> str:
    """Model or Dataset for a name no list knows and only the Method default typed."""
    if family_member(name, families, paper_models):
        return EntityType.MODEL
    if name.islower():
        return EntityType.METHOD
    described = described_type(name, text, heads, data)
    if described in (EntityType.MODEL, EntityType.DATASET):
        return described
    if followed_by_head(name, text, heads):
        return EntityType.MODEL
    if followed_by_head(name, text, data):
        return EntityType.DATASET
    return EntityType.METHOD
