#!/usr/bin/env python3
"""Counts the headings and paragraphs of Markdown/MDX files, the denominator
of a false-positive rate ("findings per 1,000 headings and paragraphs").

The count approximates what a reader sees as a unit of text, with the
standard library only (so it runs anywhere a dev set is kept):
- a heading: an ATX line (`# ...`) or a setext heading (a line over `===`/`---`);
- a paragraph: a run of non-blank lines; each list item and each blockquote
  paragraph is one; table rows, fenced code, front matter, MDX import/export
  lines and lines that are only HTML/JSX tags are not counted.
A unit needs at least one letter.

Usage: scripts/count_units.py DIR_OR_FILE... [--json]
Prints per-file and total counts (headings, paragraphs, units).
"""

import json
import re
import sys
from pathlib import Path

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
TAG_ONLY = re.compile(r"^\s*(<[^>]*>\s*)+$")
MDX_ESM = re.compile(r"^(import|export)\s")
HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
LETTER = re.compile(r"[^\W\d_]")


def count(text: str) -> tuple[int, int]:
    lines = text.splitlines()
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                i = j + 1
                break
    headings = paragraphs = 0
    fence = None
    para: list[str] = []

    def flush():
        nonlocal paragraphs
        if para and LETTER.search(" ".join(para)):
            paragraphs += 1
        para.clear()

    while i < len(lines):
        line = lines[i]
        i += 1
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            flush()
            fence = m.group(1)
            continue
        body = re.sub(r"^(\s*>)+\s?", "", line)
        if not body.strip():
            flush()
            continue
        if ATX.match(body):
            flush()
            if LETTER.search(body):
                headings += 1
            continue
        if para and SETEXT.match(body) and not LIST_ITEM.match(para[0]) or (
            para and re.match(r"^\s{0,3}=+\s*$", body)
        ):
            para.clear()
            headings += 1
            continue
        if HR.match(body):
            flush()
            continue
        if body.lstrip().startswith("|") or MDX_ESM.match(body) or TAG_ONLY.match(body):
            flush()
            continue
        if LIST_ITEM.match(body):
            flush()
        para.append(body)
    flush()
    return headings, paragraphs


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    paths = [Path(a) for a in argv if a != "--json"]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    files = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".md", ".mdx")))
        else:
            files.append(p)
    per_file = {}
    th = tp = 0
    for f in files:
        h, para = count(f.read_text(encoding="utf-8", errors="replace"))
        per_file[str(f)] = {"headings": h, "paragraphs": para}
        th += h
        tp += para
    total = {"files": len(files), "headings": th, "paragraphs": tp, "units": th + tp}
    if as_json:
        print(json.dumps({"total": total, "files": per_file}, ensure_ascii=False))
    else:
        for f, c in per_file.items():
            print(f"{c['headings']:6d} {c['paragraphs']:6d}  {f}")
        print(f"total: {len(files)} files, {th} headings, {tp} paragraphs, {th + tp} units")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
