#!/usr/bin/env python3
"""A lossy-mojibake help center for memory and speed runs.

Korean pages of the shared corpus (reactjs/ko.react.dev, CC BY 4.0) garbled
the way the seed pages were: UTF-8 read as Windows-1254, the bytes that code
page leaves undefined dropped, and saved again as UTF-8. Pages are written
(repeated under new names when the corpus runs out) until the folder holds
about MB megabytes. Usage: scripts/lossy_site.py OUT_DIR [MB]
"""
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
target = float(sys.argv[2] if len(sys.argv) > 2 else 5) * 1_000_000
root = pathlib.Path(__file__).resolve().parent.parent / ".." / "shared" / "corpus" / "reactjs-ko.react.dev"
pages = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".mdx"))
if not pages:
    sys.exit(f"needs {root}")
out.mkdir(parents=True, exist_ok=True)
written, n = 0, 0
while written < target:
    for p in pages:
        text = p.read_text(encoding="utf-8", errors="replace")
        garbled = text.encode("utf-8").decode("cp1254", errors="ignore")
        data = garbled.encode("utf-8")
        rel = p.relative_to(root).with_suffix(".md")
        dest = out / f"copy{n}" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written += len(data)
        if written >= target:
            break
    n += 1
print(f"{written / 1e6:.1f} MB in {out}")
