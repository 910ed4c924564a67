"""The `kg` command line: a thin layer over the Python API, with the same names."""

from __future__ import annotations

import typer

from kg import __version__
from kg.cli import ask, export, extract, graph, papers, viz

app = typer.Typer(
    name="kg",
    help="Build and query knowledge graphs of ML research papers (titles and abstracts).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

COMMAND_MODULES = (papers, extract, graph, export, ask, viz)
"""Each defines `register(app)`, adding its commands (in this order in `kg --help`)."""


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


for _module in COMMAND_MODULES:
    _module.register(app)


def main() -> None:
    app()
