#!/usr/bin/env bash
# Runs the portal: installs what it needs (once), builds the release app and adapter, and
# serves both with the embedded storage (SQLite and files under var/) and the demo catalogue
# on http://127.0.0.1:8080. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
QYZMET_SKIP_BROWSER=1 ./scripts/setup.sh
./scripts/build.sh
export QYZMET_ADDRESS="${QYZMET_ADDRESS:-127.0.0.1:8080}"
exec ./target/release/qyzmet-adapter
