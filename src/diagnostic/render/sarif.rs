//! `--format sarif`: SARIF 2.1.0 for code scanning, with rule metadata from
//! the rule docs and fixes as artifact changes.

use super::{Locator, RenderInput, display_path};
use crate::checks;
use crate::diagnostic::Severity;
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(loc: &Locator, range: &std::ops::Range<usize>) -> Value {
    let (s, e) = (loc.position(range.start), loc.position(range.end));
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
    })
}

pub fn render(input: &RenderInput) -> String {
    let rules: Vec<Value> = checks::all()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.name,
                "name": m.name,
                "shortDescription": {"text": checks::doc_summary(m.doc)},
                "fullDescription": {"text": checks::doc_section(m.doc, "What it does").unwrap_or_default()},
                "help": {"text": m.doc, "markdown": m.doc},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"category": m.category.as_str(), "fixable": m.fixable()},
            })
        })
        .collect();
    let index_of = |name: &str| checks::all().iter().position(|r| r.meta().name == name);
    let mut results = Vec::new();
    for (path, loc, ds) in input.by_file() {
        let uri = display_path(path);
        for d in ds {
            let mut r = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": match &d.help {
                    Some(h) => format!("{}\nhelp: {h}", d.message),
                    None => d.message.clone(),
                }},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region(&loc, &d.range),
                    }
                }],
            });
            if let Some(i) = index_of(d.rule) {
                r["ruleIndex"] = json!(i);
            }
            // Offsets are in the decoded text, so only line/column regions are
            // given; a whole-file re-encoding has no region to replace.
            if let Some(f) = d.fix.as_ref().filter(|f| !f.edits.is_empty()) {
                r["fixes"] = json!([{
                    "description": {"text": format!("{} ({})", f.message, match f.applicability {
                        crate::diagnostic::Applicability::Safe => "safe",
                        crate::diagnostic::Applicability::Unsafe => "unsafe",
                        crate::diagnostic::Applicability::DisplayOnly => "display only",
                    })},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": f.edits.iter().map(|e| json!({
                            "deletedRegion": region(&loc, &e.range),
                            "insertedContent": {"text": e.replacement},
                        })).collect::<Vec<_>>(),
                    }],
                }]);
            }
            results.push(r);
        }
    }
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "loclint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
