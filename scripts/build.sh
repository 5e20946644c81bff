#!/usr/bin/env bash
# Builds the release app (Trunk → dist/) and the release adapter. Cargo and Trunk skip what
# is up to date, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
cargo build --release -p qyzmet-adapter
