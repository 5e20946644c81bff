#!/usr/bin/env bash
# Installs what building and testing Qyzmet needs, idempotently: each step is skipped
# when its tool is already present at the right version. Only the package registries
# are reachable, so nothing here downloads a prebuilt binary (see shared/TOOLCHAIN.md).
set -euo pipefail

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' "$(dirname "$0")/../Cargo.lock" 2>/dev/null \
  | sed -n 's/^version = "\(.*\)"/\1/p' | head -n1 || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "building trunk $TRUNK_VERSION (10-15 min the first time)"
  cargo install -q trunk --version "=$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 min)"
  cargo install -q wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

# Debian's binaryen (108) produces wasm that crashes in the browser: use npm's.
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing binaryen $BINARYEN_VERSION from npm"
  npm install -g "binaryen@$BINARYEN_VERSION" >/dev/null
fi

if [ "${QYZMET_SKIP_BROWSER:-0}" != 1 ]; then
  # openssl: the browser tests' NCALayer stand-in signs with it.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v openssl >/dev/null; then
    say "installing Chromium, its driver and openssl from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver fonts-dejavu-core openssl >/dev/null
  fi
fi
say "toolchain ready"
