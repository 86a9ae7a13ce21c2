//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request.

use super::{RenderInput, display_path};
use crate::diagnostic::Severity;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(input: &RenderInput) -> String {
    let mut out = String::new();
    for (path, loc, ds) in input.by_file() {
        let file = escape_property(&display_path(path));
        for d in ds {
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (s, e) = (loc.position(d.range.start), loc.position(d.range.end));
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            out.push_str(&format!(
                "::{kind} file={file},line={},col={},endLine={},endColumn={},title={}::{}\n",
                s.line,
                s.column,
                e.line,
                e.column,
                escape_property(d.rule),
                escape_data(&message)
            ));
        }
    }
    out
}
