"""Validate a SARIF log (stdin) against the vendored SARIF 2.1.0 schema,
with format checking, then check what code scanning needs beyond it.

Exit 0: valid; 1: invalid (reasons on stderr); 77: the validator is missing.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("python jsonschema is not installed", file=sys.stderr)
    sys.exit(77)

checker = jsonschema.FormatChecker()
missing = [f for f in ("uri", "uri-reference") if f not in checker.checkers]
if missing:
    print("no format checker for " + ", ".join(missing) + " (pip install rfc3986-validator)", file=sys.stderr)
    sys.exit(77)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    schema = json.load(f)
log = json.load(sys.stdin)

errors = [
    f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
    for e in jsonschema.Draft4Validator(schema, format_checker=checker).iter_errors(log)
]
for run in log["runs"]:
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    for r in rules:
        if len(r["fullDescription"]["text"]) > 1024:
            errors.append(f"rule {r['id']}: fullDescription over 1024 characters")
    bases = run.get("originalUriBaseIds", {})
    for res in run["results"]:
        if res["ruleId"] not in ids:
            errors.append(f"ruleId {res['ruleId']} not in driver.rules")
        elif ids.index(res["ruleId"]) != res.get("ruleIndex"):
            errors.append(f"ruleIndex of {res['ruleId']} is wrong")
        if not res.get("partialFingerprints"):
            errors.append(f"result without partialFingerprints: {res['ruleId']}")
        for loc in res["locations"]:
            art = loc["physicalLocation"]["artifactLocation"]
            base = art.get("uriBaseId")
            if base is not None and base not in bases:
                errors.append(f"uriBaseId {base} not in originalUriBaseIds")
            if base is None and not art["uri"].startswith("file:"):
                errors.append(f"relative uri without uriBaseId: {art['uri']}")
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
