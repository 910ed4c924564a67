"""docker/: Compose accepts the file, and it says what the README promises.

No Docker engine is needed: `config` only parses, validates and interpolates. The Compose
v2 plugin (`docker compose`) is used where installed, else Debian's `docker-compose`
(installed by tests/setup-test-deps.sh); with neither, the tests fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import srsly

ROOT = Path(__file__).resolve().parents[1]
DOCKER_DIR = ROOT / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yaml"
DOCKERFILE = DOCKER_DIR / "Dockerfile"
PASSWORD = "compose-test-password"


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    pytest.fail(
        "neither `docker compose` nor `docker-compose` is installed; "
        "run `bash tests/setup-test-deps.sh`",
        pytrace=False,
    )


def run_config(compose_file: Path, password: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "COMPOSE_"))}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return subprocess.run(
        [*compose_command(), "-f", str(compose_file), "config"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def config() -> dict:
    result = run_config(COMPOSE_FILE, PASSWORD)
    assert result.returncode == 0, result.stderr
    return srsly.yaml_loads(result.stdout)


def test_compose_accepts_the_file(config: dict) -> None:
    assert set(config["services"]) == {"neo4j", "kg"}


def test_compose_refuses_to_run_without_a_password() -> None:
    result = run_config(COMPOSE_FILE, None)
    assert result.returncode != 0
    assert "NEO4J_PASSWORD" in result.stderr


def test_compose_rejects_an_invalid_file(tmp_path: Path) -> None:
    # The validator is real: a misspelt key in a copy of our file is refused.
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE_FILE.read_text().replace("healthcheck:", "healthchek:", 1))
    result = run_config(broken, PASSWORD)
    assert result.returncode != 0
    assert "healthchek" in result.stdout + result.stderr


def test_neo4j_service(config: dict) -> None:
    neo4j = config["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{PASSWORD}"
    assert "CMD-SHELL" in neo4j["healthcheck"]["test"]
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    published = {str(port).split(":")[-1].split("/")[0] for port in neo4j["ports"]}
    assert published == {"7474", "7687"}
    mounts = {str(volume).split(":")[0]: str(volume).split(":")[1] for volume in neo4j["volumes"]}
    assert mounts.get("neo4j-data") == "/data"
    assert "neo4j-data" in config["volumes"]


def test_kg_service_loads_into_neo4j_once_it_is_healthy(config: dict) -> None:
    kg = config["services"]["kg"]
    assert kg["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert kg["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert kg["environment"]["NEO4J_PASSWORD"] == PASSWORD
    assert kg["command"][:2] == ["kg", "load"]
    assert (ROOT / kg["command"][2]).is_dir()
    assert Path(kg["build"]["context"]).resolve() == ROOT
    assert (ROOT / kg["build"]["dockerfile"]).resolve() == DOCKERFILE


def test_dockerfile_installs_the_pinned_project_from_files_that_exist() -> None:
    text = DOCKERFILE.read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert "pip install -r" in text and "requirements.lock" in text
    assert re.search(r"pip install\b.*\s\.(\s|$)", text)
    sources = [
        part
        for line in text.splitlines()
        if line.startswith("COPY ")
        for part in line.split()[1:-1]
        if not part.startswith("--")
    ]
    assert sources, "the Dockerfile copies nothing"
    missing = [source for source in sources if not (ROOT / source).exists()]
    assert not missing, f"COPY sources missing from the build context: {missing}"


NEO4J_MIN_PASSWORD_LENGTH = 8
"""Neo4j 5 refuses shorter passwords (dbms.security.auth_minimum_password_length)."""


def _readme_passwords() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    values = re.findall(r"NEO4J_PASSWORD=([^\s`'\")]+)", text)
    return [v for v in values if v != "..." and not v.startswith("$")]


def test_readme_compose_example_uses_a_password_neo4j_accepts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose -f docker/compose.yaml up" in readme
    passwords = _readme_passwords()
    assert passwords, "the README shows no NEO4J_PASSWORD for the compose example"
    short = [p for p in passwords if len(p) < NEO4J_MIN_PASSWORD_LENGTH]
    assert not short, f"Neo4j 5 refuses passwords under 8 characters: {short}"
    for password in set(passwords):
        result = run_config(COMPOSE_FILE, password)
        assert result.returncode == 0, result.stderr
        auth = srsly.yaml_loads(result.stdout)["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
        assert auth == f"neo4j/{password}"


def test_the_image_installs_the_runtime_lock_only() -> None:
    text = DOCKERFILE.read_text()
    assert "requirements-dev.lock" not in text
    runtime = (ROOT / "requirements.lock").read_text().lower()
    for tool in ("pytest", "ruff", "playwright", "hypothesis", "ray", "en_core_web_sm"):
        assert not re.search(rf"^{tool}[=_-]", runtime, re.MULTILINE), tool
