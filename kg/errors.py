"""The one error hierarchy of kg.

Every error says what was wrong, where, and what to do about it. Library code raises
these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(KgError):
    """An input file or record cannot be read as papers."""

    exit_code = 2


class ConfigError(KgError):
    """A setting, path or argument is wrong."""

    exit_code = 2


class ExtractionError(KgError):
    """The extraction pipeline cannot be built or run."""


class StoreError(KgError):
    """The embedded on-disk store cannot be read or written."""


class GraphDatabaseError(KgError):
    """Neo4j is unreachable, refuses the credentials, or fails a transaction."""

    exit_code = 3


class QuestionError(KgError):
    """An unknown canned question, a missing argument, or a refused query."""

    exit_code = 2


class Refusal(QuestionError):
    """Plain-English text no canned question answers (or not surely enough to guess)."""
