#!/usr/bin/env python3
"""Evaluates mojibake repair on text the repair was not tuned on.

Two sets, both garbled here and scored by running the release binary
(`loclint check --isolated --select mojibake ...`):

* pages: whole translated pages of one corpus site put through the seeds'
  process (UTF-8 read as Windows-1254, undefined bytes and soft hyphens
  dropped). Reports % of characters wrong after `--fix --unsafe-fixes`, pages
  restored byte for byte, wrong safe fixes (a safe edit whose replacement is
  not the original text of the span it covers), CPU seconds per MB of damaged
  text and peak RSS; and whether `--fix` then `--fix --unsafe-fixes` ends
  where one `--fix --unsafe-fixes` does.
* strings: the development set, one string per file, per class of the
  issue (every chain, every script, lossless and lossy, and legitimate
  look-alikes that must not change). CJK sentences come from one corpus site
  at a time (`--site`); Latin, Cyrillic and Greek sentences are made of
  frequent words from `wordfreq` (its data is CC BY-SA 4.0), when installed.

Nothing is written into the repository; the corpus is read in place. The
language model in rules/mojibake-lm.tsv is built by scripts/build_lm.py: a
site it was built from is marked "in model" in the output, so the held-out
figures can be told apart.

`rotate` splits by site: for each corpus site (helm, react, doq) it builds a
model from the other two with `scripts/build_lm.py --sites` into a temp file,
points the binary at it (LOCLINT_MOJIBAKE_LM) and measures the held-out site
only. That model never leaves the temp folder.

Usage:
  python3 scripts/eval_mojibake.py pages --site doq-ko [--limit N]
  python3 scripts/eval_mojibake.py strings --site doq-ko
  python3 scripts/eval_mojibake.py all
  python3 scripts/eval_mojibake.py rotate [--limit N] [--no-pages]
Sites: helm-ko helm-ja helm-zh react-ko react-ja react-zh doq-ko.
"""
import argparse
import bisect
import difflib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
BIN = os.environ.get("LOCLINT_BIN", os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "loclint"))

SITES = {
    "helm-ko": ("ko", "helm-helm-www/i18n/ko"),
    "helm-ja": ("ja", "helm-helm-www/i18n/ja"),
    "helm-zh": ("zh", "helm-helm-www/i18n/zh"),
    "react-ko": ("ko", "reactjs-ko.react.dev"),
    "react-ja": ("ja", "reactjs-ja.react.dev"),
    "react-zh": ("zh", "reactjs-zh-hans.react.dev"),
    "doq-ko": ("ko", "JanLahmann-doQumentation/i18n/ko"),
}


# Corpus site (as scripts/build_lm.py names it) -> its evaluation sites.
GROUPS = {
    "helm": ["helm-ko", "helm-ja", "helm-zh"],
    "react": ["react-ko", "react-ja", "react-zh"],
    "doq": ["doq-ko"],
}
MODEL_ENV = "LOCLINT_MOJIBAKE_LM"


def in_model(site):
    """Whether the model the binary reads was built from the site's folder."""
    folder = SITES[site][1]
    model = os.environ.get(MODEL_ENV) or os.path.join(ROOT, "rules", "mojibake-lm.tsv")
    with open(model, encoding="utf-8") as f:
        head = "".join(line for line in f if line.startswith("#"))
    return folder in head


# --- garbling -----------------------------------------------------------

def through(s, page, undefined="drop", shy="keep", nbsp="keep"):
    """UTF-8 bytes of `s` read as `page`. undefined: drop | fffd | c1 | strict."""
    out = []
    for b in s.encode("utf-8"):
        ch = bytes([b]).decode(page, errors="ignore") if b >= 0x80 else chr(b)
        if ch == "":
            if undefined == "strict":
                return None
            if undefined == "fffd":
                out.append("\ufffd")
            elif undefined == "c1":
                out.append(chr(b))
            continue
        if ch == "\u00ad" and shy == "drop":
            continue
        if ch == "\u00a0" and nbsp == "space":
            ch = " "
        out.append(ch)
    return "".join(out)


def seed_process(s):
    return through(s, "cp1254", undefined="drop", shy="drop")


def spans(s, garble):
    """Per character of `s`: its (start, end) byte span in garble(s), which
    works character by character for every single-byte process here."""
    out, at = [], 0
    for c in s:
        n = len(garble(c).encode("utf-8"))
        out.append((at, at + n))
        at += n
    return out


# --- running the binary -------------------------------------------------

def run(args, cwd=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([BIN, "check", "--isolated", "--select", "mojibake"] + args,
                       capture_output=True, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode == 2:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[:2000])
    return p, cpu, after.ru_maxrss


def chars_wrong(a, b):
    """Characters of `a` (the original) not matched in `b`, line by line."""
    if a == b:
        return 0
    al, bl = a.split("\n"), b.split("\n")
    if len(al) != len(bl):
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return max(len(a), len(b)) - sum(m.size for m in sm.get_matching_blocks())
    wrong = 0
    for x, y in zip(al, bl):
        if x != y:
            sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
            wrong += max(len(x), len(y)) - sum(m.size for m in sm.get_matching_blocks())
    return wrong


def wrong_safe_edits(original, garbled_bytes, diagnostics, garble):
    """Safe edits that do not give back the original text of the characters
    they touch. An edit may cover part of one character's garbled bytes (a
    repair of `Â«` to `«` removes only the `Â`), so each edit is judged on
    the characters around it: their garbled bytes with the edit applied must
    be their original text."""
    sp = spans(original, garble)
    starts = [s for s, _ in sp]
    bad = []
    for d in diagnostics:
        fix = d.get("fix") or {}
        if fix.get("applicability") != "safe":
            continue
        for e in fix["edits"]:
            a, b = e["start"]["offset"], e["end"]["offset"]
            i = max(bisect.bisect_right(starts, a) - 1, 0)
            j = max(bisect.bisect_left(starts, b) - 1, i)
            if a == b and i < len(sp) and sp[i][0] == a:
                j = i - 1  # an insertion between characters
            lo = sp[i][0] if i < len(sp) else len(garbled_bytes)
            hi = sp[j][1] if 0 <= j < len(sp) and j >= i else lo
            got = (garbled_bytes[lo:a] + e["replacement"].encode("utf-8")
                   + garbled_bytes[b:hi]).decode("utf-8", "replace")
            want = original[i:j + 1] if j >= i else ""
            if got != want:
                bad.append((garbled_bytes[a:b].decode("utf-8", "replace"), e["replacement"], want))
    return bad


# --- pages --------------------------------------------------------------

def site_files(site):
    lang, folder = SITES[site]
    root = os.path.join(CORPUS, folder)
    out = []
    for dp, dn, fn in os.walk(root):
        dn.sort()
        for n in sorted(fn):
            if n.endswith((".md", ".mdx")):
                out.append(os.path.join(dp, n))
    return out


def eval_pages(site, limit=None):
    files = site_files(site)
    if limit:
        files = files[:limit]
    tmp = tempfile.mkdtemp(prefix="mojibake-eval-")
    try:
        origs, garbled = {}, {}
        for k, f in enumerate(files):
            with open(f, encoding="utf-8") as h:
                text = h.read()
            name = f"{k:04d}" + os.path.splitext(f)[1]
            origs[name] = text
            garbled[name] = seed_process(text)
        damaged = sum(len(g.encode("utf-8")) for g in garbled.values())

        def lay(sub):
            d = os.path.join(tmp, sub)
            os.makedirs(d)
            for n, g in garbled.items():
                with open(os.path.join(d, n), "w", encoding="utf-8", newline="") as h:
                    h.write(g)
            return d

        # Safe fixes as reported on the garbled pages.
        d0 = lay("report")
        p, cpu_report, rss = run(["--format", "json", d0])
        report = json.loads(p.stdout or b"{}")
        by_file = {}
        for d in report.get("diagnostics", []):
            by_file.setdefault(os.path.basename(d["path"]), []).append(d)
        bad_safe = []
        for n, ds in by_file.items():
            bad_safe += wrong_safe_edits(origs[n], garbled[n].encode("utf-8"), ds, seed_process)
        # One step.
        d1 = lay("one")
        _, cpu_fix, rss1 = run(["--fix", "--unsafe-fixes", d1])
        # Two steps.
        d2 = lay("two")
        run(["--fix", d2])
        run(["--fix", "--unsafe-fixes", d2])
        total = wrong = exact = 0
        two_differs = 0
        for n, o in origs.items():
            with open(os.path.join(d1, n), encoding="utf-8", newline="") as h:
                fixed = h.read()
            with open(os.path.join(d2, n), encoding="utf-8", newline="") as h:
                fixed2 = h.read()
            total += len(o)
            w = chars_wrong(o, fixed)
            wrong += w
            exact += w == 0
            two_differs += fixed != fixed2
        # A fresh check of the fixed pages: what is still reported.
        p, _, _ = run(["--format", "json", d1])
        left = len(json.loads(p.stdout or b"{}").get("diagnostics", []))
        mb = damaged / 1e6
        return {
            "site": site,
            "in_model": in_model(site),
            "pages": len(files),
            "chars": total,
            "wrong_chars": wrong,
            "wrong_pct": round(100.0 * wrong / max(total, 1), 4),
            "exact_pages": exact,
            "wrong_safe_edits": len(bad_safe),
            "wrong_safe_examples": bad_safe[:5],
            "two_step_differs": two_differs,
            "left_reported": left,
            "damaged_mb": round(mb, 3),
            "cpu_s_per_mb_fix": round(cpu_fix / max(mb, 1e-9), 3),
            "cpu_s_per_mb_report": round(cpu_report / max(mb, 1e-9), 3),
            "peak_rss_mb": round(max(rss, rss1) / 1024, 1),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- strings (the development set) --------------------------------------

CJK_OK = set("，。、：；！？（）「」『』…—“”‘’·")


def is_cjk(c):
    o = ord(c)
    return 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7A3


def site_sentences(site, n, rng):
    """Prose lines of a site: at least 6 CJK letters, no markup."""
    lines = []
    for f in site_files(site):
        with open(f, encoding="utf-8") as h:
            for line in h:
                t = line.strip()
                if not (10 <= len(t) <= 120) or sum(map(is_cjk, t)) < 6:
                    continue
                if any(c in t for c in "`<>[|{*#\\_$"):
                    continue
                if all(c.isascii() or is_cjk(c) or c in CJK_OK for c in t):
                    lines.append(t)
    rng.shuffle(lines)
    return lines[:n]


def word_sentences(lang, n, rng):
    """Sentences of 4..9 frequent words of `lang` (from wordfreq, CC BY-SA 4.0)."""
    try:
        import wordfreq
    except ImportError:
        return []
    words = [w for w in wordfreq.top_n_list(lang, 3000) if w.isalpha()]
    # Sentences that carry letters outside ASCII, as a garbled string would.
    rich = [w for w in words if not w.isascii()]
    out = []
    for _ in range(n):
        k = rng.randint(4, 9)
        ws = [rng.choice(words) for _ in range(k)]
        ws[rng.randrange(k)] = rng.choice(rich)
        s = " ".join(ws)
        out.append(s[0].upper() + s[1:] + ".")
    return out


def partial(s, rng, garble):
    """Garbles a middle stretch of words of `s` only."""
    ws = s.split(" ")
    if len(ws) < 3:
        return garble(s)
    i = rng.randrange(1, len(ws) - 1)
    j = rng.randrange(i + 1, len(ws) + 1)
    g = garble(" ".join(ws[i:j]))
    if g is None:
        return None
    return " ".join(ws[:i] + [g] + ws[j:])


EMOJI = ["⚠️", "⚙️", "🏷️", "⭐", "1️⃣", "✔️", "ℹ️", "❤️"]
PUNCT = ["\u00a0", "‘", "’", "“", "”", "–", "—", "…", "\u00ad"]
LEGIT = [
    "INFORMAÇÃO", "Ação e Não", "naïve café", "Straße und Größe", "Ağıl üşüdü",
    "Źródło ół", "Łódź", "Ärger über Öl", "señor año", "©2024 ™ ® °C ±5 µm",
    "Привет, как дела?", "Καλημέρα κόσμε", "“quoted” — dash … ellipsis",
    "ÀÁÂÃÄÅ ÆÇ", "Ãrvore", "Façade Â la carte", "x² + y³ ≤ z",
    "Dvořák – Smetana", "Česká republika", "Ελληνικά γράμματα",
]


def dev_cases(site, rng):
    """(class, garbled, expected) triples: expected is the original text."""
    lang = SITES[site][0]
    cjk = site_sentences(site, 120, rng)
    cases = []

    def add(cls, orig, garbled):
        if garbled is not None and garbled != orig:
            cases.append((cls, garbled, orig))

    # CJK through every single-byte page, lossless: undefined bytes kept as
    # C1 controls (what browsers write).
    for k, s in enumerate(cjk[:40]):
        page = ["cp1252", "cp1254", "latin-1", "cp1250", "cp1251", "cp1253", "cp1257", "mac_roman"][k % 8]
        add(f"lossless {lang} utf-8->{page}", s, through(s, page, undefined="c1"))
    # Two lossless layers.
    for s in cjk[40:50]:
        add(f"lossless {lang} two layers", s, through(through(s, "cp1252", undefined="c1"), "cp1252", undefined="c1"))
    # Lossy: undefined bytes dropped (the seeds' process) or replaced.
    for s in cjk[50:70]:
        add(f"lossy {lang} 1254 dropped", s, seed_process(s))
    for s in cjk[70:80]:
        add(f"lossy {lang} 1252 U+FFFD", s, through(s, "cp1252", undefined="fffd"))
    # Two layers, the outer one lossy.
    for s in cjk[80:90]:
        inner = through(s, "cp1252", undefined="c1")
        add(f"lossy {lang} two layers outer lossy", s, through(inner, "cp1254", undefined="drop"))
    # No-break spaces that became spaces.
    for s in cjk[90:100]:
        add(f"lossy {lang} nbsp->space", s, through(s, "cp1252", undefined="c1", nbsp="space"))
    # Emoji with U+FE0F inside a CJK sentence.
    for k, s in enumerate(cjk[100:110]):
        e = EMOJI[k % len(EMOJI)]
        t = e + " " + s
        add("emoji fe0f 1252 c1", t, through(t, "cp1252", undefined="c1"))
        add("emoji fe0f 1252 dropped", t, through(t, "cp1252", undefined="drop"))
    # Latin punctuation through Windows-1252 next to intact CJK.
    for k, s in enumerate(cjk[110:120]):
        p = PUNCT[k % len(PUNCT)]
        q = PUNCT[(k + 3) % len(PUNCT)]
        mid = f"Click{p}‘Save’{q}to"
        add("latin punct 1252 beside cjk", s + " " + mid, s + " " + through(mid, "cp1252", undefined="c1"))
    add("latin punct 1252 beside cjk", "\u00ad\u00ad", through("\u00ad\u00ad", "cp1252"))
    # Latin, Cyrillic and Greek words.
    for wl, pages in [("es", ["cp1250", "cp1251", "mac_roman", "cp1252"]),
                      ("de", ["cp1250", "cp1251", "mac_roman", "cp1252"]),
                      ("tr", ["cp1250", "cp1251", "mac_roman", "cp1252"])]:
        for k, s in enumerate(word_sentences(wl, 24, rng)):
            page = pages[k % len(pages)]
            add(f"lossless latin utf-8->{page}", s, through(s, page, undefined="strict"))
    for wl in ["ru", "el"]:
        for k, s in enumerate(word_sentences(wl, 20, rng)):
            page = ["cp1252", "cp1254"][k % 2]
            add(f"lossless {wl} partial line ->{page}", s, partial(s, rng, lambda x: through(x, page, undefined="c1")))
    # Legitimate look-alikes and clean lines: must come back unchanged.
    for s in LEGIT + cjk[:20]:
        cases.append(("legit", s, s))
    return cases


def eval_strings(site, seed=10):
    rng = random.Random(f"{site}-{seed}")
    cases = dev_cases(site, rng)
    tmp = tempfile.mkdtemp(prefix="mojibake-dev-")
    try:
        for sub in ["one", "two"]:
            os.makedirs(os.path.join(tmp, sub))
            for k, (_, g, _) in enumerate(cases):
                with open(os.path.join(tmp, sub, f"{k:04d}.md"), "w", encoding="utf-8", newline="") as h:
                    h.write(g + "\n")
        p, _, _ = run(["--format", "json", os.path.join(tmp, "one")])
        safe_by_case = {}
        for d in json.loads(p.stdout or b"{}").get("diagnostics", []):
            fix = d.get("fix") or {}
            if fix.get("applicability") == "safe":
                k = int(os.path.basename(d["path"]).split(".")[0])
                safe_by_case.setdefault(k, []).extend(e["replacement"] for e in fix["edits"])
        _, cpu, _ = run(["--fix", "--unsafe-fixes", os.path.join(tmp, "one")])
        run(["--fix", os.path.join(tmp, "two")])
        run(["--fix", "--unsafe-fixes", os.path.join(tmp, "two")])
        per = {}
        misses = []
        for k, (cls, g, want) in enumerate(cases):
            with open(os.path.join(tmp, "one", f"{k:04d}.md"), encoding="utf-8", newline="") as h:
                got = h.read()[:-1]
            with open(os.path.join(tmp, "two", f"{k:04d}.md"), encoding="utf-8", newline="") as h:
                got2 = h.read()[:-1]
            st = per.setdefault(cls, [0, 0, 0, 0, 0, 0])
            st[0] += 1
            st[1] += got == want
            st[2] += got != got2
            st[3] += len(want)
            st[4] += chars_wrong(want, got)
            # A safe edit must write text of the original: a proxy for "the
            # replacement is the original of its span" when spans are not
            # known (double-byte and layered chains).
            st[5] += any(r and r not in want for r in safe_by_case.get(k, []))
            if got != want:
                misses.append((cls, g, got, want))
        return {"site": site, "in_model": in_model(site), "classes": per, "misses": misses}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["pages", "strings", "all", "rotate"])
    ap.add_argument("--no-pages", action="store_true", help="rotate: strings only")
    ap.add_argument("--site", default="doq-ko", choices=sorted(SITES))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--misses", type=int, default=8, help="misses shown per class")
    a = ap.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit(f"needs {CORPUS}")
    if not os.path.exists(BIN):
        sys.exit(f"needs {BIN} (cargo build --release)")
    if a.what == "rotate":
        tmp = tempfile.mkdtemp(prefix="mojibake-lm-")
        try:
            for held, sites in GROUPS.items():
                model = os.path.join(tmp, f"without-{held}.tsv")
                others = ",".join(g for g in GROUPS if g != held)
                with open(model, "w", encoding="utf-8") as f:
                    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "build_lm.py"),
                                    CORPUS, "--sites", others], stdout=f, check=True)
                os.environ[MODEL_ENV] = model
                print(f"# model from {others}; held out: {held}")
                report(a, sites, "strings" if a.no_pages else "all")
        finally:
            os.environ.pop(MODEL_ENV, None)
            shutil.rmtree(tmp, ignore_errors=True)
        return
    report(a, sorted(SITES) if a.what == "all" else [a.site], a.what)


def report(a, sites, what):
    for site in sites:
        if what in ("strings", "all"):
            r = eval_strings(site)
            tag = "in model" if r["in_model"] else "held out"
            print(f"## strings {site} ({tag})")
            tot = [0] * 6
            for cls, st in sorted(r["classes"].items()):
                n, ok, two, chars, wrong, bad_safe = st
                tot = [a + b for a, b in zip(tot, st)]
                print(f"  {cls:40s} {ok:4d}/{n:<4d} exact  wrong chars {100.0 * wrong / max(chars, 1):6.2f}%"
                      f"  wrong safe {bad_safe}  two-step differs {two}")
            n, ok, two, chars, wrong, bad_safe = tot
            print(f"  {'TOTAL':40s} {ok:4d}/{n:<4d} exact  wrong chars {100.0 * wrong / max(chars, 1):6.2f}%"
                  f"  wrong safe {bad_safe}  two-step differs {two}")
            shown = {}
            for cls, g, got, want in r["misses"]:
                shown[cls] = shown.get(cls, 0) + 1
                if shown[cls] <= a.misses:
                    print(f"    MISS [{cls}] {g!r}\n      got  {got!r}\n      want {want!r}")
        if what in ("pages", "all"):
            r = eval_pages(site, a.limit)
            tag = "in model" if r["in_model"] else "held out"
            print(f"## pages {site} ({tag})")
            for k, v in r.items():
                print(f"  {k}: {v}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
