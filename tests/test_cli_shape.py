"""The CLI is a thin layer over the API: kg/cli imports only kg's public face."""

from __future__ import annotations

import ast
from pathlib import Path

import kg

CLI = Path(kg.__file__).parent / "cli"
PUBLIC = {"kg", "kg.api", "kg.errors", "kg.types"}


def kg_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module or module.name) of every import of kg in a file, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            if node.module == "kg":  # `from kg import viz` would reach past the face
                found += [(node.lineno, f"kg.{alias.name}") for alias in node.names
                          if alias.name not in kg.__all__]
    return [(line, name) for line, name in found if name == "kg" or name.startswith("kg.")]


def test_cli_imports_only_the_public_face() -> None:
    files = sorted(CLI.glob("*.py"))
    assert len(files) >= 6
    wrong = [f"{path.name}:{line}: {name}" for path in files for line, name in kg_imports(path)
             if name not in PUBLIC and not name.startswith("kg.cli")]
    assert wrong == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from kg.questions import ask\nfrom kg import viz, build\n")
    assert sorted(kg_imports(sample)) == [(2, "kg.questions"), (3, "kg"), (3, "kg.viz")]
