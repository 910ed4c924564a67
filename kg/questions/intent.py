"""The learned parts of the plain-English router: a name tagger and an intent classifier.

Both are multinomial logistic regressions over sparse binary features, fitted by
tools/train_router.py on the paraphrases in queries/paraphrases/*.txt and stored as data
in queries/paraphrases/router.json (feature names, weights, and the cross-validated
figures). Only numpy runs here: loading takes a few milliseconds, a prediction well
under one.

- The *tagger* marks the tokens that belong to an entity name ("which methods compress
  **Llama 2**?"), from the word, its shape, its neighbours and whether a known name
  covers it, so names the graph has never seen are still found.
- The *intent classifier* reads the text with each name replaced by a placeholder and
  gives a probability per canned question, "none" being a question the catalogue cannot
  answer.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz.distance import OSA

from kg.errors import ConfigError
from kg.extraction.results.numbers import NUMBER_WORDS
from kg.graph.keys import entity_key
from kg.questions.names import GENERIC
from kg.resources import data_dir

ENTITY = "<e>"
NAME_LABEL = "E"  # the tagger's label of a token inside a name ("O" outside)
NUMBER = "<n>"
MAX_GRAM = 6  # longest name (in tokens) looked up in the gazetteer
_TOKEN = re.compile(r"[^\W_]+(?:[-_.+/:'][^\W_]+)*\+*|[^\w\s]|_")
_POSSESSIVE = re.compile(r"'s$", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str) -> list[Token]:
    """Words (with inner hyphens, dots, slashes: "LLaMA-2", "GPT-3.5") and punctuation."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        possessive = _POSSESSIVE.search(word)
        if possessive and len(word) > 2:
            tokens.append(Token(word[: possessive.start()], start, start + possessive.start()))
            tokens.append(
                Token(word[possessive.start() :], start + possessive.start(), match.end())
            )
        else:
            tokens.append(Token(word, start, match.end()))
    return tokens


def shape(word: str) -> str:
    """Letters as X/x, digits as d, runs squeezed: "LLaMA-2" -> "XxX-d"."""
    out: list[str] = []
    for ch in word:
        code = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != code:
            out.append(code)
    return "".join(out)[:8]


def is_number(word: str) -> bool:
    return word.isdigit() or word.lower() in NUMBER_WORDS


# -- cue words --------------------------------------------------------------------------
@dataclass(frozen=True)
class Cues:
    """The cue-word classes of queries/paraphrases/cues.json: whole words and prefixes."""

    words: dict[str, tuple[str, ...]]
    prefixes: dict[str, tuple[str, ...]]

    def of(self, word: str) -> tuple[str, ...]:
        """The classes of `word`: as a whole word, by its longest listed prefix, else by
        a listed word or prefix one typo away (words of 5 letters or more)."""
        found = self.words.get(word, ())
        for k in range(len(word), 2, -1):
            if word[:k] in self.prefixes:
                found = (*found, *self.prefixes[word[:k]])
                break
        if found or len(word) < 5 or not word.isalpha():
            return tuple(dict.fromkeys(found))
        for cue, classes in self.words.items():
            near = len(cue) >= 5 and abs(len(cue) - len(word)) <= 1
            if near and OSA.distance(word, cue, score_cutoff=1) <= 1:
                return classes
        for cue, classes in self.prefixes.items():
            if len(cue) >= 5 and OSA.distance(word[: len(cue)], cue, score_cutoff=1) <= 1:
                return classes
        return ()


@functools.cache
def load_cues() -> Cues:
    data = json.loads((data_dir("queries") / "paraphrases" / "cues.json").read_text("utf-8"))
    words: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    for name, entries in data["cues"].items():
        for entry in entries:
            entry = entry.lower()
            into = prefixes if entry.endswith("*") else words
            into.setdefault(entry.rstrip("*"), []).append(name)
    return Cues({w: tuple(c) for w, c in words.items()}, {p: tuple(c) for p, c in prefixes.items()})


@functools.lru_cache(maxsize=65536)
def cue_classes(word: str) -> tuple[str, ...]:
    """The cue classes of one lower-case word (cached: the typo search is the slow part)."""
    return load_cues().of(word)


# -- features --------------------------------------------------------------------------
def tagger_features(tokens: Sequence[Token], known: Sequence[bool]) -> list[list[str]]:
    """Per token: the word, its shape and affixes, its neighbours, whether a name covers it."""
    words = [t.lower for t in tokens]
    shapes = [shape(t.text) for t in tokens]
    padded = ["<s>", "<s>", *words, "</s>", "</s>"]
    rows = []
    for i in range(len(tokens)):
        w = words[i]
        feats = [
            "bias",
            f"w:{w}",
            f"s:{shapes[i]}",
            f"suf:{w[-3:]}",
            f"pre:{w[:3]}",
            f"p1:{padded[i + 1]}",
            f"p2:{padded[i]}",
            f"n1:{padded[i + 3]}",
            f"n2:{padded[i + 4]}",
            f"p1w:{padded[i + 1]}|{w}",
            f"wn1:{w}|{padded[i + 3]}",
            f"ps:{shapes[i - 1] if i else '<s>'}",
            f"ns:{shapes[i + 1] if i + 1 < len(tokens) else '</s>'}",
            f"len:{min(len(w), 8)}",
        ]
        if known[i]:
            feats += ["known", f"known_s:{shapes[i]}", f"known_p1:{padded[i + 1]}"]
        if i == 0:
            feats.append(f"first_s:{shapes[i]}")
        if any(ch.isdigit() for ch in w):
            feats.append("digit")
        feats += [f"cue:{c}" for c in cue_classes(w)]
        rows.append(feats)
    return rows


def intent_features(tokens: Sequence[Token], spans: Iterable[tuple[int, int]]) -> list[str]:
    """Word uni- and bigrams and character n-grams, each name span as one placeholder."""
    words = _masked_words(tokens, spans)
    feats = ["bias"]
    padded = ["<s>", *words, "</s>"]
    feats += [f"w:{w}" for w in words]
    feats += [f"b:{a}|{b}" for a, b in zip(padded, padded[1:], strict=False)]
    stems = [stem(w) for w in padded]
    feats += [f"s:{w}" for w in stems[1:-1]]
    feats += [f"sb:{a}|{b}" for a, b in zip(stems, stems[1:], strict=False)]
    for w in words:
        if w in (ENTITY, NUMBER) or not w[0].isalnum():
            continue
        marked = f"#{w}#"
        feats += [f"c:{marked[i : i + n]}" for n in (3, 4, 5) for i in range(len(marked) - n + 1)]
    if not any(w == ENTITY for w in words):
        feats.append("no_entity")
    feats.append(f"names:{min(words.count(ENTITY), 3)}")
    if words:
        feats += [f"first:{words[0]}", f"last:{words[-1]}"]
    feats += _cue_features(words)
    return feats


def _cue_features(words: Sequence[str]) -> list[str]:
    """Each cue class in the text, and each pair of them (a linear model cannot AND):
    "papers" + "tested" says papers-evaluated-on where either alone says less."""
    found = sorted({c for w in words if w[0].isalnum() for c in cue_classes(w)})
    pairs = [f"kk:{a}|{b}" for i, a in enumerate(found) for b in found[i + 1 :]]
    return [*(f"k:{c}" for c in found), *pairs]


_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ers", "er", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude stem, so "compressing", "compression" and "compressed" share a feature."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _masked_words(tokens: Sequence[Token], spans: Iterable[tuple[int, int]]) -> list[str]:
    inside = {}
    for start, end in spans:
        inside[start] = end
    words, i = [], 0
    while i < len(tokens):
        if i in inside:
            words.append(ENTITY)
            i = inside[i]
            continue
        w = tokens[i].lower
        words.append(NUMBER if w.isdigit() else w)
        i += 1
    return words


# -- models ----------------------------------------------------------------------------
@dataclass(frozen=True)
class LinearModel:
    """Softmax regression over named binary features (rows L2-normalised)."""

    labels: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray

    def proba(self, features: Sequence[str]) -> np.ndarray:
        idx = sorted({self.index[f] for f in features if f in self.index})
        logits = self.bias.copy()
        if idx:
            logits = logits + self.weights[idx].sum(axis=0) / np.sqrt(len(set(features)))
        logits -= logits.max()
        exp = np.exp(logits)
        probabilities: np.ndarray = exp / exp.sum()
        return probabilities

    def to_json(self) -> dict[str, Any]:
        """Labels, feature names, and the weights as little-endian float32 in base64 (a
        list of numbers would take JSON a tenth of a second to parse on every start)."""
        return {
            "labels": list(self.labels),
            "features": list(self.index),
            "weights_f32": _pack(self.weights),
            "bias": np.round(self.bias, 4).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        labels = tuple(data["labels"])
        return cls(
            labels=labels,
            index={f: i for i, f in enumerate(data["features"])},
            weights=_unpack(data["weights_f32"], len(labels)),
            bias=np.asarray(data["bias"], dtype=np.float64),
        )


def _pack(weights: np.ndarray) -> str:
    return base64.b64encode(weights.astype("<f4").tobytes()).decode("ascii")


def _unpack(text: str, columns: int) -> np.ndarray:
    flat = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float64)
    return flat.reshape(-1, columns)


NONE = "none"


@dataclass(frozen=True)
class RouterModel:
    """The tagger, the intent classifier and the two refusal settings chosen held-out.

    A text is refused when "none" has at least `none_margin` times the probability of
    the best question, or when the best question has less than `threshold`.
    """

    tagger: LinearModel
    intents: LinearModel
    threshold: float
    none_margin: float = 1.0
    figures: dict[str, Any] = field(default_factory=dict[str, Any])

    def decide(self, probs: dict[str, float], allowed: Container[str]) -> tuple[str, float]:
        """The best allowed question and its probability, or ("none", p) to refuse."""
        ranked = sorted(
            ((p, q) for q, p in probs.items() if q in allowed and q != NONE), reverse=True
        )
        if not ranked:
            return NONE, 1.0
        best_p, best = ranked[0]
        if probs.get(NONE, 0.0) >= self.none_margin * best_p or best_p < self.threshold:
            return NONE, best_p
        return best, best_p

    def name_spans(self, tokens: Sequence[Token], known: Sequence[bool]) -> list[tuple[int, int]]:
        """Token ranges [start, end) the tagger marks as names."""
        name = self.tagger.labels.index(NAME_LABEL)
        inside = [self.tagger.proba(f)[name] > 0.5 for f in tagger_features(tokens, known)]
        spans, i = [], 0
        while i < len(tokens):
            if inside[i] and tokens[i].text[0].isalnum():
                j = i
                while j + 1 < len(tokens) and inside[j + 1]:
                    j += 1
                spans.append(_trim(tokens, i, j + 1))
                i = j + 1
            else:
                i += 1
        return [(s, e) for s, e in spans if s < e]

    def intent_proba(
        self, tokens: Sequence[Token], spans: Sequence[tuple[int, int]]
    ) -> dict[str, float]:
        probs = self.intents.proba(intent_features(tokens, spans))
        return dict(zip(self.intents.labels, probs.tolist(), strict=True))


def _trim(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """A name does not start with a count ("top 5 datasets"); generic words alone are none."""
    while start < end and is_number(tokens[start].text):
        start += 1
    if all(t.lower in GENERIC for t in tokens[start:end]):
        return start, start
    return start, end


MODEL_FILE = "router.json"


def model_path() -> Path:
    return data_dir("queries") / "paraphrases" / MODEL_FILE


@functools.cache
def load_model(path: Path | None = None) -> RouterModel:
    """The router's weights; a missing or damaged file is a ConfigError naming it (retrain
    with `python tools/train_router.py`)."""
    path = path or model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RouterModel(
            tagger=LinearModel.from_json(data["tagger"]),
            intents=LinearModel.from_json(data["intents"]),
            threshold=float(data["threshold"]),
            none_margin=float(data.get("none_margin", 1.0)),
            figures=data.get("figures", {}),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"cannot read the router's weights ({type(exc).__name__}: {exc})",
            where=str(path),
            hint="retrain them with `python tools/train_router.py`",
        ) from exc


def known_flags(text: str, tokens: Sequence[Token], keys: Container[str]) -> list[bool]:
    """Per token: whether a known name (graph or lexicon, by normalised key) covers it."""
    flags = [False] * len(tokens)
    for i in range(len(tokens)):
        for j in range(i + 1, min(len(tokens), i + MAX_GRAM) + 1):
            key = entity_key(text[tokens[i].start : tokens[j - 1].end])
            if key and key in keys:
                flags[i:j] = [True] * (j - i)
    return flags
