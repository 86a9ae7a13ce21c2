#!/usr/bin/env bash
# Peak memory and wall time of a full check on the shared corpus, and on the
# corpus copied 10 times into a temp folder (memory must follow the largest
# file, not the site). Usage: scripts/bench_memory.sh [path/to/loclint]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/loclint}
corpus=../shared/corpus
[ -d "$corpus" ] || { echo "needs $corpus" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 10); do cp -r "$corpus" "$tmp/copy$i"; done
measure() {
  local label=$1 target=$2 best_wall= rss=
  for _ in 1 2 3; do
    /usr/bin/time -o "$tmp/time" -f '%e %M' "$bin" check --isolated --quiet "$target" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp/time")
    wall=${out% *}; rss=${out#* }
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
  done
  printf '%-12s wall %6ss  peak RSS %6d MB  (%s files)\n' "$label" "$best_wall" $((rss / 1024)) \
    "$(find "$target" -name '*.md' -o -name '*.mdx' | wc -l)"
}
measure "corpus" "$corpus"
measure "corpus x10" "$tmp"
