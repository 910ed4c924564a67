#!/usr/bin/env bash
# Re-fetch the vendored vis-network build from the npm registry at the version pinned in
# package.json / package-lock.json (integrity-checked by `npm ci`), copy its standalone
# UMD bundle and licences here, and record the file's SHA-256 in VENDOR.json.
# Run it after changing the pin:  npm install --package-lock-only vis-network@X.Y.Z
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --legacy-peer-deps --no-audit --no-fund >/dev/null)
pkg="$work/node_modules/vis-network"
version="$(node -p "require('$pkg/package.json').version")"
cp "$pkg/standalone/umd/vis-network.min.js" "$here/vis-network.min.js"
cp "$pkg/LICENSE-MIT" "$here/vis-network.LICENSE-MIT"
cp "$pkg/LICENSE-APACHE-2.0" "$here/vis-network.LICENSE-APACHE-2.0"
sha="$(sha256sum "$here/vis-network.min.js" | cut -d' ' -f1)"
integrity="$(node -p "require('$here/package-lock.json').packages['node_modules/vis-network'].integrity")"
cat > "$here/VENDOR.json" <<JSON
{
  "package": "vis-network",
  "version": "$version",
  "file": "vis-network.min.js",
  "source": "standalone/umd/vis-network.min.js",
  "license": "(Apache-2.0 OR MIT)",
  "license_files": ["vis-network.LICENSE-MIT", "vis-network.LICENSE-APACHE-2.0"],
  "npm_integrity": "$integrity",
  "sha256": "$sha"
}
JSON
echo "vendored vis-network $version ($sha)"
