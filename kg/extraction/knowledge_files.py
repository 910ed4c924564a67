"""Reading the files of extractors/: one loader per file kind, each failing with a
ConfigError that names the file (and the line) instead of a traceback or a silent default.

    load_json(path)            a JSON file holding an object (or `kind`)
    load_jsonl(path)           one JSON object a line; blank lines skipped
    load_lines(path)           a word list: one entry a line, `#` starts a comment

A file that may be absent says so (`optional=True`, which gives None); every other
missing file is an error, so a lost typing.json no longer turns into an empty list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

HINT = "fix or restore the file (extractors/SOURCES.md says where each comes from)"


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("extractor file not found", where=str(path), hint=HINT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read the extractor file: {exc}", where=str(path), hint=HINT
        ) from None


def load_json(path: Path, *, kind: type = dict, optional: bool = False) -> Any:
    """The JSON value in `path`, which must be a `kind` (default: an object).

    With `optional`, a missing file gives None.
    """
    if optional and not path.exists():
        return None
    text = _text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not JSON: {exc.msg}", where=f"{path}:{exc.lineno}", hint=HINT) from None
    if not isinstance(data, kind):
        raise ConfigError(
            f"expected a JSON {_json_name(kind)}, found {_json_name(type(data))}",
            where=str(path),
            hint=HINT,
        )
    return data


def load_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of `path`."""
    rows = []
    for n, line in enumerate(_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"not JSON: {exc.msg}",
                where=f"{path}:{n}",
                hint="each line must be one JSON object",
            ) from None
        if not isinstance(row, dict):
            raise ConfigError("each line must be one JSON object", where=f"{path}:{n}", hint=HINT)
        rows.append((n, row))
    return rows


def load_lines(path: Path) -> list[str]:
    """The entries of a word list: each line without its `#` comment, stripped, non-empty."""
    lines = (line.split("#", 1)[0].strip() for line in _text(path).splitlines())
    return [line for line in lines if line]


JSON_NAMES: dict[type, str] = {dict: "object", list: "array", str: "string"}


def _json_name(kind: type) -> str:
    return JSON_NAMES.get(kind, kind.__name__)
