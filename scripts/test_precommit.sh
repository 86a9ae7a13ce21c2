#!/usr/bin/env bash
# The pre-commit hooks end to end, as a user meets them:
#   1. build the wheel (maturin, as `pip install .` does) and install it into a
#      temporary virtualenv together with pre-commit from PyPI; the wheel's
#      `loclint` must run;
#   2. make a temporary git repository whose .pre-commit-config.yaml takes the
#      hooks from this checkout (`repo: <path>`, `rev: <HEAD sha>`), so
#      pre-commit installs loclint from this repository exactly as it would
#      from a published one;
#   3. run the hooks on a clean page (passes), a broken .md and a broken .mdx
#      page (fail), let `loclint-fix` repair them, check them clean again, and
#      let a `git commit` of a broken page be refused by the installed hook.
# pre-commit installs the committed HEAD, not the working tree: commit first.
# Needs python3 with venv, git, cargo, and PyPI (for maturin and pre-commit).
# Set CARGO_TARGET_DIR to reuse compiled dependencies between runs.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$repo" rev-parse HEAD)"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "note: uncommitted changes are not tested; pre-commit installs $rev" >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/loclint-precommit.XXXXXX")"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

# Each step's wall-clock time, printed at the end.
timings=()
step_start=0
start() { step_start=$(date +%s); echo "== $1"; }
done_step() { timings+=("$(printf '%-44s %4ss' "$1" "$(($(date +%s) - step_start))")"); }

fail() { echo "FAIL: $*" >&2; exit 1; }

start "virtualenv with maturin and pre-commit"
python3 -m venv "$tmp/venv"
venv_bin="$tmp/venv/bin"
"$venv_bin/python" -m pip install --quiet maturin pre-commit
done_step "virtualenv with maturin and pre-commit"

start "wheel build (maturin build --release)"
"$venv_bin/maturin" build --release --manifest-path "$repo/Cargo.toml" --out "$tmp/wheels" --quiet
wheel="$(ls "$tmp"/wheels/loclint-*.whl)"
echo "built $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"
done_step "wheel build (maturin build --release)"

start "wheel install, loclint --version"
"$venv_bin/python" -m pip install --quiet "$wheel"
version="$("$venv_bin/loclint" --version)"
echo "$version"
case "$version" in
  loclint\ *) ;;
  *) fail "the wheel's loclint printed '$version'" ;;
esac
done_step "wheel install, loclint --version"

# The pages: a clean Korean page, and the same page with Korean particles
# that do not fit their nouns, which loclint fixes safely.
work="$tmp/site"
mkdir -p "$work/docs"
cat > "$work/docs/clean.md" <<'EOF'
---
locale: ko
title: 요금제 안내
---

## 요금제는 무엇인가요?

계정을 만들고 티켓이 닫히면 서비스와 지원을 확인하세요.
EOF
cat > "$work/docs/broken.md" <<'EOF'
---
locale: ko
title: 요금제 안내
---

## 요금제은 무엇인가요?

계정를 만들고 티켓가 닫히면 서비스과 지원을 확인하세요.
EOF
cp "$work/docs/broken.md" "$work/docs/broken.mdx"
cat > "$work/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: loclint
      - id: loclint-fix
EOF

export PRE_COMMIT_HOME="$tmp/pre-commit-home"
export PATH="$venv_bin:$PATH"
git_() { git -C "$work" -c user.name=loclint -c user.email=loclint@example.invalid -c commit.gpgsign=false "$@"; }
git_ init --quiet
git_ add .pre-commit-config.yaml docs/clean.md
git_ commit --quiet --no-verify -m "clean page"
# Staged, as pre-commit sees files at commit time: it tells that a hook
# changed a file from git's view of it, which an untracked file lacks.
git_ add docs/broken.md docs/broken.mdx

cd "$work"
start "pre-commit install-hooks (builds loclint)"
pre-commit install-hooks
done_step "pre-commit install-hooks (builds loclint)"

start "hook loclint on the clean page"
pre-commit run loclint --files docs/clean.md > "$tmp/out" 2>&1 || { cat "$tmp/out"; fail "loclint failed on the clean page"; }
grep -q 'Passed' "$tmp/out" || { cat "$tmp/out"; fail "loclint did not pass on the clean page"; }
done_step "hook loclint on the clean page"

start "hook loclint on the broken pages"
if pre-commit run loclint --files docs/broken.md docs/broken.mdx > "$tmp/out" 2>&1; then
  cat "$tmp/out"; fail "loclint passed on the broken pages"
fi
grep -q 'particle-agreement' "$tmp/out" || { cat "$tmp/out"; fail "no particle-agreement finding"; }
grep -q 'docs/broken.mdx' "$tmp/out" || { cat "$tmp/out"; fail "the .mdx page was not checked"; }
done_step "hook loclint on the broken pages"

start "hook loclint-fix on the broken pages"
# pre-commit fails a hook that changed files; the pages must be fixed.
if pre-commit run loclint-fix --files docs/broken.md docs/broken.mdx > "$tmp/out" 2>&1; then
  cat "$tmp/out"; fail "loclint-fix passed without changing the broken pages"
fi
grep -q 'files were modified by this hook' "$tmp/out" || { cat "$tmp/out"; fail "loclint-fix changed nothing"; }
for page in docs/broken.md docs/broken.mdx; do
  cmp -s "$page" docs/clean.md \
    || { diff "$page" docs/clean.md || true; fail "$page is not the clean page after the fix"; }
done
# pre-commit checks what is staged, and stashes what is not: stage the fix.
git_ add docs/broken.md docs/broken.mdx
pre-commit run loclint --files docs/broken.md docs/broken.mdx > "$tmp/out" 2>&1 \
  || { cat "$tmp/out"; fail "the fixed pages still fail"; }
done_step "hook loclint-fix on the broken pages"

start "git commit of a broken page is refused"
pre-commit install > /dev/null
cp docs/clean.md docs/late.md
sed -i 's/요금제는/요금제은/' docs/late.md
git_ add docs/late.md
if git_ commit --quiet -m "broken page" > "$tmp/out" 2>&1; then
  cat "$tmp/out"; fail "the commit of a broken page went through"
fi
grep -q 'particle-agreement' "$tmp/out" || { cat "$tmp/out"; fail "the refused commit did not say why"; }
done_step "git commit of a broken page is refused"

echo
echo "pre-commit hooks from $rev: all checks passed"
printf '  %s\n' "${timings[@]}"
