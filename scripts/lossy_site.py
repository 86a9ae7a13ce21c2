#!/usr/bin/env python3
"""A lossy-mojibake site for memory and speed runs.

Korean, Japanese and Chinese pages of the shared corpus (react.dev ko, ja and
zh-hans, CC BY 4.0; helm.sh ko, ja and zh, MIT) garbled the way the seed
pages were: UTF-8 read as Windows-1254, the bytes that code page leaves
undefined dropped, and saved again as UTF-8. Pages are taken in turn from
each folder (repeated under new names when the corpus runs out) until the
output holds about MB megabytes. Usage: scripts/lossy_site.py OUT_DIR [MB] [ko|all]
("ko" takes the react.dev Korean pages only).
"""
import itertools
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
target = float(sys.argv[2] if len(sys.argv) > 2 else 5) * 1_000_000
which = sys.argv[3] if len(sys.argv) > 3 else "all"
corpus = pathlib.Path(__file__).resolve().parent.parent / ".." / "shared" / "corpus"
folders = ["reactjs-ko.react.dev"]
if which == "all":
    folders += ["reactjs-ja.react.dev", "reactjs-zh-hans.react.dev",
                "helm-helm-www/i18n/ko", "helm-helm-www/i18n/ja", "helm-helm-www/i18n/zh"]
sets = []
for f in folders:
    root = corpus / f
    pages = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".mdx"))
    if not pages:
        sys.exit(f"needs {root}")
    sets.append((f, root, pages))
# One page of each folder in turn, so any prefix of the output mixes scripts.
order = [x for group in itertools.zip_longest(*[[(f, r, p) for p in ps] for f, r, ps in sets])
         for x in group if x]
out.mkdir(parents=True, exist_ok=True)
written, n = 0, 0
while written < target:
    for folder, root, p in order:
        text = p.read_text(encoding="utf-8", errors="replace")
        garbled = text.encode("utf-8").decode("cp1254", errors="ignore")
        data = garbled.encode("utf-8")
        rel = pathlib.Path(folder.replace("/", "-")) / p.relative_to(root).with_suffix(".md")
        dest = out / f"copy{n}" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written += len(data)
        if written >= target:
            break
    n += 1
print(f"{written / 1e6:.1f} MB in {out}")
