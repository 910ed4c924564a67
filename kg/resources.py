"""Locate the declarative data folders (extractors/, schema/, queries/).

In a wheel they ship inside the package as kg/_data/NAME; in a source checkout they sit
beside the package at the repository root.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import ConfigError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ConfigError(
        f"data folder {name!r} not found",
        where=str(_PACKAGE),
        hint="reinstall kg-papergraph; the wheel ships extractors/, schema/ and queries/",
    )
