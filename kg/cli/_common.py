"""What every command shares: consoles, error reporting, exit codes.

Only the CLI turns KgError into messages and exit codes; library code just raises.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from kg import Skip
from kg.api import neo4j_auth
from kg.errors import KgError

out = Console()
err = Console(stderr=True)

# The neo4j driver logs every retry of a failing transaction as a WARNING. With logging
# not set up, Python would print those raw multi-line records on stderr before the one
# clear `error:` line; a logging setup of the user's still receives them (propagation).
logging.getLogger("neo4j").addHandler(logging.NullHandler())

EXIT_SKIPPED = 4
"""Exit code when a command finished but skipped some input items."""

STORE_HELP = "Store directory (default: $KG_STORE, else ./.kg in the working directory)."
URI_HELP = "Neo4j Bolt URI (default: $NEO4J_URI, else bolt://localhost:7687)."
USER_HELP = "Neo4j user (default: $NEO4J_USER, else neo4j)."

ENGINE_HELP = (
    "Where extraction runs: local (this machine's processes) or ray (a Ray cluster; "
    "needs kg-papergraph\\[ray]). With ray, --processes is the number of actors."
)
ADDRESS_HELP = (
    "Ray cluster to join (e.g. ray://HOST:10001 or HOST:6379); default: start a local "
    "Ray with --processes CPUs."
)

StoreOption = Annotated[Path | None, typer.Option("--store", help=STORE_HELP, show_default=False)]
UriOption = Annotated[str | None, typer.Option("--uri", help=URI_HELP, show_default=False)]
UserOption = Annotated[str | None, typer.Option("--user", help=USER_HELP, show_default=False)]

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a KgError raised by the API into one clear line on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KgError as exc:
            err.print(f"[bold red]error:[/] {exc.render()}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


def warn_skips(skips: Iterable[Skip]) -> None:
    """One `warning: where: reason` line on stderr per skipped input item."""
    for skip in skips:
        warn(escape(f"{skip.where}: {skip.reason}"))


def credentials(user: str | None) -> tuple[str, str] | None:
    """Neo4j user and password as the API takes them; the password, when the
    environment has none, from a hidden prompt (only with a terminal attached)."""
    return neo4j_auth(user, _password_prompt if sys.stdin.isatty() else None)


def _password_prompt() -> str:
    password: str = typer.prompt("Neo4j password", hide_input=True, err=True)
    return password


def is_tty() -> bool:
    return sys.stderr.isatty()
