//! `--format json`: the stable contract for tools (version 1).

use super::{Locator, Position, RenderInput, display_path, file_slices, write_array, write_nested};
use crate::diagnostic::{Applicability, Severity};
use serde_json::{Value, json};
use std::io::{self, Write};

fn pos(p: Position) -> Value {
    json!({"line": p.line, "column": p.column, "offset": p.offset})
}

pub fn render(input: &RenderInput) -> String {
    super::to_string(|out| render_to(input, out))
}

/// Writes the report one finding at a time: memory holds one finding's
/// value, never the whole document (a lossy-mojibake site has hundreds of
/// thousands of findings).
///
/// # Errors
/// When `out` cannot be written.
pub fn render_to(input: &RenderInput, out: &mut dyn Write) -> io::Result<()> {
    let count = |s: Severity| input.diagnostics.iter().filter(|d| d.severity == s).count();
    let summary = json!({
        "files": input.files,
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "infos": count(Severity::Info),
        "fixed": input.fixed,
    });
    out.write_all(b"{\n  \"version\": 1,\n  \"summary\": ")?;
    write_nested(out, &summary, 1)?;
    out.write_all(b",\n  \"diagnostics\": ")?;
    let items = file_slices(input.diagnostics).into_iter().flat_map(|ds| {
        let path = ds[0].path.as_path();
        let loc = Locator::new(input.text_of(path));
        let shown = display_path(path);
        ds.iter().map(move |d| {
            json!({
                "path": shown,
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "start": pos(loc.position(d.range.start)),
                "end": pos(loc.position(d.range.end)),
                "fix": d.fix.as_ref().map(|f| fix_json(&loc, f)),
            })
        })
    });
    write_array(out, items, 1)?;
    out.write_all(b"\n}\n")
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
