//! `--output-format concise`: one line per finding,
//! `path:line:col: rule message [*]`, the `[*]` when `--fix` can fix it.

use super::{RenderInput, shown_path};
use crate::diagnostic::Applicability;

pub fn render(input: &RenderInput) -> String {
    let mut out = String::new();
    for (path, loc, ds) in input.by_file() {
        let name = shown_path(path);
        for d in ds {
            let p = loc.position(d.range.start);
            let fixable = d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe);
            out.push_str(&format!(
                "{name}:{}:{}: {} {}{}\n",
                p.line,
                p.column,
                d.rule,
                d.message.replace('\n', " "),
                if fixable { " [*]" } else { "" }
            ));
        }
    }
    out
}
