#!/usr/bin/env python3
"""CPU cost of rule families on a tree, relative to the foundation rules.

Runs `loclint check TREE --threads 1 --select BASE[,FAMILY]` several times
and reports the least user+system CPU time of each (the least is the run
least disturbed by other work on the machine).

    python3 scripts/rule_cost.py [--loclint target/release/loclint]
        [--tree ../shared/corpus] [--runs 5]
"""

import argparse
import os
import resource
import subprocess

BASE = "non-utf8-file,replacement-character"
FAMILIES = {
    "mojibake": "mojibake",
    "translation": "half-translated-heading,untranslated-heading,mixed-language,particle-agreement",
    "urls": "localized-url,localized-email,url-glued-to-text",
    "links (offline)": "missing-file,broken-anchor,dead-link",
}


def cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loclint", default="target/release/loclint")
    ap.add_argument("--tree", default=os.path.join("..", "shared", "corpus"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    def least(select):
        cmd = [args.loclint, "check", args.tree, "--threads", "1", "-q", "--select", select]
        return min(cpu(cmd) for _ in range(args.runs))

    base = least(BASE)
    print(f"{'foundation':16} {base:.3f} s")
    for name, rules in FAMILIES.items():
        t = least(f"{BASE},{rules}")
        print(f"{name:16} {t:.3f} s  +{(t - base) / base * 100:.0f}%")
    every = least(",".join([BASE, *FAMILIES.values()]))
    print(f"{'all rules':16} {every:.3f} s  +{(every - base) / base * 100:.0f}%")


if __name__ == "__main__":
    main()
