#!/usr/bin/env bash
# The benchmark (not a test): builds the release app and adapter, then prints the first-load
# size (wasm + JS + CSS, gzip) and a Lighthouse run of the catalogue page, each against a
# baseline measured in the same run. QYZMET_BENCH_RUNS sets the Lighthouse runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
./scripts/first-load-size.sh || true
(cd tests/e2e && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
(cd bench && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
node bench/bench.mjs
# The status page and the workbench with 10,000 submitted requests (issue 8).
cargo bench -q -p qyzmet-adapter --bench tracking
# 1,000 concurrent bookings of a 10-place slot against uncontended ones (issue 10).
cargo bench -q -p qyzmet-adapter --bench queue
