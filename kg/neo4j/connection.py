"""Connecting to Neo4j: settings from arguments or the environment, a verified driver,
and driver failures turned into one-line GraphDatabaseErrors (never naming the password).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from neo4j import Driver, GraphDatabase
from neo4j import exceptions as neo4j_errors

from kg.errors import GraphDatabaseError

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. The password never appears in repr or messages."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        *,
        user: str | None = None,
    ) -> Neo4jSettings:
        """Arguments first, else NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.

        `user` alone (no `auth`) names the user and leaves the password to the environment.
        """
        password: str | None = None
        if auth:
            user, password = auth
        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
            user=user or os.environ.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )

    def auth(self, prompt: Callable[[], str] | None = None) -> tuple[str, str] | None:
        """(user, password), asking `prompt` when no password was given; None without one."""
        password = self.password
        if password is None and prompt is not None:
            password = prompt()
        return None if password is None else (self.user, password)


@contextmanager
def translated_errors(uri: str) -> Iterator[None]:
    """Turn driver failures into GraphDatabaseError naming the server (not the password)."""
    try:
        yield
    except neo4j_errors.AuthError as exc:
        raise GraphDatabaseError(
            "Neo4j refused the credentials",
            where=uri,
            hint="check NEO4J_USER and NEO4J_PASSWORD",
        ) from exc
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        raise GraphDatabaseError(
            "cannot reach Neo4j",
            where=uri,
            hint="is the server running? set NEO4J_URI (e.g. bolt://localhost:7687)",
        ) from exc
    except neo4j_errors.Neo4jError as exc:
        raise GraphDatabaseError(
            f"Neo4j failed: {exc.message or exc}", where=uri, hint="see the Neo4j server log"
        ) from exc
    except (neo4j_errors.DriverError, ValueError) as exc:
        raise GraphDatabaseError(
            f"Neo4j driver error: {exc}",
            where=uri,
            hint="check NEO4J_URI (bolt://, neo4j://, with host and port)",
        ) from exc


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def connect(settings: Neo4jSettings | None = None) -> Driver:
    """A driver whose connection and credentials have been verified."""
    settings = settings or Neo4jSettings.from_env()
    scheme = settings.uri.partition("://")[0].lower()
    if scheme not in BOLT_SCHEMES:
        raise GraphDatabaseError(
            f"not a Bolt URI (scheme {scheme!r})",
            where=settings.uri,
            hint="set NEO4J_URI to bolt://HOST:7687 or neo4j://HOST:7687",
        )
    auth = (settings.user, settings.password) if settings.password is not None else None
    with translated_errors(settings.uri):
        driver = GraphDatabase.driver(settings.uri, auth=auth)
        try:
            driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
    return driver


@contextmanager
def session_for(
    uri: str | None = None, auth: tuple[str, str] | None = None, database: str | None = None
) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """A verified driver and its settings, from the arguments or else the environment."""
    settings = Neo4jSettings.from_env(uri, auth, database)
    with connect(settings) as driver:
        yield driver, settings
