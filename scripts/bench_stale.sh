#!/usr/bin/env bash
# Times stale-translation on a repository with 5,000 commits.
#
# Builds, in a temp folder, a Docusaurus site of 200 English pages with
# Korean, Japanese and Chinese translations (800 pages), and a history of
# 5,000 commits made with `git fast-import` (each edits one English page or
# one translation, so every page has a long history and about half the
# translations end up stale). Then runs loclint with and without the rule
# and prints the wall time of each (best of 5) and the difference.
#
# usage: scripts/bench_stale.sh [LOCLINT]    (default: target/release/loclint)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$here/target}/release/loclint}"
commits="${COMMITS:-5000}"
pages="${PAGES:-200}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
git init -q site
cd site
python3 - "$commits" "$pages" <<'PY' | git fast-import --quiet
import random, sys
commits, pages = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(13)
locales = {"ko": "설명", "ja": "説明", "zh": "说明"}
def source(p, v):
    return f"# Page {p}\n\nThis page explains part {p} of the tool, revision {v}.\n\n## Usage\n\nRun `tool {p}` to start.\n"
def translation(p, loc, v):
    w = locales[loc]
    return f"# {w} {p}\n\n{w} {p}, {v}.\n\n## {w}\n\n`tool {p}` {w}.\n"
def path(p, loc):
    if loc is None:
        return f"docs/p{p}.md"
    return f"i18n/{loc}/docusaurus-plugin-content-docs/current/p{p}.md"
out = sys.stdout.buffer
def blob(text):
    data = text.encode()
    out.write(b"data %d\n" % len(data) + data + b"\n")
t = 1_600_000_000
for n in range(commits):
    t += 3600
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@example.invalid> %d +0000\n" % t)
    msg = f"commit {n}".encode()
    out.write(b"data %d\n" % len(msg) + msg + b"\n")
    if n == 0:
        out.write(b"M 100644 inline docusaurus.config.js\n")
        blob("module.exports = {};\n")
        for p in range(pages):
            out.write(b"M 100644 inline " + path(p, None).encode() + b"\n")
            blob(source(p, 0))
            for loc in locales:
                out.write(b"M 100644 inline " + path(p, loc).encode() + b"\n")
                blob(translation(p, loc, 0))
        continue
    p = rnd.randrange(pages)
    loc = rnd.choice([None, None, None, "ko", "ja", "zh"])
    out.write(b"M 100644 inline " + path(p, loc).encode() + b"\n")
    blob(source(p, n) if loc is None else translation(p, loc, n))
PY
git checkout -q main
echo "repository: $(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files"
best() { # args...: best wall time of 5 runs, in seconds
  local b=""
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    b=$(python3 -c "print(min(float('${b:-1e9}'), $e - $s))")
  done
  echo "$b"
}
without=$(best "$bin" check --ignore stale-translation .)
with=$(best "$bin" check .)
only=$(best "$bin" check --select stale-translation .)
stale=$("$bin" check --select stale-translation --format json . | python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))" || true)
echo "stale translations found: $stale"
python3 -c "print(f'without stale-translation: {$without:.3f} s\nwith it:                   {$with:.3f} s\nadded:                     {$with - $without:.3f} s\nstale-translation alone:   {$only:.3f} s')"
