#!/usr/bin/env bash
# Runs every test: installs what they need (once), then
#   0. rustfmt's check;
#   1. the domain and adapter tests (the adapter's talk HTTP to a started server on a real
#      SQLite file), with warnings treated as errors;
#   2. the release build of the app and adapter, with the same rule;
#   3. the browser tests: Debian's Chromium driven by playwright-core against the release
#      adapter serving the release build, with axe on every page.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Cargo replays a crate's warnings on every build, so grepping the log catches them without
# a second build with other flags.
no_warnings() {
  if grep -E '^warning' "$log" | grep -v -E 'warning: (the following packages contain code that will be rejected|.*future version of Rust)' | grep -q .; then
    echo "test.sh: the build has warnings (treated as errors):" >&2
    grep -E -A6 '^warning' "$log" >&2
    exit 1
  fi
}

echo "== formatting"
cargo fmt --all --check

echo "== domain, signing and adapter tests"
cargo test -p qyzmet-domain -p qyzmet-signing -p qyzmet-adapter 2>&1 | tee "$log"
no_warnings

echo "== release build"
./scripts/build.sh 2>&1 | tee "$log"
no_warnings
./scripts/first-load-size.sh

echo "== browser tests"
(cd tests/e2e && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
(cd tests/e2e && node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout)
