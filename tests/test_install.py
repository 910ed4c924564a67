"""The two locks: requirements.lock (what running kg needs) and requirements-dev.lock.

`make demo` and the Docker image install only the runtime lock; `make test` adds the
dev lock. Checked against the installed distributions' own metadata: the runtime lock
holds the whole dependency closure of pyproject's dependencies and nothing of the test
tools; the dev lock adds the closure of the test extra and the ray extra.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
DEV_ONLY = {"pytest", "ruff", "playwright", "hypothesis", "ray", "pyarrow", "pandas"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == "-r requirements.lock":
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"{path.name}: not pinned with ==: {line}"
        pins[_norm(name)] = version
    return pins


def _closure(requirements: list[str]) -> set[str]:
    """Names of the distributions these requirements pull in (extras followed)."""
    seen: set[str] = set()
    stack = [Requirement(r) for r in requirements]
    while stack:
        req = stack.pop()
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in ("", *req.extras)):
            continue
        name = _norm(req.name)
        key = name + "[" + ",".join(sorted(req.extras)) + "]"
        if key in seen:
            continue
        seen.add(key)
        for text in md.distribution(req.name).requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(
                sub.marker.evaluate({"extra": e}) for e in ("", *req.extras)
            ):
                sub.marker = None
                stack.append(sub)
    return {key.split("[")[0] for key in seen}


def test_locks_pin_everything_once() -> None:
    runtime = _pins(ROOT / "requirements.lock")
    dev = _pins(ROOT / "requirements-dev.lock")
    assert (ROOT / "requirements-dev.lock").read_text().count("-r requirements.lock") == 1
    assert not set(runtime) & set(dev), "a package is pinned in both locks"
    assert not DEV_ONLY & set(runtime)


def test_runtime_lock_is_the_closure_of_the_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _pins(ROOT / "requirements.lock")
    needed = _closure(project["dependencies"])
    assert needed - set(runtime) == set(), "runtime dependencies missing from requirements.lock"
    # and every installed version is the pinned one
    wrong = {n: md.version(n) for n in needed if md.version(n) != runtime[n]}
    assert not wrong


def test_dev_lock_covers_the_test_and_ray_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert any(r.startswith("ray[data]") for r in extras["ray"])
    pinned = set(_pins(ROOT / "requirements.lock")) | set(_pins(ROOT / "requirements-dev.lock"))
    needed = _closure([*extras["test"], *extras["ray"], *extras["model"]])
    assert needed - pinned == set()
