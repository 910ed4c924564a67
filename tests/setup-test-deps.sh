#!/usr/bin/env bash
# Test-only system dependencies: Debian's Chromium for the browser test, Debian's
# docker-compose for the compose-file test, and the embedded Neo4j 5.26 launcher built
# with Maven. Fails loudly when one cannot be had. A second run does nothing slow: each
# step checks first whether its result is already there.
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "setup-test-deps: ERROR: $*" >&2
  exit 1
}

APT_UPDATED=0
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ "$APT_UPDATED" = 0 ]; then
    $sudo apt-get update -qq || fail "apt-get update failed"
    APT_UPDATED=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || fail "could not install Debian package(s): $*"
}

# --- Chromium (browser test) ---------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser test"
  apt_install chromium
fi

# --- Docker Compose (tests/test_docker.py validates docker/compose.yaml; no engine needed) --
# The Compose v2 plugin (`docker compose`) is not packaged by Debian; Debian's
# docker-compose (v1.29, the Python implementation) validates the same file.
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  echo "== installing Debian's docker-compose for the compose-file test"
  apt_install docker-compose
fi

# --- The Neo4j test server: Neo4j 5.26 community embedded in tests/neo4j-launcher ----------
# The same Maven build copies Neo4j's neo4j-admin and its bulk importer (the jars
# neo4j-command-line and neo4j-import-tool) into target/lib for the bulk-import test.
command -v java >/dev/null 2>&1 \
  || fail "java is not installed: the Neo4j tests need Java 17 (Debian: openjdk-17-jdk-headless)"
command -v mvn >/dev/null 2>&1 \
  || fail "mvn is not installed: the Neo4j test launcher is built with Maven (Debian: maven)"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_major:-0}" -ge 17 ] 2>/dev/null \
  || fail "Java ${java_major:-unknown} found; Neo4j 5.26 needs Java 17 or newer"

launcher=neo4j-launcher
stamp="$launcher/target/.built"
needs_build=0
if [ ! -f "$stamp" ] || [ ! -f "$launcher/target/classes/kg/testserver/Neo4jLauncher.class" ] \
   || ! compgen -G "$launcher/target/lib/neo4j-*.jar" >/dev/null \
   || ! compgen -G "$launcher/target/lib/neo4j-import-tool-*.jar" >/dev/null; then
  needs_build=1
elif [ -n "$(find "$launcher/pom.xml" "$launcher/src" -newer "$stamp" -print -quit)" ]; then
  needs_build=1
fi
if [ "$needs_build" = 1 ]; then
  echo "== building the Neo4j test launcher (first run downloads Neo4j from Maven Central)"
  rm -rf "$launcher/target"
  if ! (cd "$launcher" && mvn -q -B -Dstyle.color=never package); then
    fail "the Maven build of tests/neo4j-launcher failed (see the output above)"
  fi
  touch "$stamp"
fi
for jar in neo4j-import-tool neo4j-command-line; do
  compgen -G "$launcher/target/lib/$jar-*.jar" >/dev/null \
    || fail "$jar is missing from tests/$launcher/target/lib after the Maven build"
done
echo "== test dependencies ready (Neo4j launcher: tests/$launcher/target)"
