//! `--format json`: the stable contract for tools (version 1).

use super::{Locator, Position, RenderInput, display_path};
use crate::diagnostic::{Applicability, Severity};
use serde_json::{Value, json};

fn pos(p: Position) -> Value {
    json!({"line": p.line, "column": p.column, "offset": p.offset})
}

pub fn render(input: &RenderInput) -> String {
    let count = |s: Severity| input.diagnostics.iter().filter(|d| d.severity == s).count();
    let mut diagnostics = Vec::new();
    for (path, loc, ds) in input.by_file() {
        let shown = display_path(path);
        for d in ds {
            diagnostics.push(json!({
                "path": shown,
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "start": pos(loc.position(d.range.start)),
                "end": pos(loc.position(d.range.end)),
                "fix": d.fix.as_ref().map(|f| fix_json(&loc, f)),
            }));
        }
    }
    let v = json!({
        "version": 1,
        "summary": {
            "files": input.files,
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
            "fixed": input.fixed,
        },
        "diagnostics": diagnostics,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn fix_json(loc: &Locator, f: &crate::diagnostic::Fix) -> Value {
    let applicability = match f.applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    };
    json!({
        "applicability": applicability,
        "message": f.message,
        "edits": f.edits.iter().map(|e| json!({
            "start": pos(loc.position(e.range.start)),
            "end": pos(loc.position(e.range.end)),
            "replacement": e.replacement,
        })).collect::<Vec<_>>(),
    })
}
