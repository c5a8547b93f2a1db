#!/usr/bin/env bash
# Fetch the vendored front-end files from the npm registry, once, into the repository.
# Run it only to upgrade; the results are committed. Versions are pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1
CHARTJS_VERSION=4.6.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION" "chart.js@$CHARTJS_VERSION" >/dev/null )
mkdir -p static/vendor/htmx static/vendor/chartjs tests/browser/vendor/axe-core
tar -xzf "$tmp/htmx.org-$HTMX_VERSION.tgz" -C "$tmp"
cp "$tmp/package/dist/htmx.min.js" static/vendor/htmx/htmx.min.js
cp "$tmp/package/LICENSE" static/vendor/htmx/LICENSE
echo "htmx.org $HTMX_VERSION (BSD Zero Clause License), from the npm registry" > static/vendor/htmx/VERSION
rm -rf "$tmp/package"
tar -xzf "$tmp/axe-core-$AXE_VERSION.tgz" -C "$tmp"
cp "$tmp/package/axe.min.js" tests/browser/vendor/axe-core/axe.min.js
cp "$tmp/package/LICENSE" tests/browser/vendor/axe-core/LICENSE
echo "axe-core $AXE_VERSION (MPL-2.0), from the npm registry; used by the browser tests only" > tests/browser/vendor/axe-core/VERSION
rm -rf "$tmp/package"
tar -xzf "$tmp/chart.js-$CHARTJS_VERSION.tgz" -C "$tmp"
# The source map is not shipped: drop its reference, which the manifest storage would chase.
grep -v '^//# sourceMappingURL=' "$tmp/package/dist/chart.umd.min.js" > static/vendor/chartjs/chart.umd.min.js
cp "$tmp/package/LICENSE.md" static/vendor/chartjs/LICENSE
echo "chart.js $CHARTJS_VERSION (MIT), from the npm registry (dist/chart.umd.min.js)" > static/vendor/chartjs/VERSION
echo "vendored htmx $HTMX_VERSION, axe-core $AXE_VERSION and chart.js $CHARTJS_VERSION"
