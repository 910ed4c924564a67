"""The catalog of canned questions: one ``queries/<name>.cypher`` file per question.

Each file opens with a header of ``// key: value`` comment lines::

    // name: methods-compressing
    // params: model (entity)
    // question: Which methods or models compress MODEL?
    // columns: subject, subject_key, subject_type, relation, object, object_key, papers

``params`` lists the parameters in CLI order as ``name (kind)`` or ``name (kind = default)``;
kinds are ``entity`` (a name resolved to the keys of the entity, its aliases and its
family, passed to Cypher as a list of keys), ``type`` (an EntityType value), ``int`` and
``string``. ``columns`` names the keys of every answer row, in display order. The header
ends at the first other line; free comments may follow. Files whose name starts with
``_`` hold helper queries, not questions.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import QuestionError
from kg.resources import data_dir

PARAM_KINDS = ("entity", "type", "int", "string")
_HEADER = re.compile(r"^//\s*([a-z]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([a-z][a-z0-9_]*)\s*\(\s*([a-z]+)\s*(?:=\s*(.+?))?\s*\)$")
_REQUIRED = ("name", "question", "columns")
_KEYS = frozenset({*_REQUIRED, "params", "family"})


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: Any = None

    @property
    def required(self) -> bool:
        return self.default is None

    def __str__(self) -> str:
        if self.required:
            return self.name.upper()
        return f"[--{self.name} {self.default}]" if self.name == "limit" else f"[{self.name}]"


@dataclass(frozen=True)
class Question:
    """One canned question: its header and its Cypher text."""

    name: str
    question: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    cypher: str
    path: Path
    family: str = "all"  # `// family:` all | variants | walked (see queries/README.md)

    @property
    def usage(self) -> str:
        return " ".join([self.name, *(str(p) for p in self.params)])

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_question(path: Path) -> Question:
    """Read one .cypher file; a malformed header is a QuestionError naming file and line."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match is None or match.group(1) not in _KEYS:
            break  # the header ends at the first line that is not `// key: value`
        header[match.group(1)] = match.group(2)
    missing = [key for key in _REQUIRED if not header.get(key)]
    if missing:
        raise QuestionError(
            f"header lacks {', '.join(missing)}",
            where=str(path),
            hint="every question file starts with // name:, // params:, // question:, // columns:",
        )
    if header["name"] != path.stem:
        raise QuestionError(
            f"header name {header['name']!r} differs from the file name",
            where=str(path),
            hint=f"rename the file to {header['name']}.cypher or fix the header",
        )
    params = tuple(_parse_param(p, path) for p in _split(header.get("params", "")))
    return Question(
        name=header["name"],
        question=header["question"],
        params=params,
        columns=tuple(_split(header["columns"])),
        cypher=text,
        path=path,
        family=header.get("family", "all").strip() or "all",
    )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip() and part.strip() != "none"]


def _parse_param(spec: str, path: Path) -> Param:
    match = _PARAM.match(spec)
    if match is None or match.group(2) not in PARAM_KINDS:
        raise QuestionError(
            f"bad parameter {spec!r}",
            where=str(path),
            hint=f"write `name (kind)` or `name (kind = default)`, kind one of {PARAM_KINDS}",
        )
    name, kind, default = match.groups()
    if default is not None and kind == "int":
        return Param(name, kind, int(default))
    return Param(name, kind, default)


@functools.cache
def _catalog(folder: Path) -> dict[str, Question]:
    questions = [
        parse_question(p) for p in sorted(folder.glob("*.cypher")) if not p.name.startswith("_")
    ]
    return {q.name: q for q in questions}


def catalog(folder: Path | None = None) -> dict[str, Question]:
    """All questions by name (the default folder is the bundled queries/)."""
    return _catalog((folder or data_dir("queries")).resolve())


def helper_query(name: str) -> str:
    """The text of a helper query, ``queries/_<name>.cypher``."""
    return (data_dir("queries") / f"_{name}.cypher").read_text(encoding="utf-8")


def get_question(name: str) -> Question:
    questions = catalog()
    if name not in questions:
        raise QuestionError(
            f"unknown question {name!r}",
            hint="valid questions: " + ", ".join(sorted(questions)),
        )
    return questions[name]
