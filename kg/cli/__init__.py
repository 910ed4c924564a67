"""The `kg` command line: a thin layer over the Python API, with the same names."""

from __future__ import annotations

import importlib

import typer

from kg._version import __version__

app = typer.Typer(
    name="kg",
    help="Build and query knowledge graphs of ML research papers (titles and abstracts).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# Each module defines `register(app)`; a module not written yet is simply absent.
COMMAND_MODULES = ("papers", "extract", "graph", "export", "ask", "viz")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """kg: knowledge graphs of machine-learning research literature."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"kg.cli.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"kg.cli.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    app()
