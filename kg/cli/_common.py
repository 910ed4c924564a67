"""What every command shares: consoles, error reporting, exit codes.

Only the CLI turns KgError into messages and exit codes; library code just raises.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from kg.errors import InputError, KgError
from kg.models import Skip

out = Console()
err = Console(stderr=True)

# The neo4j driver logs every retry of a failing transaction as a WARNING. With logging
# not set up, Python would print those raw multi-line records on stderr before the one
# clear `error:` line; a logging setup of the user's still receives them (propagation).
logging.getLogger("neo4j").addHandler(logging.NullHandler())

EXIT_SKIPPED = 4
"""Exit code when a command finished but skipped some input items."""

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


def require_papers(read: int, inputs: Sequence[object], skipped: int) -> None:
    """Fail with one clear error when the inputs gave no paper at all."""
    if read == 0:
        raise InputError(
            "no papers could be read",
            where=", ".join(map(str, inputs)),
            hint=f"supported formats are listed in `kg papers --help`; {skipped} skipped",
        )


def is_tty() -> bool:
    return sys.stderr.isatty()
