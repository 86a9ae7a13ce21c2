#!/usr/bin/env python3
"""Mutated inputs through `loclint check --fix`: corrupting safe fixes, crashes, hangs.

Inputs: the seeds, the rule fixtures and a sample of the shared corpus, each
mutated (byte flips, inserts, deletes, stray invalid bytes, a BOM, CRLF,
truncation) into a temp folder. Each batch is fixed by one run (a timeout
is a hang, a panic or an exit code other than 0/1 a crash). A safe fix is
corrupting when the fixed file has more U+FFFD, more invalid UTF-8
sequences, other invalid bytes, more mojibake-looking characters than
before, a lost or added BOM, changed line endings, or was re-encoded from
UTF-8 with damage. Usage: mutate.py LOCLINT N_INPUTS
"""
import pathlib, random, subprocess, sys, tempfile

binary, total = sys.argv[1], int(sys.argv[2])
root = pathlib.Path(__file__).resolve().parents[2]
rng = random.Random(1215)
sources = sorted((root / "fixtures" / "seeds").glob("*.txt"))
sources += sorted(p for p in (root / "fixtures").rglob("*.md*") if "seeds" not in p.parts)
corpus = root.parent / "shared" / "corpus"
if corpus.is_dir():
    pages = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".mdx"))
    sources += rng.sample(pages, min(60, len(pages)))
else:
    print("corpus sample skipped: needs ../shared/corpus")
originals = [p.read_bytes()[:40_000] for p in sources]
# Mojibake-looking characters: Latin-1/Windows-125x letters that UTF-8 read
# with a legacy code page produces.
MOJI = set(range(0xC0, 0x100)) | {0x152, 0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x11E, 0x11F, 0x130, 0x131, 0x15E, 0x15F}

def mutate(b: bytes) -> bytes:
    b = bytearray(b)
    kind = rng.choice(["flip", "insert", "delete", "stray", "bom", "crlf", "truncate", "mix"])
    n = rng.randint(1, 4)
    if kind in ("flip", "mix") and b:
        for _ in range(n):
            i = rng.randrange(len(b)); b[i] ^= 1 << rng.randrange(8)
    if kind in ("insert", "mix"):
        for _ in range(n):
            b.insert(rng.randrange(len(b) + 1), rng.randrange(256))
    if kind == "delete" and b:
        for _ in range(n):
            if b: del b[rng.randrange(len(b))]
    if kind in ("stray", "mix"):
        for _ in range(n):
            b.insert(rng.randrange(len(b) + 1), rng.choice([0xFF, 0xFE, 0xC3, 0x80, 0xED, 0xF8]))
    if kind == "bom":
        b = bytearray(b"\xef\xbb\xbf") + b
    if kind == "crlf":
        b = bytearray(bytes(b).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    if kind == "truncate" and b:
        b = b[: rng.randrange(len(b))]
    return bytes(b).replace(b"\x00", b" ")

def invalid_seqs(b: bytes):
    body = b[3:] if b.startswith(b"\xef\xbb\xbf") else b
    out, i = [], 0
    while i < len(body):
        try:
            body[i:].decode("utf-8"); break
        except UnicodeDecodeError as e:
            out.append(body[i + e.start : i + e.end]); i += e.end
    return out

def measure(b: bytes):
    body = b[3:] if b.startswith(b"\xef\xbb\xbf") else b
    t = body.decode("utf-8", errors="replace")
    return {
        "fffd": t.count("\ufffd"), "invalid": len(invalid_seqs(b)),
        "moji": sum(1 for c in t if ord(c) in MOJI),
        "bom": b.startswith(b"\xef\xbb\xbf"), "lf": b.count(b"\n"), "crlf": b.count(b"\r\n"),
    }

def corrupting(before: bytes, after: bytes):
    if before == after:
        return None
    # A legacy or UTF-16 file rewritten as UTF-8 with the very same text is
    # the non-utf8-file fix working, not damage.
    try:
        new_text = after.decode("utf-8")
        for enc in ("utf-16", "utf-16-le", "utf-16-be", "euc-kr", "shift_jis", "gbk", "big5", "cp1252", "cp1254", "cp1251", "cp1250", "iso-8859-2"):
            try:
                if before.decode(enc) in (new_text, "\ufeff" + new_text):
                    return None
            except (UnicodeDecodeError, LookupError):
                pass
    except UnicodeDecodeError:
        pass
    m0, m1 = measure(before), measure(after)
    why = []
    for k in ("fffd", "invalid", "moji"):
        if m1[k] > m0[k]: why.append(f"more {k} ({m0[k]} -> {m1[k]})")
    for k in ("bom", "lf", "crlf"):
        if m1[k] != m0[k]: why.append(f"{k} changed")
    if invalid_seqs(before) and invalid_seqs(after) != invalid_seqs(before):
        # UTF-8 with damage: its invalid bytes must survive as they were.
        why.append("invalid bytes rewritten (re-encoded?)")
    return why or None

stats = {"inputs": 0, "changed": 0, "corrupting": 0, "crashes": 0, "hangs": 0}
batch = 250
with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    done = 0
    while done < total:
        d = tmp / f"b{done}"; d.mkdir()
        inputs = {}
        for k in range(min(batch, total - done)):
            data = mutate(rng.choice(originals))
            p = d / f"m{k:04}.md"; p.write_bytes(data); inputs[p] = data
        done += len(inputs)
        try:
            r = subprocess.run([binary, "check", "--isolated", "--quiet", "--fix", "--threads", "2", str(d)],
                               capture_output=True, timeout=300)
            if r.returncode not in (0, 1) or b"panicked" in r.stderr:
                stats["crashes"] += 1
                print("crash:", r.returncode, r.stderr.decode(errors="replace")[-500:])
        except subprocess.TimeoutExpired:
            stats["hangs"] += 1; print("hang in batch", d)
        for p, before in inputs.items():
            stats["inputs"] += 1
            after = p.read_bytes()
            stats["changed"] += after != before
            why = corrupting(before, after)
            if why:
                stats["corrupting"] += 1
                keep = root / "target" / "audit-corrupting"; keep.mkdir(parents=True, exist_ok=True)
                (keep / p.name).write_bytes(before)
                print(f"corrupting: {p.name}: {'; '.join(why)} (input kept in {keep})")
print("mutation: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
sys.exit(1 if stats["corrupting"] or stats["crashes"] or stats["hangs"] else 0)
