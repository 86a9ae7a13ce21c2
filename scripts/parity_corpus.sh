#!/usr/bin/env bash
# Pairs the shared corpus for the parity rules and runs them over it.
#
# The corpus holds only .md/.mdx files, without the docusaurus.config.* that
# marks a site root, so its translations find no English source on their
# own. This builds a tree of symlinks in a temp folder that restores the
# layout loclint reads: a config file at the root of the helm and
# doQumentation sites, and `[site] source` for each react.dev translation.
#
# usage: scripts/parity_corpus.sh [LOCLINT] [-- extra loclint args]
#   prints the JSON report of the parity rules on stdout; the tree is left
#   in $PARITY_TREE (default /tmp/loclint-parity-corpus) for timing runs.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS:-$here/../shared/corpus}"
corpus="$(cd "$corpus" && pwd)"
bin="${1:-$here/target/release/loclint}"
shift || true
[ "${1:-}" = "--" ] && shift
tree="${PARITY_TREE:-/tmp/loclint-parity-corpus}"
rm -rf "$tree"
mkdir -p "$tree"
site() { # name upstream-folder
  mkdir -p "$tree/$1"
  echo 'module.exports = {};' > "$tree/$1/docusaurus.config.js"
  for d in "$corpus/$2"/*; do ln -s "$d" "$tree/$1/$(basename "$d")"; done
}
site helm helm-helm-www
site doq JanLahmann-doQumentation
mkdir -p "$tree/react/en"
ln -s "$corpus/reactjs-react.dev/src" "$tree/react/en/src"
for loc in ko ja zh-hans; do
  mkdir -p "$tree/react/$loc"
  ln -s "$corpus/reactjs-$loc.react.dev/src" "$tree/react/$loc/src"
  printf '[site]\nsource = "../en"\n' > "$tree/react/$loc/loclint.toml"
done
rules="${PARITY_RULES:-heading-id-dropped,missing-section,extra-section,untranslated-paragraph,code-changed,markup-translated}"
# Run from inside the corpus: symbolic links are followed only into the
# checked folders and the working folder.
cd "$corpus"
"$bin" check --select "$rules" --format json "$@" "$tree" || [ $? -eq 1 ]
