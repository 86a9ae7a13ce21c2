#!/usr/bin/env bash
# The trust audit of a release build: mutated inputs through --fix, --online
# against servers on 127.0.0.1, files outside the tree, determinism over the
# corpus. Each part prints its numbers; the script fails when one is not 0
# (or not identical). Everything runs in temp folders; the corpus is read in
# place. Usage: scripts/audit.sh [N_MUTATED] (default 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
# LOCLINT_BIN: audit that binary instead of building one; AUDIT_PARTS: a
# subset of "mutate online outside determinism".
if [ -n "${LOCLINT_BIN:-}" ]; then
  bin=$LOCLINT_BIN
else
  cargo build --release --quiet --bin loclint
  bin=$CARGO_TARGET_DIR/release/loclint
fi
parts=${AUDIT_PARTS:-mutate online outside determinism}
want() { [[ " $parts " == *" $1 "* ]]; }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
status=0

if want mutate; then
echo "== mutated inputs ($n)"
python3 scripts/audit/mutate.py "$bin" "$n" || status=1
fi

if want online; then
echo "== --online and private addresses"
python3 scripts/audit/online.py "$bin" || status=1
echo "   redirects from a public address and DNS rebinding need the test resolver:"
echo "   cargo test --test links_online (redirects_to_private_hosts_are_not_followed, dns_rebinding_connects_to_the_checked_address)"
fi

if want outside; then
echo "== files outside the tree"
out="$tmp/outside" tree="$tmp/tree"
mkdir -p "$out/dir" "$tree/docs/sub"
page='# 제목

ì•ˆë…•í•˜ì„¸ìš” 입니다. 설명이 이어지는 문장입니다.
'
for f in "$out/a.md" "$out/dir/b.md" "$out/dir/c.md" "$out/ro.md"; do printf '%s' "$page" > "$f"; done
chmod 0444 "$out/ro.md"
ln -s "$out/a.md" "$tree/docs/link-file.md"            # a link to an outside file
ln -s "$out/dir" "$tree/docs/link-dir"                 # a link to an outside folder
ln -s ../../../outside/dir/c.md "$tree/docs/sub/rel.md" # a relative link climbing out
ln -s "$out/ro.md" "$tree/docs/ro.md"
ln -s /etc/passwd "$tree/docs/passwd.md"
printf '%s[out](../../outside/a.md) [up](../../../../../etc/hostname)\n' "$page" > "$tree/docs/in.md"
sums() { find "$out" -type f -exec sha256sum {} + | sort; stat -c '%n %a %U %i' "$out"/* "$out"/dir/* | sort; }
before=$(sums; sha256sum /etc/passwd /etc/hostname)
(cd "$tree" && "$bin" check --isolated --fix . >/dev/null 2>&1 || true)
(cd "$tree/docs" && "$bin" check --isolated --fix --force link-file.md link-dir ../docs/sub/rel.md >/dev/null 2>&1 || true)
after=$(sums; sha256sum /etc/passwd /etc/hostname)
touched=$(diff <(echo "$before") <(echo "$after") | grep -c '^>' || true)
inside=$(grep -c '안녕하세요' "$tree/docs/in.md" || true)
echo "outside the tree: $(echo "$before" | wc -l) files and stats compared, touched: $touched (inside fixed: $inside of 1)"
[ "$touched" = 0 ] && [ "$inside" = 1 ] || status=1
fi

if want determinism; then
echo "== determinism (20 runs over the corpus)"
corpus=../shared/corpus
if [ -d "$corpus" ]; then
  for mode in json diff; do
    for i in $(seq 1 20); do
      if [ "$mode" = json ]; then args=(--format json); else args=(--diff); fi
      # Exit 1 (findings) is the expected outcome, not a failed pipe.
      { "$bin" check --isolated "${args[@]}" "$corpus" 2>/dev/null || true; } | sha256sum
    done | sort | uniq -c > "$tmp/$mode"
    echo "check --${mode/json/format json} over the corpus: $(wc -l < "$tmp/$mode") distinct output(s) in 20 runs ($(awk '{print $2}' "$tmp/$mode" | head -1 | cut -c1-12))"
    [ "$(wc -l < "$tmp/$mode")" = 1 ] || status=1
  done
else
  echo "skipped: determinism needs $corpus"
fi
fi
exit $status
