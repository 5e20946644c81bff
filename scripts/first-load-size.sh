#!/usr/bin/env bash
# Prints the first-load transfer size of the built app (dist/): every file index.html loads
# before the first paint (wasm + JS + CSS), gzip -9 as the adapter's compression would send
# it. Fails above the ceiling (a ratchet: no change may make the first load bigger), and says
# how far the target is.
set -euo pipefail
cd "$(dirname "$0")/../dist"
target_kb=150   # issue 3's budget
ceiling_kb=${QYZMET_FIRST_LOAD_CEILING_KB:-180}   # measured 176.2 KB on 2026-11-23
total=0
printf '%-44s %10s %10s\n' file bytes gzip
for f in *.wasm *.js *.css; do  # the originals; .br/.gz are their encodings
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
  total=$((total + gz))
  printf '%-44s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-44s %10s %10d  (%d.%d KB gzip)\n' "first load (wasm + JS + CSS)" "" "$total" \
  $((total / 1024)) $(((total % 1024) * 10 / 1024))
if [ "$total" -le $((target_kb * 1024)) ]; then
  echo "within the target of $target_kb KB"
else
  echo "NOT within the target of $target_kb KB: $(( (total - target_kb * 1024) / 1024 )) KB over"
fi
if [ "$total" -gt $((ceiling_kb * 1024)) ]; then
  echo "first-load-size: over the ceiling of $ceiling_kb KB: this change makes the first load bigger" >&2
  exit 1
fi
