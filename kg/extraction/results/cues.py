"""The cue book of the results component, read from `extractors/result_cues.json`.

The cues are regular expressions (case-insensitive) that a domain expert edits without
touching Python: what follows or precedes a figure that is no result ("8B parameters",
"Table 3"), what makes a figure relative ("improves by", "3x faster"), how baselines
and the paper's own system are referred to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.extraction.knowledge_files import load_json
from kg.resources import data_dir

CUES_FILE = "result_cues.json"


@dataclass(frozen=True)
class ResultCues:
    not_result_after: tuple[re.Pattern[str], ...]
    not_result_before: tuple[re.Pattern[str], ...]
    not_result_before_bare: tuple[re.Pattern[str], ...]  # only for figures without a unit
    relative_by: tuple[re.Pattern[str], ...]
    relative_before: tuple[re.Pattern[str], ...]
    relative_after: tuple[re.Pattern[str], ...]
    absolute_before: tuple[re.Pattern[str], ...]
    baseline_cues: re.Pattern[str]
    baseline_words: tuple[tuple[str, re.Pattern[str]], ...]
    self_reference: re.Pattern[str]
    result_verbs: re.Pattern[str]
    metric_fallback: tuple[tuple[str, re.Pattern[str]], ...]
    respectively: re.Pattern[str]
    lower_is_better: re.Pattern[str]  # metrics where a smaller figure is better
    measured_before: tuple[re.Pattern[str], ...] = ()  # "reduces X by": group np is X
    measured_after: tuple[re.Pattern[str], ...] = ()  # "4x reduction in X"

    @property
    def any_metric(self) -> re.Pattern[str]:
        """Whether any `metric_fallback` word occurs (one search instead of one a word)."""
        return _any_of(tuple(p.pattern for _, p in self.metric_fallback))

    @staticmethod
    def any_match(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
        return any(p.search(text) for p in patterns)


@lru_cache(maxsize=8)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.I)


def _compile(value: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(value, re.I)
    except re.error as exc:
        raise ConfigError(f"bad regular expression {value!r}: {exc}", where=where) from exc


def parse_cues(data: dict[str, Any], where: str) -> ResultCues:
    """The cue book from the JSON object; a ConfigError names the file and the key."""

    def many(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(v, f"{where}: {key}") for v in data.get(key, []))

    def named(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((k, _compile(v, f"{where}: {key}")) for k, v in data.get(key, {}).items())

    def one(key: str) -> re.Pattern[str]:
        if key not in data:
            raise ConfigError(f"the cue book lacks {key!r}", where=where)
        return _compile(data[key], f"{where}: {key}")

    return ResultCues(
        not_result_after=many("not_result_after"),
        not_result_before=many("not_result_before"),
        not_result_before_bare=many("not_result_before_bare"),
        relative_by=many("relative_by"),
        relative_before=many("relative_before"),
        relative_after=many("relative_after"),
        absolute_before=many("absolute_before"),
        baseline_cues=one("baseline_cues"),
        baseline_words=named("baseline_words"),
        self_reference=one("self_reference"),
        result_verbs=one("result_verbs"),
        metric_fallback=named("metric_fallback"),
        respectively=one("respectively"),
        lower_is_better=one("lower_is_better"),
        measured_before=many("measured_before"),
        measured_after=many("measured_after"),
    )


@lru_cache(maxsize=4)
def load_cues(folder: str | None = None) -> ResultCues:
    path = Path(folder) / CUES_FILE if folder else data_dir("extractors") / CUES_FILE
    return parse_cues(load_json(path), str(path))
