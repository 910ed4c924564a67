"""The real Neo4j of the test run: Neo4j 5.26 community, embedded in a small Java launcher.

The launcher (tests/neo4j-launcher, built by tests/setup-test-deps.sh) opens a Bolt
connector on 127.0.0.1 and prints ``READY bolt://127.0.0.1:PORT neo4j/VERSION`` once it
accepts connections. This module starts it on a temporary data directory, waits for that
line, and stops or restarts it (on the same data directory and port) for the tests that
need a server going away in the middle of their work.

Anything that keeps the server from starting raises Neo4jServerError with the last lines
of the Java output: the test run fails loudly, it never skips.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j-launcher"
MAIN_CLASS = "kg.testserver.Neo4jLauncher"
# Modest memory for a 2-core machine; the page cache (64 MiB) is set by the launcher.
# C1 only and the serial collector halve the CPU a start costs (about 40 s -> 15-20 s of
# CPU, measured on this machine); the tests' small queries do not need C2's speed.
JVM_OPTIONS = (
    "-Xms256m",
    "-Xmx1g",
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
READY = re.compile(r"^READY (bolt://\S+) neo4j/(\S+)")
SETUP_HINT = "run `bash tests/setup-test-deps.sh` (needs java 17 and mvn)"
TAIL_LINES = 60


ADMIN_MAIN_CLASS = "org.neo4j.cli.AdminTool"  # neo4j-admin (jar neo4j-command-line)
IMPORT_TOOL_JAR = "neo4j-import-tool-*.jar"  # `database import`, found by AdminTool


class Neo4jServerError(RuntimeError):
    """The test server could not be started or stopped; the message has the Java output."""


class Neo4jTestServer:
    """One embedded Neo4j on 127.0.0.1, on a private data directory.

    Use as ``server.start()`` … ``server.stop()`` (or a ``with`` block). ``restart()``
    stops it and starts it again on the same data directory and port, so a driver made
    before the restart reconnects to the same URI.
    """

    def __init__(self, data_dir: Path | None = None, *, startup_timeout: float = 180.0) -> None:
        self._own_dir = data_dir is None
        self.data_dir = Path(tempfile.mkdtemp(prefix="kg-neo4j-")) if data_dir is None else data_dir
        self.user = "neo4j"
        self.password = secrets.token_urlsafe(18)
        self.startup_timeout = startup_timeout
        self.port = 0  # 0 lets the OS choose on the first start; kept for restarts
        self.version = ""
        self.startup_seconds = 0.0
        self._process: subprocess.Popen[str] | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._ready = threading.Event()  # set on READY, or when the output ends
        self._accepting = False  # READY was seen for the current process
        self._reader: threading.Thread | None = None
        # A run that ends without close() (Ctrl-C, a crash in a fixture) still stops the
        # server and removes the temporary data directory.
        atexit.register(self.close)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Neo4jTestServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Starts the server and waits until Bolt accepts connections."""
        if self.running:
            return
        command = self._command()
        began = time.monotonic()
        self._output.clear()
        self._ready.clear()
        self._accepting = False
        env = dict(os.environ, NEO4J_PASSWORD=self.password)
        # stdin stays an open pipe: the launcher shuts down when it closes, so the server
        # never outlives this process even if it is killed.
        self._process = subprocess.Popen(
            command,
            cwd=LAUNCHER_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        signalled = self._ready.wait(self.startup_timeout)
        if not (signalled and self._accepting):
            reason = "exited" if signalled else f"timed out after {self.startup_timeout:.0f} s"
            self._terminate(timeout=10)
            raise Neo4jServerError(
                f"the Neo4j test server {reason} before it was ready "
                f"(data dir {self.data_dir}):\n{self.output_tail()}"
            )
        self.startup_seconds = time.monotonic() - began

    def stop(self, timeout: float = 60.0) -> None:
        """Shuts the server down cleanly (SIGTERM), killing it only after ``timeout``."""
        self._terminate(timeout=timeout)

    def kill(self) -> None:
        """Kills the server at once (SIGKILL), as a crash would; the next start recovers."""
        if self.running and self._process is not None:
            self._process.kill()
            self._process.wait()
        self._finish_process()

    def restart(self) -> None:
        """Stops (if running) and starts again on the same data directory and port."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stops the server and removes the data directory if this object made it."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        atexit.unregister(self.close)

    def output_tail(self) -> str:
        """The last lines the launcher printed (for error messages)."""
        return "\n".join(self._output) or "(no output)"

    def _command(self) -> list[str]:
        java = shutil.which("java")
        classes = LAUNCHER_DIR / "target" / "classes"
        lib = LAUNCHER_DIR / "target" / "lib"
        if java is None:
            raise Neo4jServerError(f"`java` is not on PATH; {SETUP_HINT}")
        if not (classes / "kg" / "testserver" / "Neo4jLauncher.class").is_file():
            raise Neo4jServerError(f"the Neo4j launcher is not built in {classes}; {SETUP_HINT}")
        if not any(lib.glob("neo4j-*.jar")):
            raise Neo4jServerError(f"no Neo4j jars in {lib}; {SETUP_HINT}")
        classpath = f"{classes}{os.pathsep}{lib}{os.sep}*"
        return [
            java,
            *JVM_OPTIONS,
            "-cp",
            classpath,
            MAIN_CLASS,
            str(self.data_dir),
            str(self.port),
        ]

    def _read_output(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in process.stdout:
            line = line.rstrip("\n")
            self._output.append(line)
            match = READY.match(line)
            if match:
                self.port = int(match.group(1).rsplit(":", 1)[1])
                self.version = match.group(2)
                self._accepting = True
                self._ready.set()
        self._ready.set()  # exited: wake start() so it reports the failure at once

    def _terminate(self, timeout: float) -> None:
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._finish_process()

    def _finish_process(self) -> None:
        process = self._process
        if process is not None and process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        if self._reader is not None:
            self._reader.join(timeout=5)
        self._process = None
        self._reader = None


def run_neo4j_admin(home: Path, arguments: list[str], *, timeout: float = 600.0) -> str:
    """Runs Neo4j's own ``neo4j-admin`` (same jars as the server) with NEO4J_HOME=home.

    ``database import full`` writes into home/data, where a Neo4jTestServer(home) then
    finds the database. Returns the output; raises Neo4jServerError when the tool fails.
    """
    java = shutil.which("java")
    lib = LAUNCHER_DIR / "target" / "lib"
    if java is None:
        raise Neo4jServerError(f"`java` is not on PATH; {SETUP_HINT}")
    if not any(lib.glob(IMPORT_TOOL_JAR)):
        raise Neo4jServerError(
            f"Neo4j's import tool ({IMPORT_TOOL_JAR}) is not in {lib}; {SETUP_HINT}"
        )
    (home / "conf").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    command = [
        java,
        "-Xmx512m",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp",
        f"{lib}{os.sep}*",
        ADMIN_MAIN_CLASS,
        *arguments,
    ]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.splitlines()[-TAIL_LINES:])
        raise Neo4jServerError(
            f"neo4j-admin {' '.join(arguments[:3])} failed (exit {result.returncode}):\n{tail}"
        )
    return output
