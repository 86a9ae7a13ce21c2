#!/bin/sh
# Runs every fuzz target for SECONDS each (default 60).
# With a nightly toolchain and cargo-fuzz: coverage-guided libFuzzer.
# Otherwise: the same target bodies on stable, fed random and mutated inputs
# (mutations of the fixtures) by examples/fuzz_stable.rs; not coverage-guided.
set -eu
secs="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
if cargo +nightly fuzz --version >/dev/null 2>&1; then
  for t in decode parse mojibake fix; do
    (cd "$here" && cargo +nightly fuzz run "$t" -- -max_total_time="$secs")
  done
else
  echo "cargo-fuzz/nightly not available: running the stable driver" >&2
  cd "$here/.."
  for t in decode parse mojibake fix; do
    cargo run --release --example fuzz_stable -- "$t" "$secs"
  done
fi
