"""The Neo4j password is never printed or logged; it comes from the environment or a prompt.

Every Neo4j command runs with the password set to a unique marker, once right and once
wrong, with the driver's debug logging on; the marker must not appear in stdout, stderr
or any log record. The prompt path runs `kg` in a pseudo-terminal and types the password.
"""

from __future__ import annotations

import logging
import os
import pty
import select
import termios
import time
from pathlib import Path

import pytest
from questions_samples import sample_items
from robust_graphs import KG, assert_one_line_error, neo4j_env, run_kg
from typer.testing import CliRunner

from kg.cli import app
from kg.stores.embedded import EmbeddedStore

pytestmark = pytest.mark.neo4j

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("credentials") / "store"
    with EmbeddedStore(path) as stored:
        stored.put_many(sample_items())
    return path


def _commands(store: Path) -> dict[str, list[str]]:
    return {
        "load": ["load", "--store", str(store)],
        "ask": ["ask", "entity", "BERT", "--neo4j", "--json"],
        "cypher": ["cypher", "MATCH (n) RETURN count(n) AS n"],
    }


def test_password_never_printed_or_logged(clean_neo4j, neo4j_server, store, caplog):
    """Right then wrong for each command: a success in between keeps the account unlocked."""
    user, password = neo4j_server.auth  # a random token: itself a unique marker
    wrong = "kg-wrong-password-marker-93c1"
    logging.getLogger("neo4j").setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    try:
        for name, args in _commands(store).items():
            for secret, code in ((password, 0), (wrong, 3)):
                env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": secret}
                result = runner.invoke(app, args, env=env)
                assert result.exit_code == code, (name, result.output)
                shown = result.stdout + result.stderr
                assert secret not in shown and password not in shown, name
                assert "Traceback" not in shown
                if code:
                    assert "refused the credentials" in result.stderr
    finally:
        logging.getLogger("neo4j").setLevel(logging.NOTSET)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HELLO" in logged or "LOGON" in logged, "the driver's debug log was not captured"
    assert password not in logged and wrong not in logged


def _wait_for_echo_off(fd: int, deadline: float) -> None:
    """Wait until the program has turned the terminal's echo off (as getpass does)."""
    while termios.tcgetattr(fd)[3] & termios.ECHO:
        assert time.monotonic() < deadline, "the password prompt never turned echo off"
        time.sleep(0.02)


def _talk_through_a_terminal(
    args: list[str], env: dict[str, str], answer: str, timeout: float = 120
) -> tuple[int, str]:
    """Run kg in a pseudo-terminal; type `answer` at the password prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become kg
        os.execve(str(KG), [str(KG), *args], env)
    transcript, answered = b"", False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            transcript += chunk
            if not answered and b"password" in transcript.lower():
                _wait_for_echo_off(fd, deadline)  # typed earlier, getpass would flush it
                os.write(fd, answer.encode() + b"\n")
                answered = True
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), transcript.decode("utf-8", "replace")


def test_password_prompted_on_a_terminal_and_not_echoed(clean_neo4j, neo4j_server):
    user, password = neo4j_server.auth
    env = neo4j_env(neo4j_server.uri, neo4j_server.auth)
    del env["NEO4J_PASSWORD"]
    clean_neo4j.execute_query("CREATE (:Paper {id: 'prompted'})")
    code, transcript = _talk_through_a_terminal(
        ["cypher", "MATCH (p:Paper) RETURN p.id AS id", "--json"], env, password
    )
    assert code == 0, transcript
    assert "Neo4j password" in transcript and '"id": "prompted"' in transcript
    assert password not in transcript  # typed with echo off


def test_no_password_and_no_terminal_is_a_clear_error_not_a_hang(neo4j_server):
    env = neo4j_env(neo4j_server.uri, neo4j_server.auth)
    del env["NEO4J_PASSWORD"]
    done = run_kg("cypher", "RETURN 1", env=env, timeout=120)  # stdin is /dev/null
    assert done.returncode == 3, done.stderr
    assert_one_line_error(done.stderr, neo4j_server.uri, "NEO4J_PASSWORD")
