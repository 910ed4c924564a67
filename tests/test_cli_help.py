"""Every command, option and argument of `kg` has help text; --help and --version work.

The command tree is walked (typer.main.get_command gives the click command tree; typer
0.29 vendors its own click, so groups are recognised by their `commands` mapping rather
than by isinstance), so commands added later are covered too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from kg import __version__
from kg.cli import app

runner = CliRunner()


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    subcommands = getattr(command, "commands", None) or {}
    for name in sorted(subcommands):
        yield from walk(subcommands[name], (*path, name))


ROOT = typer.main.get_command(app)
COMMANDS = list(walk(ROOT))
IDS = [" ".join(("kg", *path)) for path, _ in COMMANDS]


def test_the_tree_has_the_papers_command():
    assert ("papers",) in [path for path, _ in COMMANDS]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_command_has_help(path: tuple[str, ...], command: Any):
    text = (command.help or command.short_help or "").strip()
    assert text, f"kg {' '.join(path)} has no help text"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_parameter_has_help(path: tuple[str, ...], command: Any):
    missing = [
        param.name
        for param in command.params
        if not (getattr(param, "help", None) or "").strip() and param.name != "help"
    ]
    assert not missing, f"kg {' '.join(path)}: no help for {missing}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_option_works(path: tuple[str, ...], command: Any):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    if path:
        assert path[-1] in result.output


def test_root_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ROOT.commands:  # type: ignore[attr-defined]
        assert name in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"kg {__version__}"
